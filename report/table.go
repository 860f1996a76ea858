package report

import (
	"fmt"
	"io"
	"strings"
)

// Labels maps term ids to their Chinese labels for display.
type Labels map[string]string

// WriteTable prints the series as a table, one row per period and term,
// summed over the selected sources. The label column comes last because
// terminals disagree on the width of Chinese characters.
func WriteTable(w io.Writer, s *Series, labels Labels) error {
	type row struct{ mentions, nested, articles, total int }
	type key struct{ period, term string }
	rows := map[key]*row{}
	for _, c := range s.Cells {
		k := key{c.Period, c.Term}
		r := rows[k]
		if r == nil {
			r = &row{}
			rows[k] = r
		}
		r.mentions += c.Mentions
		r.nested += c.Nested
		r.articles += c.Articles
		r.total += c.Total
	}
	var b strings.Builder
	fmt.Fprintf(&b, "Mentions by %s (publish date, China time); sources: %s; counting all articles, reprints included.\n",
		s.Query.By, strings.Join(s.Sources, ", "))
	if len(s.Terms) == 0 {
		b.WriteString("No mentions of any term in the selected range.\n")
		_, err := io.WriteString(w, b.String())
		return err
	}
	fmt.Fprintf(&b, "%-10s %8s %6s %8s %8s %7s  %s\n", "period", "mentions", "nested", "articles", "of", "share", "term")
	for _, p := range s.Periods {
		for _, t := range s.Terms {
			r := rows[key{p, t}]
			name := t
			if l := labels[t]; l != "" {
				name += " " + l
			}
			if r == nil {
				fmt.Fprintf(&b, "%-10s %8s %6s %8s %8s %7s  %s\n", p, "-", "-", "-", "-", "-", name)
				continue
			}
			fmt.Fprintf(&b, "%-10s %8d %6d %8d %8d %6.1f%%  %s\n", p, r.mentions, r.nested, r.articles, r.total,
				100*float64(r.articles)/float64(r.total), name)
		}
	}
	b.WriteString("mentions: occurrences in title and body; nested: of those, inside a longer term (开放 in 高水平对外开放);\n" +
		"articles: articles mentioning the term; of: articles stored; share: articles/of; -: no articles stored.\n")
	_, err := io.WriteString(w, b.String())
	return err
}
