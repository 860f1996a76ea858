package dashboard

import (
	"context"

	"github.com/tifa-project/tifa/report"
)

// sourceRow is one source's line in the breakdown: its articles stored in
// the range and each term's numbers summed over the range's periods.
type sourceRow struct {
	Source string    `json:"source"`
	Name   string    `json:"name"`
	Total  int       `json:"articles_stored"`
	Terms  []termSum `json:"terms"`
}

// termSum is a term's numbers over a range, in one source or all.
type termSum struct {
	Term     string  `json:"term"`
	Mentions int     `json:"mentions"`
	Articles int     `json:"articles"`
	Value    float64 `json:"value"`
	Shown    string  `json:"shown"`
}

// build runs the report's own query: per source, so the breakdown can be
// cut from it, and the chart sums it over the sources as report.Build with
// Merged would.
func (s *Server) build(ctx context.Context, v view) (*report.Series, error) {
	q := v.Query
	q.Merged = false
	return report.Build(ctx, s.db, q)
}

// breakdown sums the series over periods, per source, plus a last row
// for all the selected sources together.
func (s *Server) breakdown(ser *report.Series, m report.Measure) []sourceRow {
	termAt := map[string]int{}
	for i, t := range ser.Terms {
		termAt[t] = i
	}
	sums := map[string][]report.Cell{}
	totals := map[string]int{}
	all := make([]report.Cell, len(ser.Terms))
	allTotal := 0
	for _, c := range ser.Cells {
		cs, ok := sums[c.Source]
		if !ok {
			cs = make([]report.Cell, len(ser.Terms))
			sums[c.Source] = cs
		}
		i := termAt[c.Term]
		add(&cs[i], c)
		add(&all[i], c)
		if i == 0 { // every term's cell carries the same stored totals
			totals[c.Source] += c.Total
			allTotal += c.Total
		}
	}
	var rows []sourceRow
	for _, src := range ser.Sources {
		cs, ok := sums[src]
		if !ok {
			continue // nothing stored in the range
		}
		rows = append(rows, s.row(src, s.sourceName(src), totals[src], ser.Terms, cs, m))
	}
	if len(rows) > 1 {
		rows = append(rows, s.row("", "all selected sources", allTotal, ser.Terms, all, m))
	}
	return rows
}

func add(to *report.Cell, c report.Cell) {
	to.Mentions += c.Mentions
	to.Nested += c.Nested
	to.Articles += c.Articles
	to.Total += c.Total
	to.Chars += c.Chars
}

func (s *Server) row(src, name string, total int, terms []string, cs []report.Cell, m report.Measure) sourceRow {
	r := sourceRow{Source: src, Name: name, Total: total}
	for i, c := range cs {
		r.Terms = append(r.Terms, termSum{Term: terms[i], Mentions: c.Mentions, Articles: c.Articles, Value: m.Of(c), Shown: m.Show(m.Of(c))})
	}
	return r
}

func (s *Server) sourceName(id string) string {
	if src, ok := s.cfg.Source(id); ok && src.Name != "" {
		return src.Name
	}
	return id
}
