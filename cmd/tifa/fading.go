package main

import (
	"context"
	"fmt"
	"strconv"

	"github.com/tifa-project/tifa"
	"github.com/tifa-project/tifa/alert"
	"github.com/tifa-project/tifa/discover"
	"github.com/tifa-project/tifa/report"
	"github.com/tifa-project/tifa/trend"
)

func runFading(ctx context.Context, e *env, args []string) error {
	fs := flagSet(e, "fading", "[--from D --to D] [--baseline-from D --baseline-to D] [--days N] [--term ID ...] [--source ID ...] [--min-prior N] [--fall F] [--expect E] [--csv]",
		"Terms on the way out, per source and over all sources: vanished (used steadily in the baseline, in at\n"+
			"least a third of its weeks, and not once in the window) or fallen (share at most 1/F of the baseline's).\n"+
			"Default window: the last N days stored; baseline: the six windows before it. A term is judged only\n"+
			"where its baseline share predicts at least E (3) articles in the window, so a quiet month is no fade.")
	var r reportFlags
	r.registerFilters(fs, e)
	baseFrom := fs.String("baseline-from", "", "first day of the baseline `YYYY-MM-DD`")
	baseTo := fs.String("baseline-to", "", "last day of the baseline `YYYY-MM-DD`")
	days := fs.Int("days", 28, "the window's length in `days` when --from is not given")
	minPrior := fs.Int("min-prior", 5, "only terms in at least `N` baseline articles")
	fall := fs.Float64("fall", 3, "fallen: share now at most the baseline share divided by `F`")
	expect := fs.Float64("expect", 3, "judge a term only where its baseline share predicts at least `E` articles in the window")
	var o outputFlags
	o.register(fs)
	a, err := startAnalysis(ctx, fs, args, &r, &o, func(q report.Query) error {
		if (*baseFrom == "") != (*baseTo == "") || (*baseFrom != "" && *baseFrom > *baseTo) {
			return usagef("give both --baseline-from and --baseline-to, in order")
		}
		if q.From != "" && q.To == "" {
			return usagef("--from needs --to")
		}
		if *days < 1 || *minPrior < 1 || *fall <= 1 || *expect <= 0 {
			return usagef("--days and --min-prior must be at least 1, --fall above 1, --expect above 0")
		}
		return nil
	})
	if err != nil {
		return err
	}
	defer a.db.Close()
	fades, err := trend.Find(ctx, a.db, trend.Fading{Filter: a.q.Filter, Days: *days, BaseFrom: *baseFrom, BaseTo: *baseTo, MinPrior: *minPrior, Fall: *fall, Expect: *expect})
	if err != nil {
		return err
	}
	return o.grid(e, fadingGrid(fades, labels(a.cfg)))
}

func fadingGrid(fs []trend.Fade, l report.Labels) *report.Grid {
	g := &report.Grid{Title: "terms fading", Head: []string{"kind", "term", "source", "articles", "stored", "share_frac",
		"baseline_articles", "baseline_stored", "baseline_share_frac", "ratio", "expected", "last_day", "last_sentence", "last_url"},
		Kinds: []report.Kind{report.Plain, report.Plain, report.Plain, report.Count, report.Count, report.Percent, report.Count, report.Count, report.Percent}}
	if len(fs) == 0 {
		g.Notes = []string{"No term faded: none fell to a third of its baseline share where at least 3 articles were expected."}
	} else {
		f := fs[0]
		g.Title = fmt.Sprintf("terms fading in %s to %s, against baseline %s to %s", f.From, f.To, f.BaseFrom, f.BaseTo)
		g.Notes = []string{"source all: every source together; ratio: (share now + 1‰) / (share in baseline + 1‰); expected: articles the baseline share predicts now."}
	}
	ff := func(v float64) string { return strconv.FormatFloat(v, 'f', 4, 64) }
	for _, f := range fs {
		src := f.Source
		if src == "" {
			src = "all"
		}
		g.Rows = append(g.Rows, []string{f.Kind, termName(f.Term, l), src, strconv.Itoa(f.Articles), strconv.Itoa(f.Docs), ff(f.Share),
			strconv.Itoa(f.PriorArticles), strconv.Itoa(f.PriorDocs), ff(f.PriorShare), strconv.FormatFloat(f.Ratio, 'f', 2, 64),
			strconv.FormatFloat(f.Expected, 'f', 1, 64), f.Last.Day, f.Last.Sentence, f.Last.URL})
	}
	return g
}

func termName(id string, l report.Labels) string {
	if l[id] != "" {
		return id + " " + l[id]
	}
	return id
}

// analyses are the alert rules that tifa fading and tifa discover provide.
func analyses(db analysisStore) alert.Analyses {
	// The rules read db under the context alert.Run gives them, which holds
	// its snapshot when it took one: the same moment as the reader it passes.
	return alert.Analyses{
		Fading: func(ctx context.Context, _ alert.Reader, r alert.Rule, w report.Window) ([]alert.Alert, error) {
			return fadingAlerts(ctx, db, r, w)
		},
		Candidates: func(ctx context.Context, _ alert.Reader, r alert.Rule, w report.Window) ([]alert.Alert, error) {
			return candidateAlerts(ctx, db, r, w)
		},
	}
}

