package postgres

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
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

// claim takes, in one statement, up to $2 hosts whose next allowed time has
// passed and that have a due, unleased URL of source $1 (all sources when
// empty), skipping hosts another worker is claiming; the oldest such URL of
// each host, skipping URLs locked likewise; moves each host's next allowed
// time on by its delay; and leases the URLs to worker $3 for $4. The row
// locks make it safe under any number of workers: a host or URL locked by
// one claim is skipped by the others, and one that a claim committed since
// is checked again on its new row, so its new next allowed time or lease
// excludes it. The server's clock decides, so workers' clocks need not agree.
const claim = `
WITH h AS (
	SELECT hs.host FROM hosts hs
	WHERE hs.next_allowed <= now() AND EXISTS (
		SELECT 1 FROM frontier f WHERE f.host = hs.host AND ($1 = '' OR f.source = $1) AND NOT f.gone
		AND f.next_try <= now() AND (f.lease_until IS NULL OR f.lease_until < now()))
	ORDER BY hs.next_allowed, hs.host
	LIMIT $2
	FOR UPDATE SKIP LOCKED
), u AS (
	SELECT h.host, c.url FROM h CROSS JOIN LATERAL (
		SELECT f.url FROM frontier f
		WHERE f.host = h.host AND ($1 = '' OR f.source = $1) AND NOT f.gone
		AND f.next_try <= now() AND (f.lease_until IS NULL OR f.lease_until < now())
		ORDER BY f.seq LIMIT 1
		FOR UPDATE SKIP LOCKED) c
), moved AS (
	UPDATE hosts SET next_allowed = now() + hosts.delay FROM u WHERE hosts.host = u.host
)
UPDATE frontier f SET leased_to = $3, lease_until = now() + $4::interval
FROM u WHERE f.url = u.url
RETURNING ` + pendingCols

// Claim leases to this worker up to n due URLs of source (all sources when
// empty), at most one per host, from hosts whose politeness delay has
// passed; each host's next allowed time moves on by its delay. A URL stays
// leased until Done, Retry or Release, or until lease passes without Renew:
// then any worker may claim it again.
func (db *DB) Claim(ctx context.Context, source string, n int, lease time.Duration) ([]Pending, error) {
	if n <= 0 {
		return nil, nil
	}
	rows, err := db.db.Query(ctx, claim, source, n, db.Worker, lease)
	if err != nil {
		return nil, fmt.Errorf("claim from the frontier of %s: %w", source, err)
	}
	out, err := scanPending(rows)
	if err != nil {
		return nil, fmt.Errorf("claim from the frontier of %s: %w", source, err)
	}
	return out, nil
}

// ErrLeaseLost is returned by Renew when another worker holds a URL now.
var ErrLeaseLost = errors.New("lease lost")

// Renew extends this worker's leases on urls by lease from now, for a fetch
// slower than its lease. A URL whose lease expired and was claimed by
// another worker is not renewed: ErrLeaseLost names it.
func (db *DB) Renew(ctx context.Context, urls []string, lease time.Duration) error {
	rows, err := db.db.Query(ctx, `UPDATE frontier SET lease_until = now() + $3::interval
		WHERE url = ANY($1) AND leased_to = $2 RETURNING url`, urls, db.Worker, lease)
	if err != nil {
		return fmt.Errorf("renew leases: %w", err)
	}
	got, err := stringRows(rows)
	if err != nil {
		return fmt.Errorf("renew leases: %w", err)
	}
	if len(got) == len(urls) {
		return nil
	}
	held := map[string]bool{}
	for _, u := range got {
		held[u] = true
	}
	var lost []string
	for _, u := range urls {
		if !held[u] {
			lost = append(lost, u)
		}
	}
	return fmt.Errorf("renew leases: %s: %w (another worker took it, or it is done)", list(lost, 3), ErrLeaseLost)
}

// Release returns a URL this worker holds to the queue untouched, as a
// worker stopping before it fetched it does.
func (db *DB) Release(ctx context.Context, url string) error {
	if _, err := db.db.Exec(ctx, `UPDATE frontier SET leased_to = '', lease_until = NULL WHERE url = $1 AND leased_to = $2`,
		url, db.Worker); err != nil {
		return fmt.Errorf("release %s: %w", url, err)
	}
	return nil
}

// Reap returns every expired lease to the queue and says how many there
// were: the URLs of workers that died. Claim takes expired leases anyway;
// reaping makes the frontier's counts true.
func (db *DB) Reap(ctx context.Context) (int, error) {
	tag, err := db.db.Exec(ctx, `UPDATE frontier SET leased_to = '', lease_until = NULL WHERE lease_until < now()`)
	if err != nil {
		return 0, fmt.Errorf("reap expired leases: %w", err)
	}
	return int(tag.RowsAffected()), nil
}

// SetHostDelay sets the least time between two fetches from host by any
// workers together.
func (db *DB) SetHostDelay(ctx context.Context, host string, delay time.Duration) error {
	if _, err := db.db.Exec(ctx, `INSERT INTO hosts (host, delay) VALUES ($1, $2::interval)
		ON CONFLICT (host) DO UPDATE SET delay = excluded.delay`, strings.ToLower(host), delay); err != nil {
		return fmt.Errorf("set delay of %s: %w", host, err)
	}
	return nil
}

// PauseHost keeps every worker from host until until (a Retry-After, a
// host pause), unless it is paused longer already.
func (db *DB) PauseHost(ctx context.Context, host string, until time.Time) error {
	if _, err := db.db.Exec(ctx, `INSERT INTO hosts (host, next_allowed) VALUES ($1, $2)
		ON CONFLICT (host) DO UPDATE SET next_allowed = GREATEST(hosts.next_allowed, excluded.next_allowed)`,
		strings.ToLower(host), until); err != nil {
		return fmt.Errorf("pause %s: %w", host, err)
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
