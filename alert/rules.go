package alert

import (
	"context"
	"errors"
	"fmt"
	"strconv"

	"github.com/tifa-project/tifa"
	"github.com/tifa-project/tifa/health"
	"github.com/tifa-project/tifa/report"
)

// Rule kinds.
const (
	Rising    = "rising"
	First     = "first"
	Unhealthy = "unhealthy"
	Fading    = "fading"
	Candidate = "candidate"
)

// ErrNotAvailable is returned by a rule kind whose analysis is not built in.
var ErrNotAvailable = errors.New("not available yet")

// Rule is one configured rule.
type Rule struct {
	Kind        string
	Terms       []string // empty: every term
	Sources     []string // empty: every source
	Days        int      // the window looked at, ending on the last day stored [7]
	Baseline    int      // rising: baseline length in windows before it [3]
	Ratio       float64  // rising: smoothed ratio at least this [3]
	MinArticles int      // rising: articles in the window at least this [5]
	Score       float64  // candidate: score at least this
	// Exclude leaves days out of a rising rule's baseline and its window
	// (calendar events): a predictable peak is neither norm nor news.
	Exclude func(day string) bool
}

// Defaults are the rules used when none is configured.
func Defaults() []Rule {
	return []Rule{{Kind: First}, {Kind: Rising}, {Kind: Unhealthy}}
}

// Analyses are the analyses other packages provide; nil fields are rule
// kinds not available.
type Analyses struct {
	Fading     func(ctx context.Context, db Reader, r Rule, w report.Window) ([]Alert, error)
	Candidates func(ctx context.Context, db Reader, r Rule, w report.Window) ([]Alert, error)
}

// Evaluate returns the alerts true now under r, over the window of r.Days
// ending on the last day stored: a crawl that stored nothing today must not
// make every term look fallen.
func Evaluate(ctx context.Context, db Reader, r Rule, an Analyses) ([]Alert, error) {
	if r.Days <= 0 {
		r.Days = 7
	}
	w, err := lastWindow(ctx, db, r)
	if err != nil || w.To == "" {
		return nil, err
	}
	switch r.Kind {
	case Rising:
		return rising(ctx, db, r, w)
	case First:
		return first(ctx, db, r, w)
	case Unhealthy:
		return unhealthy(ctx, db, r)
	case Fading:
		if an.Fading == nil {
			return nil, fmt.Errorf("alert rule fading: %w (tifa fading is not in this build)", ErrNotAvailable)
		}
		return an.Fading(ctx, db, r, w)
	case Candidate:
		if an.Candidates == nil {
			return nil, fmt.Errorf("alert rule candidate: %w (tifa discover is not in this build)", ErrNotAvailable)
		}
		return an.Candidates(ctx, db, r, w)
	}
	return nil, fmt.Errorf("unknown alert rule %q: give rising, first, unhealthy, fading or candidate", r.Kind)
}

func lastWindow(ctx context.Context, db Reader, r Rule) (report.Window, error) {
	cov, err := db.Coverage(ctx, tifa.Filter{Sources: r.Sources})
	if err != nil {
		return report.Window{}, err
	}
	last := ""
	for _, c := range cov {
		if c.Last > last {
			last = c.Last
		}
	}
	if last == "" {
		return report.Window{}, nil
	}
	to, err := tifa.ParseDay(last)
	if err != nil {
		return report.Window{}, fmt.Errorf("last day stored: %w", err)
	}
	return report.Window{From: to.AddDate(0, 0, 1-r.Days).Format("2006-01-02"), To: last}, nil
}

