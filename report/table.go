package report

import (
	"fmt"
	"io"
	"strings"
)

// Labels maps term ids to their Chinese labels for display.
type Labels map[string]string

// header is the first line of every table: what is counted, by what, where.
func header(s *Series, what string) string {
	return fmt.Sprintf("%s by %s (publish date, China time); sources: %s; %s.\n",
		what, s.Query.By, s.sourceNames(), s.Query.Counting())
}

func (s *Series) sourceNames() string {
	if len(s.Sources) == 1 && s.Sources[0] == "" {
		if len(s.Query.Sources) > 0 {
			return strings.Join(s.Query.Sources, ", ")
		}
		return "all"
	}
	return strings.Join(s.Sources, ", ")
}

// WriteTable prints the series as a table, one row per period and term,
// summed over the selected sources. The label column comes last because
// terminals disagree on the width of Chinese characters.
func WriteTable(w io.Writer, s *Series, labels Labels) error {
	var b strings.Builder
	b.WriteString(header(s, "Mentions"))
	if len(s.Terms) == 0 {
		b.WriteString("No mentions of any term in the selected range.\n")
		_, err := io.WriteString(w, b.String())
		return err
	}
	rows := s.ByTerm()
	fmt.Fprintf(&b, "%-10s %8s %6s %8s %8s %7s %8s  %s\n", "period", "mentions", "nested", "articles", "of", "share", "per10k", "term")
	for _, p := range s.Periods {
		for _, t := range s.Terms {
			name := labels.name(t)
			r, ok := rows[PeriodTerm{p, t}]
			if !ok {
				fmt.Fprintf(&b, "%-10s %8s %6s %8s %8s %7s %8s  %s\n", p, "-", "-", "-", "-", "-", "-", name)
				continue
			}
			fmt.Fprintf(&b, "%-10s %8d %6d %8d %8d %6.1f%% %8.2f  %s\n", p, r.Mentions, r.Nested, r.Articles, r.Total,
				100*r.Share(), r.Per10k(), name)
		}
	}
	b.WriteString("mentions: occurrences in title and body; nested: of those, inside a longer term (开放 in 高水平对外开放);\n" +
		"articles: articles mentioning the term; of: articles stored; share: articles/of;\n" +
		"per10k: mentions per 10,000 characters stored; -: no articles stored.\n")
	_, err := io.WriteString(w, b.String())
	return err
}

// WritePivot prints one measure with a row per period and a column per term
// (several terms on one table) or per source (one term across sources,
// bySource). A column key is listed under the table with its label.
func WritePivot(w io.Writer, s *Series, m Measure, bySource bool, labels Labels) error {
	var b strings.Builder
	b.WriteString(header(s, strings.ToUpper(m.Title()[:1])+m.Title()[1:]))
	cols, get := s.Terms, func(p, col string) (Cell, bool) { c, ok := s.ByTerm()[PeriodTerm{p, col}]; return c, ok }
	if bySource {
		cells := map[[3]string]Cell{}
		for _, c := range s.Cells {
			cells[[3]string{c.Period, c.Term, c.Source}] = c
		}
		term := ""
		if len(s.Terms) > 0 {
			term = s.Terms[0]
		}
		fmt.Fprintf(&b, "term: %s\n", labels.name(term))
		cols = s.Sources
		get = func(p, col string) (Cell, bool) { c, ok := cells[[3]string{p, term, col}]; return c, ok }
	} else {
		sums := s.ByTerm()
		get = func(p, col string) (Cell, bool) { c, ok := sums[PeriodTerm{p, col}]; return c, ok }
	}
	fmt.Fprintf(&b, "%-10s", "period")
	for i := range cols {
		fmt.Fprintf(&b, " %9s", fmt.Sprintf("[%d]", i+1))
	}
	b.WriteString("\n")
	for _, p := range s.Periods {
		fmt.Fprintf(&b, "%-10s", p)
		for _, col := range cols {
			c, ok := get(p, col)
			if !ok {
				fmt.Fprintf(&b, " %9s", "-")
				continue
			}
			fmt.Fprintf(&b, " %9s", pretty(m, c))
		}
		b.WriteString("\n")
	}
	for i, col := range cols {
		name := col
		if !bySource {
			name = labels.name(col)
		}
		fmt.Fprintf(&b, "[%d] %s\n", i+1, name)
	}
	b.WriteString("-: no articles stored.\n")
	_, err := io.WriteString(w, b.String())
	return err
}

// pretty formats a cell's measure for a terminal.
func pretty(m Measure, c Cell) string { return m.Show(m.Of(c)) }
