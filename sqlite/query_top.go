package sqlite

import (
	"context"
	"fmt"
)

// MostMentioned lists up to limit terms by their mentions under f, most
// first (ties by id), summed in SQLite: the dashboard's first view needs
// only the names, and reading every term's days to rank them took most of
// a second on a million articles.
func (db *DB) MostMentioned(ctx context.Context, f Filter, limit int) ([]string, error) {
	where, args := where(f, true)
	rows, err := db.db.QueryContext(ctx, `SELECT term FROM `+termTable(f)+where+
		` GROUP BY term HAVING SUM(mentions) > 0 ORDER BY SUM(mentions) DESC, term LIMIT ?`, append(args, limit)...)
	if err != nil {
		return nil, fmt.Errorf("most mentioned terms: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var t string
		if err := rows.Scan(&t); err != nil {
			return nil, fmt.Errorf("most mentioned terms: %w", err)
		}
		out = append(out, t)
	}
	return out, rows.Err()
}
