// Package report turns the stored daily counts into the numbers analysts
// read: per period, per term and source, mentions, articles mentioning,
// articles stored and the share that mention the term.
package report

import (
	"context"
	"fmt"
	"sort"

	"github.com/tifa-project/tifa"
)

// Period sizes.
const (
	Day   = "day"
	Week  = "week"
	Month = "month"
)

// Query says what to report.
type Query struct {
	tifa.Filter
	By string // day, week or month
	// Originals counts only the earliest of each cluster of near-identical
	// articles (see Reader.ReprintsUpTo); the default counts reprints too.
	Originals bool
	// Merged sums over the sources before anything else: one cell per
	// (period, term), Source empty, for the outputs that show terms only
	// (wide CSV, chart, XLSX Trend), at a twentieth of the work.
	Merged bool
	// Skip leaves days out of window totals (calendar events, for rising's
	// --exclude-events); nil keeps every day.
	Skip func(day string) bool
}

// Counting says in words which articles the numbers count, for every header.
func (q Query) Counting() string {
	s := "counting all articles, reprints included"
	if q.Originals {
		s = "counting originals only (reprints within 3 SimHash bits of an earlier article left out)"
	}
	if q.FrontPage {
		s += ", print-edition front page (版次 01) only"
	}
	return s
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
	Chars    int // characters in those articles' bodies
}

