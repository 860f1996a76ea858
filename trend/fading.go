// Package trend finds terms on the way out: those whose share of articles
// fell well below their own trailing level, and those a source used
// steadily and then stopped using.
package trend

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/tifa-project/tifa"
	"github.com/tifa-project/tifa/tagger"
)

// Store is what fading reads: the daily aggregates and the articles
// mentioning a term, newest first.
type Store interface {
	TermDays(ctx context.Context, f tifa.Filter) ([]tifa.TermDay, error)
	SourceDays(ctx context.Context, f tifa.Filter) ([]tifa.SourceDay, error)
	Mentioning(ctx context.Context, term string, f tifa.Filter, limit int) ([]tifa.Mentioning, error)
}

// Fading settings. Zero values take the defaults in brackets.
type Fading struct {
	tifa.Filter     // terms and sources; From and To: the window [the last Days days stored]
	Days        int // the window's length when From is not given [28]
	// Baseline is the trailing range compared with [the Windows windows of
	// the window's length before it].
	BaseFrom, BaseTo string
	Windows          int     // [6]
	MinPrior         int     // articles mentioning the term in the baseline at least [5]
	Fall             float64 // share now at most the trailing share divided by this [3]
	// Expect is the articles the trailing share predicts in the window at
	// least, so a source that published little this month does not make
	// every term look faded [3]. Zero mentions where 3 are expected happens
	// by chance about one time in twenty (Poisson).
	Expect float64
}

// Kinds of fade.
const (
	Vanished = "vanished" // used steadily before, not at all in the window
	Fallen   = "fallen"   // share fell to a fraction of its trailing level
)

// Fade is one term in one source (or, Source "", in all) on the way out.
type Fade struct {
	Term, Source               string
	Kind                       string
	Articles, Docs             int // in the window: articles mentioning, articles stored
	PriorArticles, PriorDocs   int // in the baseline
	Share, PriorShare, Ratio   float64
	Expected                   float64 // articles the trailing share predicts in the window
	PriorWeeks, WeeksWithTerm  int     // baseline weeks with articles stored, and with the term
	From, To, BaseFrom, BaseTo string
	Last                       Last // the last sentence seen, up to the window's end
}

// Last is the latest mention of a term: day, article and sentence.
type Last struct {
	Day, Source, Title, URL, Sentence string
}

func (o *Fading) defaults() {
	if o.Days <= 0 {
		o.Days = 28
	}
	if o.Windows <= 0 {
		o.Windows = 6
	}
	if o.MinPrior <= 0 {
		o.MinPrior = 5
	}
	if o.Fall <= 1 {
		o.Fall = 3
	}
	if o.Expect <= 0 {
		o.Expect = 3
	}
}

// Find lists the fading terms under o, per source and over all sources,
// the vanished first, then by how far they fell.
func Find(ctx context.Context, st Store, o Fading) ([]Fade, error) {
	o.defaults()
	if err := o.window(ctx, st); err != nil || o.To == "" {
		return nil, err
	}
	cur, err := tally(ctx, st, o.Filter, o.From, o.To)
	if err != nil {
		return nil, err
	}
	prior, err := tally(ctx, st, o.Filter, o.BaseFrom, o.BaseTo)
	if err != nil {
		return nil, err
	}
	var out []Fade
	for k, p := range prior.terms {
		f, ok := o.judge(k, p, cur.terms[k], prior, cur)
		if !ok {
			continue
		}
		if f.Last, err = last(ctx, st, f, o.To); err != nil {
			return nil, err
		}
		out = append(out, f)
	}
	slices.SortFunc(out, func(a, b Fade) int {
		return cmp.Or(cmp.Compare(b.Kind, a.Kind), cmp.Compare(a.Ratio, b.Ratio), cmp.Compare(b.Expected, a.Expected),
			cmp.Compare(a.Term, b.Term), cmp.Compare(a.Source, b.Source))
	})
	return out, nil
}

// window fills From, To and the baseline: the last Days days stored when
// not given, and the Windows windows before.
func (o *Fading) window(ctx context.Context, st Store) error {
	if o.To == "" {
		days, err := st.SourceDays(ctx, tifa.Filter{Sources: o.Filter.Sources, FrontPage: o.Filter.FrontPage})
		if err != nil {
			return fmt.Errorf("fading: last day stored: %w", err)
		}
		for _, d := range days {
			o.To = max(o.To, d.Day)
		}
		if o.To == "" {
			return nil
		}
	}
	to, err := tifa.ParseDay(o.To)
	if err != nil {
		return fmt.Errorf("fading: window end %q: %w", o.To, err)
	}
	from := to.AddDate(0, 0, 1-o.Days)
	if o.From != "" {
		if from, err = tifa.ParseDay(o.From); err != nil {
			return fmt.Errorf("fading: window start %q: %w", o.From, err)
		}
	}
	o.From = from.Format(time.DateOnly)
	if o.BaseFrom == "" || o.BaseTo == "" {
		days := int(to.Sub(from).Hours()/24) + 1
		o.BaseFrom = from.AddDate(0, 0, -days*o.Windows).Format(time.DateOnly)
		o.BaseTo = from.AddDate(0, 0, -1).Format(time.DateOnly)
	}
	return nil
}

