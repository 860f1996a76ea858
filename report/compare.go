package report

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/tifa-project/tifa/store"
)

// Compare sets q's range (From and To required) against the window of the
// same length before it and the same dates a year earlier: per term, or per
// term and source with bySource, the measure in each window and the change
// in points (percentage points for share) and in percent.
func Compare(ctx context.Context, db *store.DB, q Query, m Measure, bySource bool, labels Labels) (*Grid, error) {
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
		terms = tots[0].Terms
	}
	sources := []string{""}
	if bySource {
		sources = sortedStoreKeys(tots)
	}
	unit := "pts"
	if m == Mentions || m == Articles {
		unit = "diff"
	}
	g := &Grid{
		Title: fmt.Sprintf("%s, %s against %s (previous) and %s (a year earlier); sources: %s; %s.",
			upperFirst(m.Title()), now, wins[1], wins[2], sourceList(q.Sources), q.Counting()),
		Head: []string{"term", "source", "now", "previous", "change_" + unit, "change_pct", "year_ago", "yoy_" + unit, "yoy_pct", "label"},
		Notes: []string{
			"change_" + unit + ": now minus the earlier value" + map[bool]string{true: " in percentage points", false: ""}[m == Share] +
				"; change_pct: percent of the earlier value;",
			"-: no articles stored in that window (no data), or no change to compute from zero.",
		},
	}
	for _, term := range terms {
		for _, src := range sources {
			row := []string{term, orAll(src)}
			var vals [3]float64
			var ok [3]bool
			for i, t := range tots {
				c, has := t.cell(term, src)
				vals[i], ok[i] = m.Of(c), has
			}
			row = append(row, show(m, vals[0], ok[0]), show(m, vals[1], ok[1]))
			row = append(row, change(m, vals[0], vals[1], ok[0] && ok[1])...)
			row = append(row, show(m, vals[2], ok[2]))
			row = append(row, change(m, vals[0], vals[2], ok[0] && ok[2])...)
			s := labels[term]
			g.Rows = append(g.Rows, append(row, s))
		}
	}
	return g, nil
}

// show formats one value; share as a percentage.
func show(m Measure, v float64, ok bool) string {
	switch {
	case !ok:
		return "-"
	case m == Share:
		return strconv.FormatFloat(100*v, 'f', 2, 64) + "%"
	case m == Per10k:
		return strconv.FormatFloat(v, 'f', 2, 64)
	}
	return strconv.FormatFloat(v, 'f', 0, 64)
}

// change is the difference (in points for share) and the percent change.
func change(m Measure, now, then float64, ok bool) []string {
	if !ok {
		return []string{"-", "-"}
	}
	d := now - then
	diff := strconv.FormatFloat(d, 'f', 0, 64)
	switch m {
	case Share:
		diff = strconv.FormatFloat(100*d, 'f', 2, 64)
	case Per10k:
		diff = strconv.FormatFloat(d, 'f', 2, 64)
	}
	if d > 0 {
		diff = "+" + diff
	}
	if then == 0 {
		return []string{diff, "-"}
	}
	p := strconv.FormatFloat(100*d/then, 'f', 1, 64) + "%"
	if d > 0 {
		p = "+" + p
	}
	return []string{diff, p}
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
