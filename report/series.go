// Package report turns the stored daily counts into the numbers analysts
// read: per period, per term and source, mentions, articles mentioning,
// articles stored and the share that mention the term.
package report

import (
	"context"
	"fmt"
	"sort"
	"time"

	"github.com/tifa-project/tifa/store"
)

// Period sizes.
const (
	Day   = "day"
	Week  = "week"
	Month = "month"
)

// Query says what to report.
type Query struct {
	store.Filter
	By string // day, week or month
}

// Cell is one (period, term, source).
type Cell struct {
	Period   string
	Term     string
	Source   string
	Mentions int
	Nested   int // of Mentions, those inside a longer mention of another term
	Articles int // articles mentioning the term
	Total    int // articles stored for the source in the period
}

// Share is the fraction of the period's articles that mention the term.
func (c Cell) Share() float64 {
	if c.Total == 0 {
		return 0
	}
	return float64(c.Articles) / float64(c.Total)
}

// Series is a report's numbers, ready to print.
type Series struct {
	Query   Query
	Periods []string // in order; every period in the range when both ends are given
	Terms   []string // in order of total mentions, most first, unless asked for
	Sources []string
	// Cells has one entry per (period, term, source) where the source stored
	// articles in the period; a missing entry is "no data", not zero.
	Cells []Cell
}

// Build reads the daily aggregates and buckets them into periods.
func Build(ctx context.Context, db *store.DB, q Query) (*Series, error) {
	if q.By == "" {
		q.By = Day
	}
	if _, err := PeriodOf("2024-01-01", q.By); err != nil {
		return nil, err
	}
	termDays, err := db.TermDays(ctx, q.Filter)
	if err != nil {
		return nil, err
	}
	sourceDays, err := db.SourceDays(ctx, q.Filter)
	if err != nil {
		return nil, err
	}
	s := &Series{Query: q}
	type key struct{ period, source string }
	totals := map[key]int{}
	periods := map[string]bool{}
	sources := map[string]bool{}
	for _, d := range sourceDays {
		p, _ := PeriodOf(d.Day, q.By)
		totals[key{p, d.Source}] += d.Articles
		periods[p] = true
		sources[d.Source] = true
	}
	type cellKey struct{ period, term, source string }
	cells := map[cellKey]*Cell{}
	termTotals := map[string]int{}
	for _, d := range termDays {
		p, _ := PeriodOf(d.Day, q.By)
		k := cellKey{p, d.Term, d.Source}
		c := cells[k]
		if c == nil {
			c = &Cell{Period: p, Term: d.Term, Source: d.Source}
			cells[k] = c
		}
		c.Mentions += d.Mentions
		c.Nested += d.Nested
		c.Articles += d.Articles
		termTotals[d.Term] += d.Mentions
	}
	s.Terms = q.Terms
	if len(s.Terms) == 0 {
		for t := range termTotals {
			s.Terms = append(s.Terms, t)
		}
		sort.Slice(s.Terms, func(i, j int) bool {
			a, b := s.Terms[i], s.Terms[j]
			if termTotals[a] != termTotals[b] {
				return termTotals[a] > termTotals[b]
			}
			return a < b
		})
	}
	s.Sources = sortedKeys(sources)
	if len(q.Sources) > 0 {
		s.Sources = q.Sources
	}
	s.Periods = sortedKeys(periods)
	if q.From != "" && q.To != "" {
		if s.Periods, err = periodRange(q.From, q.To, q.By); err != nil {
			return nil, err
		}
	}
	for _, p := range s.Periods {
		for _, t := range s.Terms {
			for _, src := range s.Sources {
				total, ok := totals[key{p, src}]
				if !ok {
					continue
				}
				c := Cell{Period: p, Term: t, Source: src, Total: total}
				if got := cells[cellKey{p, t, src}]; got != nil {
					c.Mentions, c.Nested, c.Articles = got.Mentions, got.Nested, got.Articles
				}
				s.Cells = append(s.Cells, c)
			}
		}
	}
	return s, nil
}

// PeriodOf names the period holding day: the day itself, its ISO week
// ("2024-W19") or its month ("2024-05").
func PeriodOf(day, by string) (string, error) {
	t, err := time.Parse("2006-01-02", day)
	if err != nil {
		return "", fmt.Errorf("%q is not a day in the form YYYY-MM-DD", day)
	}
	switch by {
	case Day:
		return day, nil
	case Week:
		y, w := t.ISOWeek()
		return fmt.Sprintf("%04d-W%02d", y, w), nil
	case Month:
		return t.Format("2006-01"), nil
	}
	return "", fmt.Errorf("period %q: use day, week or month", by)
}

// maxPeriods keeps a mistyped range from filling the screen with empty rows.
const maxPeriods = 3660

func periodRange(from, to, by string) ([]string, error) {
	a, err := time.Parse("2006-01-02", from)
	if err != nil {
		return nil, fmt.Errorf("--from %q is not a day in the form YYYY-MM-DD", from)
	}
	b, err := time.Parse("2006-01-02", to)
	if err != nil {
		return nil, fmt.Errorf("--to %q is not a day in the form YYYY-MM-DD", to)
	}
	var out []string
	for d := a; !d.After(b); d = d.AddDate(0, 0, 1) {
		p, _ := PeriodOf(d.Format("2006-01-02"), by)
		if len(out) == 0 || out[len(out)-1] != p {
			out = append(out, p)
		}
		if len(out) > maxPeriods {
			return nil, fmt.Errorf("range %s to %s has more than %d %ss; narrow it or use a longer period", from, to, maxPeriods, by)
		}
	}
	return out, nil
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
