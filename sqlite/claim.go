package sqlite

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/tifa-project/tifa"
)

// storeNow is the store's clock in Unix milliseconds, read once per
// statement (SQLite gives every 'now' of one statement the same value):
// leases and host turns compare times of one clock, not of each worker's.
const storeNow = `CAST(ROUND((julianday('now') - 2440587.5) * 86400000) AS INTEGER)`

// claimable selects the rowids a claim takes: up to ?7 of source ?4's due,
// unleased URLs (?3 and ?5 the store's clock as milliseconds and as text,
// NULL for its own), not claimed already in the run begun at ?6, in the
// order they were found. Its plan must read them in that order and stop,
// never sort the source's frontier (0015, TestClaimReadsInOrder).
const claimable = `SELECT rowid FROM frontier
			WHERE source = ?4 AND gone = 0 AND (next_try = '' OR next_try <= coalesce(?5, strftime('%Y-%m-%dT%H:%M:%SZ', 'now')))
			AND lease_until <= coalesce(?3, ` + storeNow + `)
			AND (claimed < ?6 OR lease_until > 0)
			ORDER BY rowid LIMIT ?7`

// Claim leases up to c.N due URLs of c.Source, in the order found, to
// c.Worker until c.Now+c.Lease (the store's clock when c.Now is zero). A
// URL leased to another worker is not handed out until that lease runs
// out; an expired lease is taken over here, at claim time, even one
// claimed since c.Since: its worker died before ending its turn. The claim
// is one statement, so two claims never get the same URL.
func (db *DB) Claim(ctx context.Context, c tifa.Claim) ([]Pending, error) {
	if c.Worker == "" || c.N <= 0 || c.Lease <= 0 {
		return nil, fmt.Errorf("claim frontier of %s: a worker, a count and a lease are required (got %q, %d, %v)", c.Source, c.Worker, c.N, c.Lease)
	}
	since := int64(math.MaxInt64)
	if !c.Since.IsZero() {
		since = c.Since.UnixMilli()
	}
	var now, nowText any // NULL: the store's clock
	if !c.Now.IsZero() {
		now, nowText = c.Now.UnixMilli(), c.Now.UTC().Format(time.RFC3339)
	}
	rows, err := db.db.QueryContext(ctx, `UPDATE frontier SET worker = ?1, lease_until = coalesce(?3, `+storeNow+`) + ?2, claimed = coalesce(?3, `+storeNow+`)
		WHERE rowid IN (`+claimable+`)
		RETURNING rowid, url, fetch_url, source, attempts, feed_date`,
		c.Worker, c.Lease.Milliseconds(), now, c.Source, nowText, since, c.N)
	if err != nil {
		return nil, kinded(fmt.Errorf("claim frontier of %s: %w", c.Source, err))
	}
	defer rows.Close()
	var out []Pending
	for rows.Next() {
		var p Pending
		var fd string
		if err := rows.Scan(&p.Seq, &p.URL, &p.FetchURL, &p.Source, &p.Attempts, &fd); err != nil {
			return nil, kinded(fmt.Errorf("claim frontier of %s: %w", c.Source, err))
		}
		p.FeedDate, _ = time.Parse(time.RFC3339, fd)
		out = append(out, p)
	}
	if err := rows.Err(); err != nil {
		return nil, kinded(fmt.Errorf("claim frontier of %s: %w", c.Source, err))
	}
	slices.SortFunc(out, func(a, b Pending) int { return cmp.Compare(a.Seq, b.Seq) })
	return out, nil
}

// Clock reads the store's clock, the one Claim keeps leases and claim
// times on: a crawl sharing the frontier starts its run by it (Claim.Since),
// so a turn per run holds whatever the workers' own clocks say.
func (db *DB) Clock(ctx context.Context) (time.Time, error) {
	var ms int64
	if err := db.db.QueryRowContext(ctx, `SELECT `+storeNow).Scan(&ms); err != nil {
		return time.Time{}, kinded(fmt.Errorf("read the store's clock: %w", err))
	}
	return time.UnixMilli(ms), nil
}

// Leased counts the URLs of source leased to workers other than worker
// whose leases were not ended, live or run out: work that is someone
// else's now, or a dead worker's to take over once its lease runs out.
func (db *DB) Leased(ctx context.Context, source, worker string) (int, error) {
	var n int
	if err := db.db.QueryRowContext(ctx, `SELECT count(*) FROM frontier WHERE source = ? AND lease_until > 0 AND worker <> ? AND gone = 0`,
		source, worker).Scan(&n); err != nil {
		return 0, kinded(fmt.Errorf("leases of %s: %w", source, err))
	}
	return n, nil
}

// Release gives back a URL untried (the run was interrupted, its host is
// paused): its attempts do not move. Only the lease's holder releases it.
func (db *DB) Release(ctx context.Context, worker, url string) error {
	if _, err := db.db.ExecContext(ctx, `UPDATE frontier SET worker = '', lease_until = 0 WHERE url = ? AND worker = ?`, url, worker); err != nil {
		return kinded(fmt.Errorf("frontier release %s: %w", url, err))
	}
	return nil
}

