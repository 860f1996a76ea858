package sqlite

import (
	"context"
	"fmt"
	"strings"

	"github.com/tifa-project/tifa"
)

// MostMentioned lists up to limit terms by their mentions under f, most
// first (ties by id), summed in SQLite: the dashboard's first view needs
// only the names, and reading every term's days to rank them took most of
// a second on a million articles.
func (db *DB) MostMentioned(ctx context.Context, f Filter, limit int) ([]string, error) {
	from, args := db.mentionsOver(f)
	rows, err := db.db.QueryContext(ctx, `SELECT term FROM `+from+
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

// mentionsOver is a FROM term of (term, mentions) rows whose sums per term
// are those of the daily counts under f, and its arguments: the whole
// months of f's range from monthly_terms (a fourteenth of the rows) and
// the days at its ends from daily_terms; the days alone where there is no
// whole month, no monthly_terms (an older database read as it is) or the
// front page, which has no monthly table.
func (db *DB) mentionsOver(f Filter) (string, []any) {
	m, ok := tifa.WholeMonths(f.From, f.To)
	if !ok || !db.monthly || f.FrontPage {
		where, args := where(f, true)
		return termTable(f) + where, args
	}
	var c clause
	c.in("term", f.Terms)
	c.in("source", f.Sources)
	if m.First != "" {
		c.and("month >= ?", m.First)
	}
	if m.Last != "" {
		c.and("month <= ?", m.Last)
	}
	w, args := c.sql()
	parts := []string{`SELECT term, mentions FROM monthly_terms` + w}
	for _, e := range m.Edges {
		w, a := where(Filter{Terms: f.Terms, Sources: f.Sources, From: e[0], To: e[1]}, true)
		parts = append(parts, `SELECT term, mentions FROM daily_terms`+w)
		args = append(args, a...)
	}
	return "(" + strings.Join(parts, " UNION ALL ") + ")", args
}
