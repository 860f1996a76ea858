package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// Enqueue adds an article URL to the frontier unless it is there already or
// its article is stored. It reports whether the URL is new to tifa. feedDate
// is the date a feed or sitemap gave the URL, or zero.
func (db *DB) Enqueue(ctx context.Context, source, url, fetchURL string, now, feedDate time.Time) (bool, error) {
	fd := ""
	if !feedDate.IsZero() {
		fd = feedDate.Format(time.RFC3339)
	}
	// Inserting and dating are two statements: one upsert would report a URL
	// already waiting as affected, and the crawl would count it as found.
	res, err := db.db.ExecContext(ctx, `INSERT INTO frontier (url, fetch_url, source, found, feed_date)
		SELECT ?1, ?2, ?3, ?4, ?5 WHERE NOT EXISTS (SELECT 1 FROM articles WHERE key = ?1)
		ON CONFLICT (url) DO NOTHING`,
		url, fetchURL, source, now.UTC().Format(time.RFC3339), fd)
	if err != nil {
		return false, kinded(fmt.Errorf("enqueue %s: %w", url, err))
	}
	if n, _ := res.RowsAffected(); n > 0 {
		return true, nil
	}
	if fd != "" {
		if _, err := db.db.ExecContext(ctx, `UPDATE frontier SET feed_date = ? WHERE url = ? AND feed_date = ''`, fd, url); err != nil {
			return false, kinded(fmt.Errorf("date %s in the frontier: %w", url, err))
		}
	}
	return false, nil
}

// Done removes a URL from the frontier: its article is stored, or the page
// had no article to store.
func (db *DB) Done(ctx context.Context, url string) error {
	if _, err := db.db.ExecContext(ctx, `DELETE FROM frontier WHERE url = ?`, url); err != nil {
		return kinded(fmt.Errorf("frontier done %s: %w", url, err))
	}
	return nil
}

// Retry records a failed fetch and when to try again, and ends its lease;
// with gone, the URL is given up for good but kept, so health reports can
// count it.
func (db *DB) Retry(ctx context.Context, url string, next time.Time, cause error, gone bool) error {
	_, err := db.db.ExecContext(ctx, `UPDATE frontier SET attempts = attempts + 1, next_try = ?, last_error = ?, gone = ?, worker = '', lease_until = 0 WHERE url = ?`,
		next.UTC().Format(time.RFC3339), cause.Error(), gone, url)
	if err != nil {
		return kinded(fmt.Errorf("frontier retry %s: %w", url, err))
	}
	return nil
}

// FrontierSize counts the URLs waiting for source (all sources when empty).
func (db *DB) FrontierSize(ctx context.Context, source string) (waiting, gone int, err error) {
	err = db.db.QueryRowContext(ctx, `SELECT COALESCE(SUM(gone = 0), 0), COALESCE(SUM(gone = 1), 0) FROM frontier WHERE ? = '' OR source = ?`,
		source, source).Scan(&waiting, &gone)
	if err != nil {
		return 0, 0, kinded(fmt.Errorf("frontier size: %w", err))
	}
	return waiting, gone, nil
}

// Validators returns the stored validators of url, zero when none.
func (db *DB) Validators(ctx context.Context, url string) (Validators, error) {
	var v Validators
	err := db.db.QueryRowContext(ctx, `SELECT etag, last_modified, body, content_type, sig FROM http_cache WHERE url = ?`, url).
		Scan(&v.ETag, &v.LastModified, &v.Body, &v.ContentType, &v.Sig)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return v, kinded(fmt.Errorf("validators of %s: %w", url, err))
	}
	return v, nil
}

// SetValidators stores the validators of url; a response without any
// removes what was stored, so a stale ETag is never sent again.
func (db *DB) SetValidators(ctx context.Context, url string, v Validators) error {
	if v.ETag == "" && v.LastModified == "" {
		if _, err := db.db.ExecContext(ctx, `DELETE FROM http_cache WHERE url = ?`, url); err != nil {
			return kinded(fmt.Errorf("forget validators of %s: %w", url, err))
		}
		return nil
	}
	if v.Body == nil {
		v.Body = []byte{}
	}
	_, err := db.db.ExecContext(ctx, `INSERT INTO http_cache (url, etag, last_modified, body, content_type, sig) VALUES (?, ?, ?, ?, ?, ?)
		ON CONFLICT (url) DO UPDATE SET etag = excluded.etag, last_modified = excluded.last_modified,
			body = excluded.body, content_type = excluded.content_type, sig = excluded.sig`,
		url, v.ETag, v.LastModified, v.Body, v.ContentType, v.Sig)
	if err != nil {
		return kinded(fmt.Errorf("store validators of %s: %w", url, err))
	}
	return nil
}

// Requeue puts a URL in the frontier whether or not its article is stored,
// to fetch it again (tifa crawl --refetch).
func (db *DB) Requeue(ctx context.Context, source, url, fetchURL string, now time.Time) error {
	_, err := db.db.ExecContext(ctx, `INSERT INTO frontier (url, fetch_url, source, found) VALUES (?, ?, ?, ?)
		ON CONFLICT (url) DO UPDATE SET gone = 0, next_try = ''`, url, fetchURL, source, now.UTC().Format(time.RFC3339))
	if err != nil {
		return kinded(fmt.Errorf("requeue %s: %w", url, err))
	}
	return nil
}
