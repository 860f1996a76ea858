package sqlite

import (
	"strings"

	"github.com/tifa-project/tifa"
)

// termTable is daily_terms, or its front-page equivalent.
func termTable(f tifa.Filter) string {
	if f.FrontPage {
		return frontTerms
	}
	return "daily_terms"
}

// sourceTable is daily_sources, or its front-page equivalent.
func sourceTable(f tifa.Filter) string {
	if f.FrontPage {
		return frontSources
	}
	return "daily_sources"
}

// clause is a WHERE clause built with placeholders only: no input is ever
// spliced into SQL text. It is the one builder of every query's filter.
type clause struct {
	conds []string
	args  []any
}

func (c *clause) and(cond string, args ...any) {
	c.conds = append(c.conds, cond)
	c.args = append(c.args, args...)
}

// in is col IN (vals), or nothing for no vals (all).
func (c *clause) in(col string, vals []string) {
	if len(vals) == 0 {
		return
	}
	c.conds = append(c.conds, col+" IN ("+strings.TrimSuffix(strings.Repeat("?,", len(vals)), ",")+")")
	for _, v := range vals {
		c.args = append(c.args, v)
	}
}

// filter adds f's sources and days, on columns prefixed p (a table alias,
// "a."). Terms and front pages are the caller's: their columns differ
// between the aggregates and the articles.
func (c *clause) filter(f tifa.Filter, p string) {
	c.in(p+"source", f.Sources)
	if f.From != "" {
		c.and(p+"day >= ?", f.From)
	}
	if f.To != "" {
		c.and(p+"day <= ?", f.To)
	}
}

// sql is " WHERE …" and its arguments, or nothing for no condition.
func (c *clause) sql() (string, []any) {
	if len(c.conds) == 0 {
		return "", nil
	}
	return " WHERE " + strings.Join(c.conds, " AND "), c.args
}

// where is f on the daily aggregates, whose front pages are tables of
// their own (termTable); terms only when the table has a term column.
func where(f tifa.Filter, terms bool) (string, []any) {
	var c clause
	if terms {
		c.in("term", f.Terms)
	}
	c.filter(f, "")
	return c.sql()
}

// articleWhere is f on the articles table under alias prefix p ("a."):
// sources, days and front pages, never terms (the caller joins mentions).
func articleWhere(f tifa.Filter, p string) *clause {
	c := &clause{}
	c.filter(f, p)
	if f.FrontPage {
		c.and(p+"print_page = ?", FrontPagePrint)
	}
	return c
}

func jobKey(j tifa.RetagJob) string { return j.Version + "|" + strings.Join(j.Terms, ",") }
