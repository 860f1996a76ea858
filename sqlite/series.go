package sqlite

import (
	"context"
	"database/sql/driver"
	"fmt"
	"time"
)

// TermDays reads the daily aggregates for f, ordered by day, term, source.
func (db *DB) TermDays(ctx context.Context, f Filter) ([]TermDay, error) {
	where, args := where(f, true)
	return db.termDays(ctx, `SELECT term, source, day, mentions, nested, articles FROM `+termTable(f)+where+` ORDER BY day, term, source`, args)
}

// termDays runs a query whose columns are those of TermDay.
func (db *DB) termDays(ctx context.Context, query string, args []any) ([]TermDay, error) {
	var out []TermDay
	str := interner{}
	err := db.eachRow(ctx, query, args, 6, func(v []driver.Value) error {
		d := TermDay{Term: str.of(v[0]), Source: str.of(v[1]), Day: str.of(v[2])}
		var err error
		if d.Mentions, err = intOf(v[3]); err != nil {
			return err
		}
		if d.Nested, err = intOf(v[4]); err != nil {
			return err
		}
		if d.Articles, err = intOf(v[5]); err != nil {
			return err
		}
		out = appendDoubling(out, d)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("query term days: %w", err)
	}
	return out, nil
}

// SourceDays reads the per-source daily totals for f (its Terms are ignored).
func (db *DB) SourceDays(ctx context.Context, f Filter) ([]SourceDay, error) {
	where, args := where(f, false)
	return db.packedSourceDays(ctx, `SELECT source, group_concat(day||' '||articles||' '||chars, ',') FROM `+sourceTable(f)+where+` GROUP BY source`, args)
}

// sourceDays runs a query whose columns are those of SourceDay.
func (db *DB) sourceDays(ctx context.Context, query string, args []any) ([]SourceDay, error) {
	var out []SourceDay
	str := interner{}
	err := db.eachRow(ctx, query, args, 4, func(v []driver.Value) error {
		d := SourceDay{Source: str.of(v[0]), Day: str.of(v[1])}
		var err error
		if d.Articles, err = intOf(v[2]); err != nil {
			return err
		}
		if d.Chars, err = intOf(v[3]); err != nil {
			return err
		}
		out = appendDoubling(out, d)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("query source days: %w", err)
	}
	return out, nil
}

// RecordRun keeps a crawl's per-source summary.
func (db *DB) RecordRun(ctx context.Context, r Run) error {
	if r.Kind == "" {
		r.Kind = "crawl"
	}
	_, err := db.db.ExecContext(ctx, `INSERT INTO runs (source, kind, started, finished, failed, summary) VALUES (?, ?, ?, ?, ?, ?)`,
		r.Source, r.Kind, r.Started.UTC().Format(time.RFC3339), r.Finished.UTC().Format(time.RFC3339), r.Failed, string(r.Summary))
	if err != nil {
		return fmt.Errorf("record run of %s: %w", r.Source, err)
	}
	return nil
}

// Runs returns the last n crawl runs of source, newest first.
func (db *DB) Runs(ctx context.Context, source string, n int) ([]Run, error) {
	rows, err := db.db.QueryContext(ctx, `SELECT id, source, kind, started, finished, failed, summary FROM runs
		WHERE source = ? AND kind = 'crawl' ORDER BY id DESC LIMIT ?`, source, n)
	if err != nil {
		return nil, fmt.Errorf("runs of %s: %w", source, err)
	}
	defer rows.Close()
	var out []Run
	for rows.Next() {
		var r Run
		var started, finished, summary string
		if err := rows.Scan(&r.ID, &r.Source, &r.Kind, &started, &finished, &r.Failed, &summary); err != nil {
			return nil, err
		}
		var err error
		if r.Started, err = storedTime("started", started); err != nil {
			return nil, fmt.Errorf("run %d: %w", r.ID, err)
		}
		if r.Finished, err = storedTime("finished", finished); err != nil {
			return nil, fmt.Errorf("run %d: %w", r.ID, err)
		}
		r.Summary = []byte(summary)
		out = append(out, r)
	}
	return out, rows.Err()
}
