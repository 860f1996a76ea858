package report

import (
	"context"
	"fmt"
	"sort"
	"time"

	"github.com/tifa-project/tifa"
)

// Window is an inclusive range of days, YYYY-MM-DD in China time.
type Window struct{ From, To string }

func (w Window) String() string { return w.From + " to " + w.To }

func parseWindow(from, to string) (time.Time, time.Time, error) {
	a, err := tifa.ParseDay(from)
	if err != nil {
		return a, a, fmt.Errorf("window from: %w", err)
	}
	b, err := tifa.ParseDay(to)
	if err != nil {
		return a, b, fmt.Errorf("window to: %w", err)
	}
	if b.Before(a) {
		return a, b, fmt.Errorf("range %s to %s ends before it starts", from, to)
	}
	return a, b, nil
}

// Previous is the window of the same length just before w; for whole
// calendar months (May) the same number of months before (April, not
// 31 March to 30 April).
func (w Window) Previous() Window {
	a, b, err := parseWindow(w.From, w.To)
	if err != nil {
		return Window{}
	}
	if a.Day() == 1 && b.AddDate(0, 0, 1).Day() == 1 {
		months := (b.Year()-a.Year())*12 + int(b.Month()-a.Month()) + 1
		return Window{a.AddDate(0, -months, 0).Format("2006-01-02"), a.AddDate(0, 0, -1).Format("2006-01-02")}
	}
	return w.Before(1)
}

// Before is the window n times w's length that ends the day before w starts.
func (w Window) Before(n int) Window {
	a, b, err := parseWindow(w.From, w.To)
	if err != nil {
		return Window{}
	}
	days := int(b.Sub(a).Hours()/24) + 1
	return Window{a.AddDate(0, 0, -days*n).Format("2006-01-02"), a.AddDate(0, 0, -1).Format("2006-01-02")}
}

// YearEarlier is the same dates a year before (29 February becomes 1 March).
func (w Window) YearEarlier() Window {
	a, b, err := parseWindow(w.From, w.To)
	if err != nil {
		return Window{}
	}
	return Window{a.AddDate(-1, 0, 0).Format("2006-01-02"), b.AddDate(-1, 0, 0).Format("2006-01-02")}
}

// TermSource keys a window's totals; Source is empty when summed over sources.
type TermSource struct{ Term, Source string }

// Totals are one window's numbers per term (and source), plus the articles
// stored, which exist even where a term has no mention.
type Totals struct {
	Cells map[TermSource]Cell
	Store map[string]Cell // per source, and "" for all; Total and Chars only
	Terms []string        // mentioned in the window, most mentions first
}

// cell is a term's numbers in the window for one source ("" for all), with
// the articles stored; false when nothing was stored (no data).
func (t *Totals) cell(term, source string) (Cell, bool) {
	st, ok := t.Store[source]
	if !ok || st.Total == 0 {
		return Cell{}, false
	}
	c := t.Cells[TermSource{term, source}]
	c.Term, c.Source, c.Total, c.Chars = term, source, st.Total, st.Chars
	return c, true
}

// WindowTotals sums q's daily counts over w, per term and source and per
// term over all sources; with q.Merged, over all sources only (Source "").
func WindowTotals(ctx context.Context, db Reader, q Query, w Window) (*Totals, error) {
	q.From, q.To = w.From, w.To
	keys := func(src string) []string {
		if src == "" {
			return []string{""}
		}
		return []string{src, ""}
	}
	termDays, sourceDays, err := days(ctx, db, q)
	if err != nil {
		return nil, err
	}
	t := &Totals{Cells: map[TermSource]Cell{}, Store: map[string]Cell{}}
	for _, d := range sourceDays {
		if q.Skip != nil && q.Skip(d.Day) {
			continue
		}
		for _, src := range keys(d.Source) {
			c := t.Store[src]
			c.Total += d.Articles
			c.Chars += d.Chars
			t.Store[src] = c
		}
	}
	mentions := map[string]int{}
	for _, d := range termDays {
		if q.Skip != nil && q.Skip(d.Day) {
			continue
		}
		for _, src := range keys(d.Source) {
			k := TermSource{d.Term, src}
			c := t.Cells[k]
			c.Mentions += d.Mentions
			c.Nested += d.Nested
			c.Articles += d.Articles
			t.Cells[k] = c
		}
		mentions[d.Term] += d.Mentions
	}
	for term := range mentions {
		t.Terms = append(t.Terms, term)
	}
	sort.Slice(t.Terms, func(i, j int) bool {
		a, b := t.Terms[i], t.Terms[j]
		if mentions[a] != mentions[b] {
			return mentions[a] > mentions[b]
		}
		return a < b
	})
	return t, nil
}
