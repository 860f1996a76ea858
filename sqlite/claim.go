package sqlite

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/tifa-project/tifa"
)

// Claim leases up to c.N due URLs of c.Source, in the order found, to
// c.Worker until c.Now+c.Lease. A URL leased to another worker is not
// handed out until that lease runs out; an expired lease is taken over
// here, at claim time. The claim is one statement, so two claims never get
// the same URL.
func (db *DB) Claim(ctx context.Context, c tifa.Claim) ([]Pending, error) {
	if c.Worker == "" || c.N <= 0 || c.Lease <= 0 {
		return nil, fmt.Errorf("claim frontier of %s: a worker, a count and a lease are required (got %q, %d, %v)", c.Source, c.Worker, c.N, c.Lease)
	}
	since := int64(math.MaxInt64)
	if !c.Since.IsZero() {
		since = c.Since.UnixMilli()
	}
	now := c.Now.UnixMilli()
	rows, err := db.db.QueryContext(ctx, `UPDATE frontier SET worker = ?1, lease_until = ?2, claimed = ?3
		WHERE rowid IN (SELECT rowid FROM frontier
			WHERE source = ?4 AND gone = 0 AND (next_try = '' OR next_try <= ?5) AND lease_until <= ?3 AND claimed < ?6
			ORDER BY rowid LIMIT ?7)
		RETURNING rowid, url, fetch_url, source, attempts, feed_date`,
		c.Worker, c.Now.Add(c.Lease).UnixMilli(), now, c.Source, c.Now.UTC().Format(time.RFC3339), since, c.N)
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

// Release gives back a URL untried (the run was interrupted, its host is
// paused): its attempts do not move. Only the lease's holder releases it.
func (db *DB) Release(ctx context.Context, worker, url string) error {
	if _, err := db.db.ExecContext(ctx, `UPDATE frontier SET worker = '', lease_until = 0 WHERE url = ? AND worker = ?`, url, worker); err != nil {
		return kinded(fmt.Errorf("frontier release %s: %w", url, err))
	}
	return nil
}

// Renew extends every lease worker holds to now+lease, for a worker that
// is alive but slow; it returns how many it holds.
func (db *DB) Renew(ctx context.Context, worker string, now time.Time, lease time.Duration) (int, error) {
	res, err := db.db.ExecContext(ctx, `UPDATE frontier SET lease_until = ? WHERE worker = ? AND lease_until > 0`,
		now.Add(lease).UnixMilli(), worker)
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

// ReserveHost takes the next turn at host: it returns when the caller may
// send its request (now, or the host's next allowed time if later) and moves
// the host's next allowed time delay past it, in one statement, so callers
// in any number of processes are spaced at least delay apart.
func (db *DB) ReserveHost(ctx context.Context, host string, delay time.Duration, now time.Time) (time.Time, error) {
	if host == "" {
		return time.Time{}, errors.New("reserve host: empty host name")
	}
	var next int64
	d := delay.Milliseconds()
	if delay > 0 && d == 0 {
		d = 1 // a sub-millisecond delay still orders the turns
	}
	err := db.db.QueryRowContext(ctx, `INSERT INTO hosts (host, next_allowed) VALUES (?1, ?2 + ?3)
		ON CONFLICT (host) DO UPDATE SET next_allowed = max(next_allowed, ?2) + ?3
		RETURNING next_allowed`, strings.ToLower(host), now.UnixMilli(), d).Scan(&next)
	if err != nil {
		return time.Time{}, kinded(fmt.Errorf("reserve host %s: %w", host, err))
	}
	return time.UnixMilli(next - d), nil
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
