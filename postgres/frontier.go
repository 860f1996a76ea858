package postgres

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/tifa-project/tifa"
)

// hostOf is the host politeness is kept for: the host fetchURL names, in
// lower case, port included (two servers on one machine are two hosts).
func hostOf(fetchURL string) string {
	u, err := url.Parse(fetchURL)
	if err != nil {
		return ""
	}
	return strings.ToLower(u.Host)
}

// Enqueue adds an article URL to the frontier unless it is there already or
// its article is stored. It reports whether the URL is new to tifa. feedDate
// is the date a feed or sitemap gave the URL, or zero.
func (db *DB) Enqueue(ctx context.Context, source, url, fetchURL string, now, feedDate time.Time) (bool, error) {
	var fd *time.Time
	if !feedDate.IsZero() {
		t := feedDate.Truncate(time.Second)
		fd = &t
	}
	host := hostOf(fetchURL)
	var b pgx.Batch
	b.Queue(`INSERT INTO hosts (host) VALUES ($1) ON CONFLICT (host) DO NOTHING`, host)
	b.Queue(`INSERT INTO frontier (url, fetch_url, source, host, found, feed_date)
		SELECT $1, $2, $3, $4, $5, $6 WHERE NOT EXISTS (SELECT 1 FROM articles WHERE key = $1)
		ON CONFLICT (url) DO NOTHING`, url, fetchURL, source, host, now.Truncate(time.Second), fd)
	if fd != nil {
		// A URL already waiting takes the date a feed gives it, if it had none.
		b.Queue(`UPDATE frontier SET feed_date = $2 WHERE url = $1 AND feed_date IS NULL`, url, fd)
	}
	res := db.db.SendBatch(ctx, &b)
	defer res.Close()
	if _, err := res.Exec(); err != nil {
		return false, fmt.Errorf("enqueue %s: %w", url, err)
	}
	tag, err := res.Exec()
	if err != nil {
		return false, fmt.Errorf("enqueue %s: %w", url, err)
	}
	if fd != nil {
		if _, err := res.Exec(); err != nil {
			return false, fmt.Errorf("date %s in the frontier: %w", url, err)
		}
	}
	return tag.RowsAffected() > 0, res.Close()
}

// pendingCols are a frontier row's columns as Pending.
const pendingCols = `f.seq, f.url, f.fetch_url, f.source, f.attempts, f.feed_date`

