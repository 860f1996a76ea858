package store

import (
	"context"
	"fmt"
)

// TermDaysMerged is TermDays summed over the sources of f, Source empty: a
// twentieth of the rows for reports that show terms, not outlets (a wide
// CSV of a hundred terms over a year), summed in SQLite rather than in Go.
func (db *DB) TermDaysMerged(ctx context.Context, f Filter) ([]TermDay, error) {
	where, args := f.where(true)
	rows, err := db.db.QueryContext(ctx, `SELECT term, day, SUM(mentions), SUM(nested), SUM(articles) FROM daily_terms`+where+` GROUP BY term, day ORDER BY day, term`, args...)
	if err != nil {
		return nil, fmt.Errorf("query term days: %w", err)
	}
	defer rows.Close()
	var out []TermDay
	for rows.Next() {
		var d TermDay
		if err := rows.Scan(&d.Term, &d.Day, &d.Mentions, &d.Nested, &d.Articles); err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

// SourceDaysMerged is SourceDays summed over the sources of f, Source empty.
func (db *DB) SourceDaysMerged(ctx context.Context, f Filter) ([]SourceDay, error) {
	where, args := f.where(false)
	rows, err := db.db.QueryContext(ctx, `SELECT day, SUM(articles), SUM(chars) FROM daily_sources`+where+` GROUP BY day ORDER BY day`, args...)
	if err != nil {
		return nil, fmt.Errorf("query source days: %w", err)
	}
	defer rows.Close()
	var out []SourceDay
	for rows.Next() {
		var d SourceDay
		if err := rows.Scan(&d.Day, &d.Articles, &d.Chars); err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, rows.Err()
}