// analysisStore is what tifa fading, tifa discover and their alert rules
// read: the daily aggregates, the article texts and the recorded lexicons.
type analysisStore interface {
	trend.Store
	EachText(ctx context.Context, f tifa.Filter, fn func(s tifa.Stored, url string) error) error
	Lexicons(ctx context.Context) ([]tifa.Lexicon, error)
}

// fadingAlerts: each term fading in the rule's window, against the six
// windows before it.
func fadingAlerts(ctx context.Context, db analysisStore, r alert.Rule, w report.Window) ([]alert.Alert, error) {
	fades, err := trend.Find(ctx, db, trend.Fading{Filter: tifa.Filter{Terms: r.Terms, Sources: r.Sources, From: w.From, To: w.To}})
	if err != nil {
		return nil, fmt.Errorf("alert rule fading: %w", err)
	}
	var out []alert.Alert
	for _, f := range fades {
		src := f.Source
		if src == "" {
			src = "all sources"
		}
		a := alert.Alert{Key: "fading:" + f.Term + ":" + f.Source, Kind: alert.Fading, Term: f.Term, Source: f.Source,
			Title: fmt.Sprintf("%s %s in %s", f.Term, f.Kind, src),
			Summary: fmt.Sprintf("%d of %d articles mentioned %s from %s to %s (%.1f expected), against %d of %d from %s to %s; last seen %s.",
				f.Articles, f.Docs, f.Term, f.From, f.To, f.Expected, f.PriorArticles, f.PriorDocs, f.BaseFrom, f.BaseTo, f.Last.Day),
			Numbers: []alert.Number{num("articles", float64(f.Articles)), num("share_frac", f.Share), num("baseline_articles", float64(f.PriorArticles)),
				num("baseline_share_frac", f.PriorShare), num("ratio", f.Ratio), num("expected", f.Expected)}}
		if f.Last.Day != "" {
			a.Articles = []alert.Article{{Day: f.Last.Day, Source: f.Last.Source, Title: f.Last.Title, URL: f.Last.URL, Sentence: f.Last.Sentence}}
		}
		out = append(out, a)
	}
	return out, nil
}

// candidateAlerts: each candidate formulation of the rule's window, against
// the three windows before it, scoring at least r.Score.
func candidateAlerts(ctx context.Context, db analysisStore, r alert.Rule, w report.Window) ([]alert.Alert, error) {
	forms, err := storedForms(ctx, db)
	if err != nil {
		return nil, err
	}
	base := w.Before(3)
	minArts := r.MinArticles
	if minArts <= 0 {
		minArts = 3
	}
	cs, _, err := findCandidates(ctx, db, nil, discover.Options{Window: tifa.Filter{Sources: r.Sources, From: w.From, To: w.To},
		Baseline: tifa.Filter{Sources: r.Sources, From: base.From, To: base.To}, MinArticles: minArts, Limit: 20, Exclude: forms})
	if err != nil {
		return nil, fmt.Errorf("alert rule candidate: %w", err)
	}
	var out []alert.Alert
	for _, c := range cs {
		// A team chat is told of what looks like a formulation only: a
		// dictionary word, a fragment, grammar or a template's line is
		// listed by tifa discover, marked, but is no news.
		if c.Score < r.Score || !c.Likely() {
			continue
		}
		a := alert.Alert{Key: "candidate:" + c.Text, Kind: alert.Candidate, Term: c.Text,
			Title: fmt.Sprintf("new formulation? %s (score %.1f)", c.Text, c.Score),
			Summary: fmt.Sprintf("%s appeared in %d articles of %d sources from %s to %s, against %d in %s to %s; first seen %s in %s.",
				c.Text, c.Articles, len(c.Sources), w.From, w.To, c.BaselineArticles, base.From, base.To, c.First.Day, c.First.Source),
			Numbers: []alert.Number{num("score", c.Score), num("articles", float64(c.Articles)), num("mentions", float64(c.Count)),
				num("sources", float64(len(c.Sources))), num("baseline_articles", float64(c.BaselineArticles)), num("rise", c.Rise)}}
		for _, x := range c.Examples {
			a.Articles = append(a.Articles, alert.Article{Day: x.Day, Source: x.Source, Title: x.Title, URL: x.URL, Sentence: x.Sentence})
		}
		out = append(out, a)
	}
	return out, nil
}

// storedForms are the Chinese forms of every lexicon the database records.
func storedForms(ctx context.Context, db analysisStore) ([]string, error) {
	lxs, err := db.Lexicons(ctx)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, lx := range lxs {
		for _, t := range lx.Terms {
			out = append(out, t.Zh...)
		}
	}
	return out, nil
}

func num(name string, v float64) alert.Number { return alert.Number{Name: name, Value: v} }
