package postgres

import (
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/tifa-project/tifa"
)

// FrontPagePrint is the print_page value of the People's Daily front page.
const FrontPagePrint = "01"

// The daily aggregates know nothing of pages, so a front-page filter reads
// the same columns computed from the articles of page 01; every query over
// daily_terms or daily_sources names its table through termTable or
// sourceTable, as in package sqlite.
const (
	frontTerms = `(SELECT m.term AS term, a.source AS source, a.day AS day, SUM(m.count)::bigint AS mentions,
		SUM(m.nested)::bigint AS nested, COUNT(*) AS articles
		FROM mentions m JOIN articles a ON a.id = m.article_id
		WHERE a.print_page = '` + FrontPagePrint + `' GROUP BY m.term, a.source, a.day) t`
	frontSources = `(SELECT source, day, COUNT(*) AS articles, SUM(chars)::bigint AS chars
		FROM articles WHERE print_page = '` + FrontPagePrint + `' GROUP BY source, day) s`
)

func termTable(f tifa.Filter) string {
	if f.FrontPage {
		return frontTerms
	}
	return "daily_terms"
}

func sourceTable(f tifa.Filter) string {
	if f.FrontPage {
		return frontSources
	}
	return "daily_sources"
}

// conds builds a WHERE clause with numbered placeholders only: no input is
// ever spliced into SQL text.
type conds struct {
	parts []string
	args  []any
}

// arg adds v to the arguments and returns its placeholder.
func (c *conds) arg(v any) string {
	c.args = append(c.args, v)
	return "$" + strconv.Itoa(len(c.args))
}

func (c *conds) add(cond string, v any) {
	c.parts = append(c.parts, strings.Replace(cond, "?", c.arg(v), 1))
}

// in adds col = ANY(vals), nothing when vals is empty (all).
func (c *conds) in(col string, vals []string) {
	if len(vals) > 0 {
		c.parts = append(c.parts, col+" = ANY("+c.arg(vals)+")")
	}
}

func (c *conds) where() string {
	if len(c.parts) == 0 {
		return ""
	}
	return " WHERE " + strings.Join(c.parts, " AND ")
}

// days adds f's range on the day column col.
func (c *conds) days(col string, f tifa.Filter) {
	if f.From != "" {
		c.add(col+" >= ?::date", f.From)
	}
	if f.To != "" {
		c.add(col+" <= ?::date", f.To)
	}
}

// filterWhere is the clause over an aggregate table: terms (when asked),
// sources and days.
func filterWhere(f tifa.Filter, terms bool) *conds {
	c := &conds{}
	c.aggregate(f, terms)
	return c
}

func (c *conds) aggregate(f tifa.Filter, terms bool) {
	if terms {
		c.in("term", f.Terms)
	}
	c.in("source", f.Sources)
	c.days("day", f)
}

// branch is the WHERE clause of conditions build adds, for one branch of
// a UNION: its placeholders number on from c's, its conditions stay its own.
func (c *conds) branch(build func(c *conds)) string {
	outer := c.parts
	c.parts = nil
	build(c)
	w := c.where()
	c.parts = outer
	return w
}

// articleWhere is the clause over articles under alias prefix p ("a."):
// sources and days, never terms.
func articleWhere(f tifa.Filter, p string) *conds {
	c := &conds{}
	c.in(p+"source", f.Sources)
	c.days(p+"day", f)
	if f.FrontPage {
		c.add(p+"print_page = ?", FrontPagePrint)
	}
	return c
}

func jobKey(j tifa.RetagJob) string { return j.Version + "|" + strings.Join(j.Terms, ",") }

// dayCol formats a date column as the day text every report uses.
func dayCol(col string) string { return "to_char(" + col + ", 'YYYY-MM-DD')" }

// stringRows reads a one-column result as strings: nil when there are none, as
// package sqlite returns it (a caller encoding JSON prints null, not []).
func stringRows(rows pgx.Rows) ([]string, error) {
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}