// Per10k is mentions per 10,000 characters stored: the density measure that
// does not favour long articles as share does short ones.
func (c Cell) Per10k() float64 {
	if c.Chars == 0 {
		return 0
	}
	return 10000 * float64(c.Mentions) / float64(c.Chars)
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
func Build(ctx context.Context, db Reader, q Query) (*Series, error) {
	if q.By == "" {
		q.By = Day
	}
	if _, err := PeriodOf("2024-01-01", q.By); err != nil {
		return nil, err
	}
	// Both aggregates from one snapshot: read while a crawl writes, a
	// period's mentions and its articles stored are of the same moment.
	var termDays []tifa.TermDay
	var sourceDays []tifa.SourceDay
	err := db.Read(ctx, func(ctx context.Context) error {
		var err error
		termDays, sourceDays, err = days(ctx, db, q)
		return err
	})
	if err != nil {
		return nil, err
	}
	s := &Series{Query: q}
	pc := periodCache{by: q.By}
	periods := map[string]bool{}
	sources := map[string]bool{}
	for _, d := range sourceDays {
		periods[pc.of(d.Day)] = true
		sources[d.Source] = true
	}
	switch {
	case q.Merged:
		s.Sources = []string{""}
	case len(q.Sources) > 0:
		s.Sources = q.Sources
	default:
		s.Sources = sortedKeys(sources)
	}
	s.Periods = sortedKeys(periods)
	if q.From != "" && q.To != "" {
		if s.Periods, err = periodRange(q.From, q.To, q.By); err != nil {
			return nil, err
		}
	}
	s.Terms = q.Terms
	if len(s.Terms) == 0 {
		s.Terms = termsByMentions(termDays)
	}
	s.Cells = fill(s, termDays, sourceDays, &pc)
	return s, nil
}

// fill sums the daily rows into dense per-(period, term, source) counts,
// indexed rather than keyed by strings: a year of a hundred terms over
// twenty sources is 730,000 rows, and maps of string keys made that slow.
func fill(s *Series, termDays []tifa.TermDay, sourceDays []tifa.SourceDay, pc *periodCache) []Cell {
	np, nt, ns := len(s.Periods), len(s.Terms), len(s.Sources)
	day := dayIndex{pc: pc, periods: index(s.Periods)}
	term, source := lastIndex{keys: index(s.Terms)}, lastIndex{keys: index(s.Sources)}
	type total struct {
		articles, chars int
		ok              bool
	}
	totals := make([]total, np*ns)
	stored := 0
	for _, d := range sourceDays {
		p, src := day.of(d.Day), source.of(d.Source)
		if p < 0 || src < 0 {
			continue
		}
		t := &totals[p*ns+src]
		if !t.ok {
			stored++
		}
		t.articles += d.Articles
		t.chars += d.Chars
		t.ok = true
	}
	type count struct{ mentions, nested, articles int32 }
	counts := make([]count, np*nt*ns)
	for _, d := range termDays {
		p, t, src := day.of(d.Day), term.of(d.Term), source.of(d.Source)
		if p < 0 || t < 0 || src < 0 {
			continue
		}
		c := &counts[(p*nt+t)*ns+src]
		c.mentions += int32(d.Mentions)
		c.nested += int32(d.Nested)
		c.articles += int32(d.Articles)
	}
	cells := make([]Cell, 0, stored*nt)
	for p, period := range s.Periods {
		for t, term := range s.Terms {
			for src, source := range s.Sources {
				tot := totals[p*ns+src]
				if !tot.ok {
					continue // no articles stored: no data, not zero
				}
				c := counts[(p*nt+t)*ns+src]
				cells = append(cells, Cell{Period: period, Term: term, Source: source, Mentions: int(c.mentions),
					Nested: int(c.nested), Articles: int(c.articles), Total: tot.articles, Chars: tot.chars})
			}
		}
	}
	return cells
}

// lastIndex finds a key's position, remembering the last one: rows come
// grouped by term and source, so most look-ups repeat the one before.
type lastIndex struct {
	keys map[string]int
	last string
	i    int
	used bool
}

func (x *lastIndex) of(k string) int {
	if x.used && k == x.last {
		return x.i
	}
	i, ok := x.keys[k]
	if !ok {
		i = -1
	}
	x.last, x.i, x.used = k, i, true
	return i
}

// dayIndex finds the position of a day's period, -1 outside the series.
type dayIndex struct {
	pc      *periodCache
	periods map[string]int
	seen    map[string]int
}

func (x *dayIndex) of(day string) int {
	if i, ok := x.seen[day]; ok {
		return i
	}
	i, ok := x.periods[x.pc.of(day)]
	if !ok {
		i = -1
	}
	if x.seen == nil {
		x.seen = map[string]int{}
	}
	x.seen[day] = i
	return i
}

// termsByMentions lists the terms of the rows, most mentioned first.
func termsByMentions(termDays []tifa.TermDay) []string {
	totals := map[string]int{}
	for _, d := range termDays {
		totals[d.Term] += d.Mentions
	}
	terms := make([]string, 0, len(totals))
	for t := range totals {
		terms = append(terms, t)
	}
	sort.Slice(terms, func(i, j int) bool {
		a, b := terms[i], terms[j]
		if totals[a] != totals[b] {
			return totals[a] > totals[b]
		}
		return a < b
	})
	return terms
}

func index(keys []string) map[string]int {
	m := make(map[string]int, len(keys))
	for i, k := range keys {
		m[k] = i
	}
	return m
}

// days reads the daily counts: the stored aggregates, or for originals only
// the same computed from the articles.
func days(ctx context.Context, db Reader, q Query) ([]tifa.TermDay, []tifa.SourceDay, error) {
	var termDays []tifa.TermDay
	var sourceDays []tifa.SourceDay
	var err error
	switch {
	case q.Originals:
		termDays, sourceDays, err = db.OriginalDays(ctx, q.Filter)
	case q.Merged:
		if termDays, err = db.TermDaysMerged(ctx, q.Filter); err != nil {
			return nil, nil, err
		}
		sourceDays, err = db.SourceDaysMerged(ctx, q.Filter)
		return termDays, sourceDays, err
	default:
		if termDays, err = db.TermDaysByKey(ctx, q.Filter); err != nil {
			return nil, nil, err
		}
		sourceDays, err = db.SourceDays(ctx, q.Filter)
		return termDays, sourceDays, err
	}
	if err != nil || !q.Merged {
		return termDays, sourceDays, err
	}
	for i := range termDays {
		termDays[i].Source = ""
	}
	for i := range sourceDays {
		sourceDays[i].Source = ""
	}
	return termDays, sourceDays, nil
}

// periodCache remembers the period of each day seen: a year's series for a
// hundred terms names the same 365 days hundreds of thousands of times.
type periodCache struct {
	by      string
	last, p string
	seen    map[string]string
}

func (c *periodCache) of(day string) string {
	if day == c.last {
		return c.p
	}
	if c.seen == nil {
		c.seen = map[string]string{}
	}
	p, ok := c.seen[day]
	if !ok {
		p, _ = PeriodOf(day, c.by)
		c.seen[day] = p
	}
	c.last, c.p = day, p
	return p
}

// PeriodOf names the period holding day: the day itself, its ISO week
// ("2024-W19") or its month ("2024-05").
func PeriodOf(day, by string) (string, error) {
	t, err := tifa.ParseDay(day)
	if err != nil {
		return "", err
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

// RangeError is a date range the caller got wrong: its message says how to
// put it right, so a server answers it as a bad request.
type RangeError struct{ Msg string }

func (e *RangeError) Error() string { return e.Msg }

// CheckRange says whether a report can cover from to to by periods of by:
// a *RangeError, saying how to narrow it, when it cannot.
func CheckRange(from, to, by string) error {
	_, err := periodRange(from, to, by)
	return err
}

func periodRange(from, to, by string) ([]string, error) {
	a, errA := tifa.ParseDay(from)
	b, errB := tifa.ParseDay(to)
	if errA != nil || errB != nil {
		return nil, &RangeError{tifa.Range{From: from, To: to}.Check().Error()}
	}
	var out []string
	for d := a; !d.After(b); d = d.AddDate(0, 0, 1) {
		p, _ := PeriodOf(d.Format(tifa.DayLayout), by)
		if len(out) == 0 || out[len(out)-1] != p {
			out = append(out, p)
		}
		if len(out) > maxPeriods {
			return nil, &RangeError{fmt.Sprintf("range %s to %s has more than %d %ss; narrow it or use a longer period", from, to, maxPeriods, by)}
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