func scanPending(rows pgx.Rows) ([]Pending, error) {
	defer rows.Close()
	var out []Pending
	for rows.Next() {
		var p Pending
		var fd *time.Time
		if err := rows.Scan(&p.Seq, &p.URL, &p.FetchURL, &p.Source, &p.Attempts, &fd); err != nil {
			return nil, err
		}
		if fd != nil {
			p.FeedDate = fd.UTC()
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// Due returns up to limit URLs of source whose next try has come and that
// no worker holds, in the order they were found, after position after (0
// for the start). It claims nothing: Claim does.
func (db *DB) Due(ctx context.Context, source string, now time.Time, after int64, limit int) ([]Pending, error) {
	rows, err := db.db.Query(ctx, `SELECT `+pendingCols+` FROM frontier f
		WHERE f.source = $1 AND NOT f.gone AND f.next_try <= $2 AND (f.lease_until IS NULL OR f.lease_until < $2)
		AND f.seq > $3 ORDER BY f.seq LIMIT $4`, source, now, after, limit)
	if err != nil {
		return nil, fmt.Errorf("read frontier of %s: %w", source, err)
	}
	out, err := scanPending(rows)
	if err != nil {
		return nil, fmt.Errorf("read frontier of %s: %w", source, err)
	}
	return out, nil
}

// claim leases, in one statement, up to $4 due URLs of source $1 in the
// order found to worker $5 until $2 + $6 ($2 NULL: the server's clock). A
// lease run out is taken over even when claimed since $3: its worker died
// before ending its turn. FOR UPDATE SKIP LOCKED lets any
// number of workers claim at once: a row another claim is taking is skipped,
// and one it took since this statement's snapshot is checked again on its
// new version, whose lease then keeps it out.
const claim = `
WITH t AS (SELECT coalesce($2::timestamptz, now()) AS now),
c AS (
	SELECT f.url FROM frontier f, t
	WHERE f.source = $1 AND NOT f.gone AND f.next_try <= t.now AND (f.lease_until IS NULL OR f.lease_until <= t.now)
	AND ($3::timestamptz IS NULL OR f.claimed < $3 OR f.lease_until IS NOT NULL)
	ORDER BY f.seq LIMIT $4
	FOR UPDATE OF f SKIP LOCKED
)
UPDATE frontier f SET leased_to = $5, lease_until = t.now + $6::interval, claimed = t.now
FROM c, t WHERE f.url = c.url
RETURNING ` + pendingCols

// claimHosts is claim with the politeness in it, the shape of Media
// Cloud's and of issue 13's frontier: up to $4 hosts whose next allowed
// time has come and that have a due URL of source $1 are locked (hosts
// another claim holds are skipped); of each, its oldest due URL (LATERAL …
// LIMIT 1, skipping locked ones); each host's next allowed time moves on
// by its delay; the URLs are leased as claim leases them.
const claimHosts = `
WITH h AS (
	SELECT hs.host FROM hosts hs
	WHERE hs.next_allowed <= coalesce($2::timestamptz, now()) AND NOT EXISTS (
		SELECT 1 FROM host_slots t WHERE t.host = hs.host AND t.held_by <> '' AND t.held_until > coalesce($2::timestamptz, now())) AND EXISTS (
		SELECT 1 FROM frontier f WHERE f.host = hs.host AND f.source = $1 AND NOT f.gone
		AND f.next_try <= coalesce($2::timestamptz, now()) AND (f.lease_until IS NULL OR f.lease_until <= coalesce($2::timestamptz, now()))
		AND ($3::timestamptz IS NULL OR f.claimed < $3))
	ORDER BY hs.next_allowed, hs.host
	LIMIT $4
	FOR UPDATE SKIP LOCKED
), u AS (
	SELECT h.host, c.url FROM h CROSS JOIN LATERAL (
		SELECT f.url FROM frontier f
		WHERE f.host = h.host AND f.source = $1 AND NOT f.gone
		AND f.next_try <= coalesce($2::timestamptz, now()) AND (f.lease_until IS NULL OR f.lease_until <= coalesce($2::timestamptz, now()))
		AND ($3::timestamptz IS NULL OR f.claimed < $3)
		ORDER BY f.seq LIMIT 1
		FOR UPDATE SKIP LOCKED) c
), moved AS (
	UPDATE hosts SET next_allowed = GREATEST(hosts.next_allowed, coalesce($2::timestamptz, now())) + hosts.delay FROM u WHERE hosts.host = u.host
)
UPDATE frontier f SET leased_to = $5, lease_until = coalesce($2::timestamptz, now()) + $6::interval, claimed = coalesce($2::timestamptz, now())
FROM u WHERE f.url = u.url
RETURNING ` + pendingCols

// Claim leases up to c.N due URLs of c.Source, in the order found, to
// c.Worker until c.Now+c.Lease. A URL leased to another worker is not
// handed out until that lease runs out; an expired lease is taken over
// here. Politeness is ReserveHost's, per request.
func (db *DB) Claim(ctx context.Context, c tifa.Claim) ([]Pending, error) {
	return db.claim(ctx, claim, c)
}

// ClaimHosts is Claim one URL per host, from hosts whose next allowed time
// has come, moving each host's next allowed time on by its delay (see
// SetHostDelay): a worker that claims this way needs no ReserveHost, and
// workers together never fetch from a host faster than its delay.
func (db *DB) ClaimHosts(ctx context.Context, c tifa.Claim) ([]Pending, error) {
	return db.claim(ctx, claimHosts, c)
}

func (db *DB) claim(ctx context.Context, query string, c tifa.Claim) ([]Pending, error) {
	if c.Worker == "" || c.N <= 0 || c.Lease <= 0 {
		return nil, fmt.Errorf("claim frontier of %s: a worker, a count and a lease are required (got %q, %d, %v)", c.Source, c.Worker, c.N, c.Lease)
	}
	var since, now *time.Time // nil: none; the server's clock
	if !c.Since.IsZero() {
		since = &c.Since
	}
	if !c.Now.IsZero() {
		now = &c.Now
	}
	rows, err := db.db.Query(ctx, query, c.Source, now, since, c.N, c.Worker, c.Lease)
	if err != nil {
		return nil, kinded(fmt.Errorf("claim frontier of %s: %w", c.Source, err))
	}
	out, err := scanPending(rows)
	if err != nil {
		return nil, kinded(fmt.Errorf("claim frontier of %s: %w", c.Source, err))
	}
	slices.SortFunc(out, func(a, b Pending) int { return cmp.Compare(a.Seq, b.Seq) })
	return out, nil
}

// Renew extends every lease worker holds to now+lease (the server's clock
// when now is zero), for a worker that is alive but slow; it returns how
// many it holds. A lease another worker took over after it expired is that
// worker's now, and not renewed.
func (db *DB) Renew(ctx context.Context, worker string, now time.Time, lease time.Duration) (int, error) {
	var at *time.Time
	if !now.IsZero() {
		at = &now
	}
	tag, err := db.db.Exec(ctx, `UPDATE frontier SET lease_until = coalesce($2::timestamptz, now()) + $3::interval WHERE leased_to = $1 AND lease_until IS NOT NULL`,
		worker, at, lease)
	if err != nil {
		return 0, kinded(fmt.Errorf("renew leases of %s: %w", worker, err))
	}
	return int(tag.RowsAffected()), nil
}

// Release gives back a URL untried: its attempts do not move. Only the
// lease's holder releases it.
func (db *DB) Release(ctx context.Context, worker, url string) error {
	if _, err := db.db.Exec(ctx, `UPDATE frontier SET leased_to = '', lease_until = NULL WHERE url = $1 AND leased_to = $2`,
		url, worker); err != nil {
		return kinded(fmt.Errorf("frontier release %s: %w", url, err))
	}
	return nil
}

// ReapLeases returns to the queue every lease of source (of all sources
// when empty) that ended by now, and says how many: the URLs of workers
// that died. A claim takes expired leases over by itself; reaping makes
// the frontier's counts true.
func (db *DB) ReapLeases(ctx context.Context, source string, now time.Time) (int, error) {
	tag, err := db.db.Exec(ctx, `UPDATE frontier SET leased_to = '', lease_until = NULL
		WHERE lease_until <= $1 AND ($2 = '' OR source = $2)`, now, source)
	if err != nil {
		return 0, kinded(fmt.Errorf("reap leases: %w", err))
	}
	return int(tag.RowsAffected()), nil
}

// Leases says who holds the live leases of source at now, URL by worker.
func (db *DB) Leases(ctx context.Context, source string, now time.Time) (map[string]string, error) {
	rows, err := db.db.Query(ctx, `SELECT url, leased_to FROM frontier WHERE source = $1 AND lease_until > $2`, source, now)
	if err != nil {
		return nil, kinded(fmt.Errorf("leases of %s: %w", source, err))
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var u, w string
		if err := rows.Scan(&u, &w); err != nil {
			return nil, err
		}
		out[u] = w
	}
	return out, rows.Err()
}

// Clock reads the server's clock, the one Claim keeps leases and claim
// times on: a crawl sharing the frontier starts its run by it (Claim.Since),
// so a turn per run holds whatever the workers' own clocks say.
func (db *DB) Clock(ctx context.Context) (time.Time, error) {
	var now time.Time
	if err := db.db.QueryRow(ctx, `SELECT now()`).Scan(&now); err != nil {
		return time.Time{}, kinded(fmt.Errorf("read the server's clock: %w", err))
	}
	return now, nil
}

// Leased counts the URLs of source leased to workers other than worker
// whose leases were not ended, live or run out: work that is someone
// else's now, or a dead worker's to take over once its lease runs out.
func (db *DB) Leased(ctx context.Context, source, worker string) (int, error) {
	var n int
	if err := db.db.QueryRow(ctx, `SELECT count(*) FROM frontier WHERE source = $1 AND lease_until IS NOT NULL AND leased_to <> $2 AND NOT gone`,
		source, worker).Scan(&n); err != nil {
		return 0, kinded(fmt.Errorf("leases of %s: %w", source, err))
	}
	return n, nil
}

// TakeHost takes one of host's slots for holder, for at most hold: it
// returns 0 when taken, else how long the host stays closed at least (until
// a slot's next allowed time, or the host's), or, while all its slots are
// held, at most (until the first hold lapses). A host has slots (at least 1)
// requests in flight at most, from all workers together; a slot is taken
// only when the host's next allowed time has come, and the slot's, and
// nobody holds it or its hold lapsed (its holder died). The slot is locked
// FOR UPDATE SKIP LOCKED and tested again on its latest version, on the
// server's clock, so two takers on any machines never both get one slot.
func (db *DB) TakeHost(ctx context.Context, host, holder string, slots int, hold time.Duration) (time.Duration, error) {
	if host == "" || holder == "" {
		return 0, fmt.Errorf("take host %q for %q: a host and a holder are required", host, holder)
	}
	host, slots = strings.ToLower(host), max(slots, 1)
	for range 2 {
		var taken bool
		err := db.db.QueryRow(ctx, `UPDATE host_slots SET held_by = $2, held_until = now() + $3::interval
			WHERE (host, slot) = (
				SELECT s.host, s.slot FROM host_slots s
				WHERE s.host = $1 AND s.slot < $4 AND s.next_allowed <= now() AND (s.held_by = '' OR s.held_until <= now())
				AND NOT EXISTS (SELECT 1 FROM hosts h WHERE h.host = $1 AND h.next_allowed > now())
				ORDER BY s.next_allowed, s.slot LIMIT 1
				FOR UPDATE SKIP LOCKED)
			RETURNING true`, host, holder, hold, slots).Scan(&taken)
		if err == nil {
			return 0, nil
		}
		if !errors.Is(err, pgx.ErrNoRows) {
			return 0, kinded(fmt.Errorf("take host %s: %w", host, err))
		}
		var have int
		var ms *float64
		err = db.db.QueryRow(ctx, `SELECT count(*), extract(epoch FROM greatest(
				min(CASE WHEN held_by <> '' AND held_until > now() THEN held_until ELSE next_allowed END),
				(SELECT next_allowed FROM hosts WHERE host = $1), now()) - now()) * 1000
			FROM host_slots WHERE host = $1 AND slot < $2`, host, slots).Scan(&have, &ms)
		if err != nil {
			return 0, kinded(fmt.Errorf("take host %s: %w", host, err))
		}
		if have == slots {
			// A slot another taker has locked this instant counts as open
			// now: the caller asks again after its shortest poll.
			w := 0.0
			if ms != nil {
				w = *ms
			}
			return max(time.Duration(w*float64(time.Millisecond)), time.Millisecond), nil
		}
		// The host's first request, or its source's parallel was raised:
		// its slots are made, and taken as any other.
		if _, err := db.db.Exec(ctx, `INSERT INTO host_slots (host, slot) SELECT $1, generate_series(0, $2 - 1)
			ON CONFLICT DO NOTHING`, host, slots); err != nil {
			return 0, kinded(fmt.Errorf("take host %s: %w", host, err))
		}
	}
	return 0, fmt.Errorf("take host %s: its %d slots could not be made", host, slots)
}

// EndHost ends holder's request at host when its answer has come: its slot
// opens again at now, on the server's clock, plus delay. A slot taken over
// after its hold lapsed is the new holder's, and left alone.
func (db *DB) EndHost(ctx context.Context, host, holder string, delay time.Duration) error {
	if _, err := db.db.Exec(ctx, `UPDATE host_slots SET held_by = '', held_until = '-infinity',
		next_allowed = greatest(next_allowed, now() + $3::interval) WHERE host = $1 AND held_by = $2`,
		strings.ToLower(host), holder, delay); err != nil {
		return kinded(fmt.Errorf("end turn at %s: %w", host, err))
	}
	return nil
}

// SetHostDelay sets the least time between two claims of host's URLs by
// ClaimHosts, by any workers together.
func (db *DB) SetHostDelay(ctx context.Context, host string, delay time.Duration) error {
	if _, err := db.db.Exec(ctx, `INSERT INTO hosts (host, delay) VALUES ($1, $2::interval)
		ON CONFLICT (host) DO UPDATE SET delay = excluded.delay`, strings.ToLower(host), delay); err != nil {
		return kinded(fmt.Errorf("set delay of %s: %w", host, err))
	}
	return nil
}

// HoldHost keeps every worker off host until until (a Retry-After, a host
// paused): the next allowed time only moves later.
func (db *DB) HoldHost(ctx context.Context, host string, until time.Time) error {
	if _, err := db.db.Exec(ctx, `INSERT INTO hosts (host, next_allowed) VALUES ($1, $2)
		ON CONFLICT (host) DO UPDATE SET next_allowed = GREATEST(hosts.next_allowed, excluded.next_allowed)`,
		strings.ToLower(host), until); err != nil {
		return kinded(fmt.Errorf("hold host %s: %w", host, err))
	}
	return nil
}

// Done removes a URL from the frontier: its article is stored, or the page
// had no article to store.
func (db *DB) Done(ctx context.Context, url string) error {
	if _, err := db.db.Exec(ctx, `DELETE FROM frontier WHERE url = $1`, url); err != nil {
		return fmt.Errorf("frontier done %s: %w", url, err)
	}
	return nil
}

// Retry records a failed fetch and when to try again, and ends its lease;
// with gone, the URL is given up for good but kept, so health reports can
// count it.
func (db *DB) Retry(ctx context.Context, url string, next time.Time, cause error, gone bool) error {
	_, err := db.db.Exec(ctx, `UPDATE frontier SET attempts = attempts + 1, next_try = $2, last_error = $3, gone = $4,
		leased_to = '', lease_until = NULL WHERE url = $1`, url, next.Truncate(time.Second), cause.Error(), gone)
	if err != nil {
		return fmt.Errorf("frontier retry %s: %w", url, err)
	}
	return nil
}

// FrontierSize counts the URLs waiting for source (all sources when empty).
func (db *DB) FrontierSize(ctx context.Context, source string) (waiting, gone int, err error) {
	err = db.db.QueryRow(ctx, `SELECT COUNT(*) FILTER (WHERE NOT gone), COUNT(*) FILTER (WHERE gone) FROM frontier
		WHERE $1 = '' OR source = $1`, source).Scan(&waiting, &gone)
	if err != nil {
		return 0, 0, fmt.Errorf("frontier size: %w", err)
	}
	return waiting, gone, nil
}

// Validators returns the stored validators of url, zero when none.
func (db *DB) Validators(ctx context.Context, url string) (Validators, error) {
	var v Validators
	err := db.db.QueryRow(ctx, `SELECT etag, last_modified, body, content_type, sig FROM http_cache WHERE url = $1`, url).
		Scan(&v.ETag, &v.LastModified, &v.Body, &v.ContentType, &v.Sig)
	if err != nil && !errors.Is(err, pgx.ErrNoRows) {
		return Validators{}, fmt.Errorf("validators of %s: %w", url, err)
	}
	return v, nil
}

// SetValidators stores the validators of url; a response without any
// removes what was stored, so a stale ETag is never sent again.
func (db *DB) SetValidators(ctx context.Context, url string, v Validators) error {
	if v.ETag == "" && v.LastModified == "" {
		if _, err := db.db.Exec(ctx, `DELETE FROM http_cache WHERE url = $1`, url); err != nil {
			return fmt.Errorf("forget validators of %s: %w", url, err)
		}
		return nil
	}
	if v.Body == nil {
		v.Body = []byte{}
	}
	_, err := db.db.Exec(ctx, `INSERT INTO http_cache (url, etag, last_modified, body, content_type, sig) VALUES ($1, $2, $3, $4, $5, $6)
		ON CONFLICT (url) DO UPDATE SET etag = excluded.etag, last_modified = excluded.last_modified,
			body = excluded.body, content_type = excluded.content_type, sig = excluded.sig`,
		url, v.ETag, v.LastModified, v.Body, v.ContentType, v.Sig)
	if err != nil {
		return fmt.Errorf("store validators of %s: %w", url, err)
	}
	return nil
}

// Requeue puts a URL in the frontier whether or not its article is stored,
// to fetch it again (tifa crawl --refetch).
func (db *DB) Requeue(ctx context.Context, source, url, fetchURL string, now time.Time) error {
	host := hostOf(fetchURL)
	var b pgx.Batch
	b.Queue(`INSERT INTO hosts (host) VALUES ($1) ON CONFLICT (host) DO NOTHING`, host)
	b.Queue(`INSERT INTO frontier (url, fetch_url, source, host, found) VALUES ($1, $2, $3, $4, $5)
		ON CONFLICT (url) DO UPDATE SET gone = false, next_try = '-infinity'`, url, fetchURL, source, host, now.Truncate(time.Second))
	if err := db.db.SendBatch(ctx, &b).Close(); err != nil {
		return fmt.Errorf("requeue %s: %w", url, err)
	}
	return nil
}
