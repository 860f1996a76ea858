package sqlite

import (
	"context"
	"fmt"

	"github.com/tifa-project/tifa"
)

// Coverage returns, per source of f, the stored range and article count.
func (db *DB) Coverage(ctx context.Context, f Filter) ([]Coverage, error) {
	where, args := where(f, false)
	rows, err := db.db.QueryContext(ctx, `SELECT source, MIN(day), MAX(day), COUNT(*), SUM(articles) FROM `+sourceTable(f)+where+` GROUP BY source ORDER BY source`, args...)
	if err != nil {
		return nil, fmt.Errorf("query coverage: %w", err)
	}
	defer rows.Close()
	var out []Coverage
	for rows.Next() {
		var c Coverage
		if err := rows.Scan(&c.Source, &c.First, &c.Last, &c.Days, &c.Articles); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// FirstSeen is the domain's tifa.FirstSeen.
type FirstSeen = tifa.FirstSeen

// FirstSeen returns the first day each (term, source) of f has a mention,
// ordered by term, day, source.
func (db *DB) FirstSeen(ctx context.Context, f Filter) ([]FirstSeen, error) {
	where, args := where(f, true)
	rows, err := db.db.QueryContext(ctx, `SELECT term, source, MIN(day) AS first FROM `+termTable(f)+where+` GROUP BY term, source ORDER BY term, first, source`, args...)
	if err != nil {
		return nil, fmt.Errorf("query first appearances: %w", err)
	}
	defer rows.Close()
	var out []FirstSeen
	for rows.Next() {
		var s FirstSeen
		if err := rows.Scan(&s.Term, &s.Source, &s.Day); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}