// key is a term in a source; source "" is all sources together.
type key struct{ term, source string }

type count struct {
	articles int
	weeks    map[string]bool
}

type tallies struct {
	terms map[key]*count
	docs  map[string]*count // by source, "" for all
}

func tally(ctx context.Context, st Store, f tifa.Filter, from, to string) (tallies, error) {
	f.From, f.To = from, to
	t := tallies{terms: map[key]*count{}, docs: map[string]*count{}}
	add := func(m func(string) *count, src, day string, n int) {
		for _, s := range []string{src, ""} {
			c := m(s)
			c.articles += n
			c.weeks[weekOf(day)] = true
		}
	}
	tds, err := st.TermDays(ctx, f)
	if err != nil {
		return t, fmt.Errorf("fading: term days %s to %s: %w", from, to, err)
	}
	for _, d := range tds {
		add(func(s string) *count { return get(t.terms, key{d.Term, s}) }, d.Source, d.Day, d.Articles)
	}
	sds, err := st.SourceDays(ctx, f)
	if err != nil {
		return t, fmt.Errorf("fading: source days %s to %s: %w", from, to, err)
	}
	for _, d := range sds {
		add(func(s string) *count { return get(t.docs, s) }, d.Source, d.Day, d.Articles)
	}
	return t, nil
}

func get[K comparable](m map[K]*count, k K) *count {
	c := m[k]
	if c == nil {
		c = &count{weeks: map[string]bool{}}
		m[k] = c
	}
	return c
}

// judge decides whether the term fell in the source. A source that stored
// nothing in the window is a crawl gap, not a fade.
func (o *Fading) judge(k key, p, c *count, prior, cur tallies) (Fade, bool) {
	pd, cd := prior.docs[k.source], cur.docs[k.source]
	if p.articles < o.MinPrior || pd == nil || cd == nil || pd.articles == 0 || cd.articles == 0 {
		return Fade{}, false
	}
	if c == nil {
		c = &count{weeks: map[string]bool{}}
	}
	f := Fade{Term: k.term, Source: k.source, Articles: c.articles, Docs: cd.articles, PriorArticles: p.articles, PriorDocs: pd.articles,
		PriorWeeks: len(pd.weeks), WeeksWithTerm: len(p.weeks), From: o.From, To: o.To, BaseFrom: o.BaseFrom, BaseTo: o.BaseTo}
	f.Share = float64(f.Articles) / float64(f.Docs)
	f.PriorShare = float64(f.PriorArticles) / float64(f.PriorDocs)
	f.Expected = f.PriorShare * float64(f.Docs)
	// The smoothing of tifa rising, one article per thousand, so that rare
	// terms do not swing from nothing.
	f.Ratio = (1000*f.Share + 1) / (1000*f.PriorShare + 1)
	if f.Expected < o.Expect {
		return f, false
	}
	// Steadily: in at least a third of the baseline's weeks, and three.
	steady := f.WeeksWithTerm >= 3 && 3*f.WeeksWithTerm >= f.PriorWeeks
	switch {
	case f.Articles == 0 && steady:
		f.Kind = Vanished
	case f.Ratio <= 1/o.Fall:
		f.Kind = Fallen
	default:
		return f, false
	}
	return f, !math.IsNaN(f.Ratio)
}

// last is the latest sentence with the term, in the source (or any), up to
// the window's end.
func last(ctx context.Context, st Store, f Fade, to string) (Last, error) {
	flt := tifa.Filter{To: to}
	if f.Source != "" {
		flt.Sources = []string{f.Source}
	}
	ms, err := st.Mentioning(ctx, f.Term, flt, 1)
	if err != nil || len(ms) == 0 {
		return Last{}, err
	}
	m := ms[0]
	l := Last{Day: m.Day, Source: m.Source, Title: m.Title, URL: m.URL}
	if len(m.Spans) > 0 {
		sp := m.Spans[len(m.Spans)-1]
		l.Sentence = tagger.Sentence(tifa.TaggedText(m.Title, m.Body), sp.Start, sp.End)
	}
	return l, nil
}

func weekOf(day string) string {
	t, err := tifa.ParseDay(day)
	if err != nil {
		return day
	}
	return t.AddDate(0, 0, -((int(t.Weekday()) + 6) % 7)).Format(time.DateOnly)
}
