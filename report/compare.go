package report

import (
	"context"
	"fmt"
	"strings"
)

// Compare sets q's range (From and To required) against the window of the
// same length before it and the same dates a year earlier: per term, or per
// term and source with bySource, the measure in each window and the change
// in points (percentage points for share) and in percent.
func Compare(ctx context.Context, db Reader, q Query, m Measure, bySource bool, labels Labels) (*Grid, error) {
	if q.From == "" || q.To == "" {
		return nil, fmt.Errorf("compare needs a range: give both from and to")
	}
	if _, _, err := parseWindow(q.From, q.To); err != nil {
		return nil, err
	}
	q.Merged = !bySource // per term only: let SQLite sum the sources
	now := Window{q.From, q.To}
	wins := []Window{now, now.Previous(), now.YearEarlier()}
	var tots []*Totals
	for _, w := range wins {
		t, err := WindowTotals(ctx, db, q, w)
		if err != nil {
			return nil, err
		}
		tots = append(tots, t)
	}
	terms := q.Terms
	if len(terms) == 0 {
		terms = unionTerms(tots)
	}
	sources := []string{""}
	if bySource {
		sources = sortedStoreKeys(tots)
	}
	value, diff := valueKinds(m)
	g := &Grid{
		Title: fmt.Sprintf("%s, %s against %s (previous) and %s (a year earlier); sources: %s; %s.",
			upperFirst(m.Title()), now, wins[1], wins[2], sourceList(q.Sources), q.Counting()),
		Head:  []string{"term", "source", "unit", "now", "previous", "change", "change_frac", "year_ago", "yoy_change", "yoy_frac", "label"},
		Kinds: []Kind{Plain, Plain, Plain, value, value, diff, Change, value, diff, Change, Plain},
		Notes: []string{
			"unit: what now, previous and year_ago count (" + m.Unit() + "); change: now minus previous" +
				map[bool]string{true: " (in percentage points here)", false: ""}[m == Share] + ";",
			"change_frac: change as a fraction of previous (shown as a percentage); yoy: the same against a year earlier;",
			"-: no articles stored in that window (no data), or no change to compute from zero.",
		},
	}
	for _, term := range terms {
		for _, src := range sources {
			row := []string{term, orAll(src), m.Unit()}
			var vals [3]float64
			var ok [3]bool
			for i, t := range tots {
				c, has := t.cell(term, src)
				vals[i], ok[i] = m.Of(c), has
			}
			row = append(row, value1(vals[0], ok[0]), value1(vals[1], ok[1]))
			row = append(row, change(vals[0], vals[1], ok[0] && ok[1])...)
			row = append(row, value1(vals[2], ok[2]))
			row = append(row, change(vals[0], vals[2], ok[0] && ok[2])...)
			g.Rows = append(g.Rows, append(row, labels[term]))
		}
	}
	return g, nil
}

// unionTerms are the terms mentioned in any window: the current window's
// by mentions, then those only in earlier ones (a term that fell to zero
// is news too).
func unionTerms(tots []*Totals) []string {
	var out []string
	seen := map[string]bool{}
	for _, t := range tots {
		for _, term := range t.Terms {
			if !seen[term] {
				seen[term] = true
				out = append(out, term)
			}
		}
	}
	return out
}

// valueKinds are how a table shows the measure and its differences.
func valueKinds(m Measure) (value, diff Kind) {
	switch m {
	case Share:
		return Percent, Points
	case Per10k:
		return Fixed2, Signed
	}
	return Count, Signed
}

// value1 is one window's value, empty for no data.
func value1(v float64, ok bool) string {
	if !ok {
		return ""
	}
	return num(v)
}

// change is the difference and the relative change, a fraction of then;
// empty where there is no data or nothing to divide by.
func change(now, then float64, ok bool) []string {
	if !ok {
		return []string{"", ""}
	}
	d := now - then
	if then == 0 {
		return []string{num(d), ""}
	}
	return []string{num(d), num(d / then)}
}

func sortedStoreKeys(tots []*Totals) []string {
	seen := map[string]bool{}
	for _, t := range tots {
		for src := range t.Store {
			if src != "" {
				seen[src] = true
			}
		}
	}
	return sortedKeys(seen)
}

func orAll(src string) string {
	if src == "" {
		return "all"
	}
	return src
}

func sourceList(sources []string) string {
	if len(sources) == 0 {
		return "all"
	}
	return strings.Join(sources, ", ")
}

func upperFirst(s string) string { return strings.ToUpper(s[:1]) + s[1:] }