// rising reuses report's rising ranking and keeps the ranked terms whose
// ratio reaches r.Ratio.
func rising(ctx context.Context, db Reader, r Rule, w report.Window) ([]Alert, error) {
	if r.Baseline <= 0 {
		r.Baseline = 3
	}
	if r.Ratio <= 0 {
		r.Ratio = 3
	}
	if r.MinArticles <= 0 {
		r.MinArticles = 5
	}
	q := report.Query{Filter: tifa.Filter{Terms: r.Terms, Sources: r.Sources, From: w.From, To: w.To}}
	base := w.Before(r.Baseline)
	g, err := report.RisingTerms(ctx, db, q, report.Rising{Baseline: base, MinArticles: r.MinArticles, Exclude: r.Exclude}, nil)
	if err != nil {
		return nil, fmt.Errorf("alert rule rising: %w", err)
	}
	col := columns(g.Head)
	var out []Alert
	for _, row := range g.Rows {
		if row[col["rank"]] == "" {
			continue // too rare now, or nothing stored in the baseline
		}
		ratio, _ := strconv.ParseFloat(row[col["ratio"]], 64)
		if ratio < r.Ratio {
			continue
		}
		term := row[col["term"]]
		a := Alert{Key: "rising:" + term, Kind: Rising, Term: term,
			Title:   fmt.Sprintf("%s rising: %.1f× its baseline share", term, ratio),
			Summary: fmt.Sprintf("%s articles mentioned %s from %s to %s, against baseline %s.", row[col["articles"]], term, w.From, w.To, base)}
		for _, c := range []string{"articles", "share_frac", "baseline_articles", "baseline_share_frac", "ratio"} {
			v, _ := strconv.ParseFloat(row[col[c]], 64)
			a.Numbers = append(a.Numbers, Number{c, v})
		}
		if a.Articles, err = articles(ctx, db, q, term, 3); err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, nil
}

// first alerts on a term's first day in a source within the window, where
// the source was already stored before that day: a lag that is the start
// of storing is not news.
func first(ctx context.Context, db Reader, r Rule, w report.Window) ([]Alert, error) {
	seen, err := db.FirstSeen(ctx, tifa.Filter{Terms: r.Terms, Sources: r.Sources})
	if err != nil {
		return nil, fmt.Errorf("alert rule first: %w", err)
	}
	cov, err := db.Coverage(ctx, tifa.Filter{Sources: r.Sources})
	if err != nil {
		return nil, err
	}
	since := map[string]tifa.Coverage{}
	for _, c := range cov {
		since[c.Source] = c
	}
	var out []Alert
	for _, s := range seen {
		if s.Day < w.From || s.Day > w.To || since[s.Source].First >= s.Day {
			continue
		}
		a := Alert{Key: "first:" + s.Term + ":" + s.Source, Kind: First, Term: s.Term, Source: s.Source,
			Title:   fmt.Sprintf("%s first seen in %s", s.Term, s.Source),
			Summary: fmt.Sprintf("%s mentioned %s on %s for the first time since storing began on %s.", s.Source, s.Term, s.Day, since[s.Source].First)}
		q := report.Query{Filter: tifa.Filter{Sources: []string{s.Source}, From: s.Day, To: s.Day}}
		if a.Articles, err = articles(ctx, db, q, s.Term, 3); err != nil {
			return nil, err
		}
		that, err := db.Mentioning(ctx, s.Term, q.Filter, 0)
		if err != nil {
			return nil, err
		}
		a.Numbers = []Number{{"articles_that_day", float64(len(that))}, {"source_days_stored", float64(since[s.Source].Days)}}
		out = append(out, a)
	}
	return out, nil
}

func unhealthy(ctx context.Context, db Reader, r Rule) ([]Alert, error) {
	sources := r.Sources
	if len(sources) == 0 {
		cov, err := db.Coverage(ctx, tifa.Filter{})
		if err != nil {
			return nil, err
		}
		for _, c := range cov {
			sources = append(sources, c.Source)
		}
	}
	var out []Alert
	for _, src := range sources {
		fs, sum, err := health.Source(ctx, db, src)
		if err != nil {
			return nil, fmt.Errorf("alert rule unhealthy: %w", err)
		}
		for _, f := range fs {
			out = append(out, Alert{Key: "unhealthy:" + src + ":" + f.Kind, Kind: Unhealthy, Source: src,
				Title: fmt.Sprintf("%s unhealthy: %s", src, f.Kind), Summary: f.Msg,
				Numbers: []Number{{"links_seen", float64(sum.LinksSeen)}, {"fetched", float64(sum.Fetched)},
					{"errors", float64(sum.Errors)}, {"empty", float64(sum.Empty)}}})
		}
	}
	return out, nil
}

func articles(ctx context.Context, db Reader, q report.Query, term string, n int) ([]Article, error) {
	snips, err := report.Snippets(ctx, db, q, term, n)
	if err != nil {
		return nil, fmt.Errorf("articles mentioning %s: %w", term, err)
	}
	var out []Article
	for _, s := range snips {
		out = append(out, Article{Day: s.Day, Source: s.Source, Title: s.Title, URL: s.URL, Sentence: s.Sentence})
	}
	return out, nil
}

func columns(head []string) map[string]int {
	m := map[string]int{}
	for i, h := range head {
		m[h] = i
	}
	return m
}