// Renew extends every lease worker holds to now+lease (the store's clock
// when now is zero), for a worker that is alive but slow; it returns how
// many it holds.
func (db *DB) Renew(ctx context.Context, worker string, now time.Time, lease time.Duration) (int, error) {
	var at any // NULL: the store's clock
	if !now.IsZero() {
		at = now.UnixMilli()
	}
	res, err := db.db.ExecContext(ctx, `UPDATE frontier SET lease_until = coalesce(?1, `+storeNow+`) + ?2 WHERE worker = ?3 AND lease_until > 0`,
		at, lease.Milliseconds(), worker)
	if err != nil {
		return 0, kinded(fmt.Errorf("renew leases of %s: %w", worker, err))
	}
	n, _ := res.RowsAffected()
	return int(n), nil
}

// ReapLeases returns to the queue every lease of source (of all sources
// when empty) that ended by now, and says how many. A claim takes expired
// leases over by itself; this is for a crawl that owns the frontier alone
// (it holds the crawl lock, so every lease left is a dead run's) and for
// reports that should not count dead leases as work in progress.
func (db *DB) ReapLeases(ctx context.Context, source string, now time.Time) (int, error) {
	res, err := db.db.ExecContext(ctx, `UPDATE frontier SET worker = '', lease_until = 0
		WHERE lease_until > 0 AND lease_until <= ?1 AND (?2 = '' OR source = ?2)`, now.UnixMilli(), source)
	if err != nil {
		return 0, kinded(fmt.Errorf("reap leases: %w", err))
	}
	n, _ := res.RowsAffected()
	return int(n), nil
}

// TakeHost takes one of host's slots for holder, for at most hold: it
// returns 0 when taken, else how long the host stays closed at least (until
// a slot's next allowed time, or the host's), or, while all its slots are
// held, at most (until the first hold lapses). A host has slots (at least 1)
// requests in flight at most, from all workers together; a slot is taken
// only when the host's next allowed time has come, and the slot's, and
// nobody holds it or its hold lapsed (its holder died). The test and the
// take are one statement, on the store's clock.
func (db *DB) TakeHost(ctx context.Context, host, holder string, slots int, hold time.Duration) (time.Duration, error) {
	if host == "" || holder == "" {
		return 0, fmt.Errorf("take host %q for %q: a host and a holder are required", host, holder)
	}
	host, slots = strings.ToLower(host), max(slots, 1)
	for range 2 {
		var taken int
		err := db.db.QueryRowContext(ctx, `UPDATE host_slots SET held_by = ?2, held_until = n + ?3
			FROM (SELECT `+storeNow+` AS n) WHERE (host, slot) = (
				SELECT s.host, s.slot FROM host_slots s, (SELECT `+storeNow+` AS n) t
				WHERE s.host = ?1 AND s.slot < ?4 AND s.next_allowed <= t.n AND (s.held_by = '' OR s.held_until <= t.n)
				AND NOT EXISTS (SELECT 1 FROM hosts h WHERE h.host = ?1 AND h.next_allowed > t.n)
				ORDER BY s.next_allowed, s.slot LIMIT 1)
			RETURNING 1`, host, holder, hold.Milliseconds(), slots).Scan(&taken)
		if err == nil {
			return 0, nil
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return 0, kinded(fmt.Errorf("take host %s: %w", host, err))
		}
		var have int
		var wait sql.NullInt64
		err = db.db.QueryRowContext(ctx, `SELECT count(*), max(
				min(CASE WHEN held_by <> '' AND held_until > n THEN held_until ELSE next_allowed END),
				coalesce((SELECT next_allowed FROM hosts WHERE host = ?1), 0)) - n
			FROM host_slots, (SELECT `+storeNow+` AS n) WHERE host = ?1 AND slot < ?2`, host, slots).Scan(&have, &wait)
		if err != nil {
			return 0, kinded(fmt.Errorf("take host %s: %w", host, err))
		}
		if have == slots {
			return time.Duration(max(wait.Int64, 1)) * time.Millisecond, nil
		}
		// The host's first request, or its source's parallel was raised:
		// its slots are made, and taken as any other.
		if _, err := db.db.ExecContext(ctx, `INSERT OR IGNORE INTO host_slots (host, slot)
			WITH RECURSIVE s(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM s WHERE i + 1 < ?2) SELECT ?1, i FROM s`, host, slots); err != nil {
			return 0, kinded(fmt.Errorf("take host %s: %w", host, err))
		}
	}
	return 0, fmt.Errorf("take host %s: its %d slots could not be made", host, slots)
}

// EndHost ends holder's request at host when its answer has come: its slot
// opens again at now, on the store's clock, plus delay. A slot taken over
// after its hold lapsed is the new holder's, and left alone.
func (db *DB) EndHost(ctx context.Context, host, holder string, delay time.Duration) error {
	_, err := db.db.ExecContext(ctx, `UPDATE host_slots SET held_by = '', held_until = 0, next_allowed = max(next_allowed, `+storeNow+` + ?3)
		WHERE host = ?1 AND held_by = ?2`, strings.ToLower(host), holder, delay.Milliseconds())
	if err != nil {
		return kinded(fmt.Errorf("end turn at %s: %w", host, err))
	}
	return nil
}

// HoldHost keeps every worker off host until until (a Retry-After, a
// host paused): the next allowed time only moves later.
func (db *DB) HoldHost(ctx context.Context, host string, until time.Time) error {
	_, err := db.db.ExecContext(ctx, `INSERT INTO hosts (host, next_allowed) VALUES (?1, ?2)
		ON CONFLICT (host) DO UPDATE SET next_allowed = max(next_allowed, ?2)`, strings.ToLower(host), until.UnixMilli())
	if err != nil {
		return kinded(fmt.Errorf("hold host %s: %w", host, err))
	}
	return nil
}
