package sqlite

import (
	"context"
	"fmt"
	"time"

	"github.com/tifa-project/tifa"
)

// BackfillURL records that the archive's page for day links url.
func (db *DB) BackfillURL(ctx context.Context, source, day, url string) error {
	_, err := db.db.ExecContext(ctx, `INSERT INTO backfill_urls (source, day, url) VALUES (?, ?, ?) ON CONFLICT DO NOTHING`, source, day, url)
	if err != nil {
		return kinded(fmt.Errorf("record backfill url %s: %w", url, err))
	}
	return nil
}

// BackfillWalked records that day was walked, and why it failed if it did.
func (db *DB) BackfillWalked(ctx context.Context, source, day string, now time.Time, cause string) error {
	_, err := db.db.ExecContext(ctx, `INSERT INTO backfill_days (source, day, walked, error) VALUES (?, ?, ?, ?)
		ON CONFLICT (source, day) DO UPDATE SET walked = excluded.walked, error = excluded.error`,
		source, day, now.UTC().Format(time.RFC3339), cause)
	if err != nil {
		return kinded(fmt.Errorf("record backfill day %s: %w", day, err))
	}
	return nil
}

// BackfillStatus reports every day from from to to (inclusive, YYYY-MM-DD)
// for source: walked or not, expected and stored.
func (db *DB) BackfillStatus(ctx context.Context, source, from, to string) ([]BackfillDay, error) {
	a, err := tifa.ParseDay(from)
	if err != nil {
		return nil, fmt.Errorf("backfill status: %q is not a day", from)
	}
	b, err := tifa.ParseDay(to)
	if err != nil {
		return nil, fmt.Errorf("backfill status: %q is not a day", to)
	}
	rows, err := db.db.QueryContext(ctx, `SELECT d.day, d.error,
			(SELECT COUNT(*) FROM backfill_urls u WHERE u.source = d.source AND u.day = d.day),
			(SELECT COUNT(*) FROM backfill_urls u JOIN articles a ON a.key = u.url WHERE u.source = d.source AND u.day = d.day)
		FROM backfill_days d WHERE d.source = ? AND d.day BETWEEN ? AND ?`, source, from, to)
	if err != nil {
		return nil, kinded(fmt.Errorf("backfill status: %w", err))
	}
	defer rows.Close()
	known := map[string]BackfillDay{}
	for rows.Next() {
		d := BackfillDay{Source: source, Walked: true}
		if err := rows.Scan(&d.Day, &d.Error, &d.Expected, &d.Stored); err != nil {
			return nil, err
		}
		known[d.Day] = d
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	var out []BackfillDay
	for d := a; !d.After(b); d = d.AddDate(0, 0, 1) {
		day := d.Format("2006-01-02")
		if k, ok := known[day]; ok {
			out = append(out, k)
		} else {
			out = append(out, BackfillDay{Source: source, Day: day})
		}
	}
	return out, nil
}

// BackfillRange returns the first and last day ever walked for source.
func (db *DB) BackfillRange(ctx context.Context, source string) (from, to string, err error) {
	err = db.db.QueryRowContext(ctx, `SELECT COALESCE(MIN(day), ''), COALESCE(MAX(day), '') FROM backfill_days WHERE source = ?`, source).Scan(&from, &to)
	if err != nil {
		return "", "", kinded(fmt.Errorf("backfill range: %w", err))
	}
	return from, to, nil
}
