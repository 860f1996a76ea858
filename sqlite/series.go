package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// TermDays reads the daily aggregates for f, ordered by day, term, source.
func (db *DB) TermDays(ctx context.Context, f Filter) ([]TermDay, error) {
	where, args := where(f, true)
	return db.termDays(ctx, `SELECT term, source, day, mentions, nested, articles FROM `+termTable(f)+where+` ORDER BY day, term, source`, args)
}

// termDays runs a query whose columns are those of TermDay. A year of ten
// terms is 70,000 rows naming a few hundred distinct strings: scanning raw
// bytes and interning them saves an allocation per column per row.
func (db *DB) termDays(ctx context.Context, query string, args []any) ([]TermDay, error) {
	rows, err := db.db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("query term days: %w", err)
	}
	defer rows.Close()
	intern := map[string]string{}
	str := func(b sql.RawBytes) string {
		if s, ok := intern[string(b)]; ok {
			return s
		}
		s := string(b)
		intern[s] = s
		return s
	}
	var out []TermDay
	var term, source, day sql.RawBytes
	for rows.Next() {
		var d TermDay
		if err := rows.Scan(&term, &source, &day, &d.Mentions, &d.Nested, &d.Articles); err != nil {
			return nil, err
		}
		d.Term, d.Source, d.Day = str(term), str(source), str(day)
		out = append(out, d)
	}
	return out, rows.Err()
}

// SourceDays reads the per-source daily totals for f (its Terms are ignored).
func (db *DB) SourceDays(ctx context.Context, f Filter) ([]SourceDay, error) {
	where, args := where(f, false)
	return db.sourceDays(ctx, `SELECT source, day, articles, chars FROM `+sourceTable(f)+where+` ORDER BY day, source`, args)
}

// sourceDays runs a query whose columns are those of SourceDay.
func (db *DB) sourceDays(ctx context.Context, query string, args []any) ([]SourceDay, error) {
	rows, err := db.db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("query source days: %w", err)
	}
	defer rows.Close()
	var out []SourceDay
	for rows.Next() {
		var d SourceDay
		if err := rows.Scan(&d.Source, &d.Day, &d.Articles, &d.Chars); err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, rows.Err()
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
