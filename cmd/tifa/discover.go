package main

import (
	"context"
	"fmt"
	"hash/fnv"
	"io"
	"strconv"
	"strings"

	"github.com/tifa-project/tifa"
	"github.com/tifa-project/tifa/discover"
	"github.com/tifa-project/tifa/report"
	"github.com/tifa-project/tifa/segment"
)

func runDiscover(ctx context.Context, e *env, args []string) error {
	fs := flagSet(e, "discover", "[--from D --to D] [--baseline-from D --baseline-to D] [--source ID ...] [--min-articles N] [--limit N] [--csv]",
		"Candidate formulations: strings of 2 to 10 Han characters that are no form of a term (nor inside or\n"+
			"around one), ranked by how they hold together, how freely they combine with their neighbours, how\n"+
			"many articles and sources use them and how much they rose against the baseline (default, with a\n"+
			"range: the three windows of its length before it; without one: every stored day, no baseline).\n"+
			"Each comes with its first sighting, weekly trend, two sentences and a snippet to add it as a term.")
	var r reportFlags
	r.registerFilters(fs, e)
	baseFrom := fs.String("baseline-from", "", "first day of the baseline `YYYY-MM-DD`")
	baseTo := fs.String("baseline-to", "", "last day of the baseline `YYYY-MM-DD`")
	minArts := fs.Int("min-articles", 3, "only strings in at least `N` articles of the range")
	limit := fs.Int("limit", 20, "at most `N` candidates")
	var o outputFlags
	o.register(fs)
	var base report.Window
	a, err := startAnalysis(ctx, fs, args, &r, &o, func(q report.Query) error {
		if len(q.Terms) > 0 {
			return usagef("discover looks for what is not a term yet: --term does not apply")
		}
		if q.Originals {
			return usagef("discover reads every article: --originals does not apply")
		}
		if q.From != "" && q.To != "" {
			base = report.Window{From: q.From, To: q.To}.Before(3)
		}
		if *baseFrom != "" || *baseTo != "" {
			if *baseFrom == "" || *baseTo == "" || *baseFrom > *baseTo {
				return usagef("give both --baseline-from and --baseline-to, in order")
			}
			base = report.Window{From: *baseFrom, To: *baseTo}
		}
		if *minArts < 1 || *limit < 1 {
			return usagef("--min-articles and --limit must be at least 1")
		}
		return nil
	})
	if err != nil {
		return err
	}
	defer a.db.Close()
	opt := discover.Options{Window: a.q.Filter, MinArticles: *minArts, Limit: *limit, Exclude: lexiconForms(a)}
	if base.From != "" {
		opt.Baseline = tifa.Filter{Sources: a.q.Sources, From: base.From, To: base.To, FrontPage: a.q.FrontPage}
	}
	cs, st, err := findCandidates(ctx, a.db, e.segs, opt)
	if err != nil {
		return err
	}
	logger(e).Info("discover", "articles", st.Docs, "baseline_articles", st.BaselineDocs, "characters", st.Chars,
		"sketch_bytes", st.SketchBytes, "strings_counted", st.Grams, "support", st.Support, "elapsed", st.Elapsed.String())
	if o.csv {
		return o.grid(e, candidateGrid(cs))
	}
	return o.write(e, len(cs), func(w io.Writer) error { return writeCandidates(w, cs, opt, st) })
}

// lexiconForms are the Chinese forms of every term the database or the
// configuration knows.
func lexiconForms(a *analysis) []string {
	var out []string
	for _, t := range a.cfg.Terms {
		out = append(out, t.Zh...)
	}
	return out
}

// findCandidates runs discover over the store and asks gse's dictionary
// about the candidates found.
func findCandidates(ctx context.Context, db analysisStore, segs *segment.Loader, opt discover.Options) ([]discover.Candidate, discover.Stats, error) {
	seg, err := segs.New(nil)
	if err != nil {
		return nil, discover.Stats{}, err
	}
	opt.Known, opt.Bounds = seg.Knows, seg.Bounds
	stop := segment.StopWords()
	opt.Stop = func(w string) bool { return stop[w] }
	return discover.Find(ctx, corpus{db}, opt)
}

// corpus reads discover's documents from the store.
type corpus struct{ db analysisStore }

func (c corpus) EachDoc(ctx context.Context, f tifa.Filter, fn func(discover.Doc) error) error {
	return c.db.EachText(ctx, f, func(s tifa.Stored, url string) error {
		return fn(discover.Doc{ID: s.ID, Source: s.Source, Day: s.Day, Title: s.Title, URL: url, Text: tifa.TaggedText(s.Title, s.Body)})
	})
}

func writeCandidates(w io.Writer, cs []discover.Candidate, opt discover.Options, st discover.Stats) error {
	var b strings.Builder
	fmt.Fprintf(&b, "Candidate formulations in %s: %d articles", rangeText(opt.Window), st.Docs)
	if opt.Baseline.From != "" {
		fmt.Fprintf(&b, ", against %s (%d articles)", rangeText(opt.Baseline), st.BaselineDocs)
		if st.BaselineDocs == 0 {
			b.WriteString(", so no rise")
		}
	}
	fmt.Fprintf(&b, "; strings in at least %d articles, no form of the %d lexicon forms.\n", opt.MinArticles, len(opt.Exclude))
	if st.Support > opt.MinArticles {
		fmt.Fprintf(&b, "Memory cap reached: only strings seen at least %d times were counted.\n", st.Support)
	}
	likely := 0
	for _, c := range cs {
		if c.Likely() {
			likely++
		}
	}
	switch {
	case len(cs) == 0:
		b.WriteString("No candidates: lower --min-articles or widen the range.\n")
	case likely == 0:
		b.WriteString("None of these looks like a new formulation: each is a dictionary word, a fragment across words, grammar or site text (said under each). Lower --min-articles or widen the range.\n")
	}
	for i, c := range cs {
		fmt.Fprintf(&b, "\n%2d. %s  score %.1f · %d articles (%d mentions) in %d sources (%s)", i+1, c.Text, c.Score, c.Articles, c.Count, len(c.Sources), strings.Join(c.Sources, ", "))
		if st.BaselineDocs > 0 {
			fmt.Fprintf(&b, " · baseline %d articles, rise %.1f×", c.BaselineArticles, c.Rise)
		}
		known := "not in gse's dictionary"
		if c.Known {
			known = "a word in gse's dictionary"
		}
		fmt.Fprintf(&b, "\n    cohesion %.2f · free edges %.2f/%.2f · %s", c.Cohesion, c.LeftEntropy, c.RightEntropy, known)
		if c.Checked > 0 {
			fmt.Fprintf(&b, " · on word edges in %d of %d articles", c.Edges, c.Checked)
		}
		switch c.Function {
		case "":
		case "only":
			b.WriteString(" · function words only")
		default:
			b.WriteString(" · " + c.Function + " with a function word")
		}
		b.WriteString("\n")
		if c.SiteText != "" {
			fmt.Fprintf(&b, "    site text, not a formulation: in %d of %d articles it sits in a line repeated word for word under other titles, 「%s」\n",
				c.SiteTextArticles, c.Lined, c.SiteText)
		}
		fmt.Fprintf(&b, "    first seen %s %s 「%s」 %s\n", c.First.Day, c.First.Source, c.First.Title, c.First.URL)
		if len(c.Weeks) > 0 {
			fmt.Fprintf(&b, "    by week from %s: %s\n", c.Weeks[0].Start, spark(c.Weeks))
		}
		for _, x := range c.Examples {
			fmt.Fprintf(&b, "    %s %s: %s\n", x.Day, x.Source, x.Sentence)
		}
		fmt.Fprintf(&b, "    as a term (add under terms:, then run tifa retag):\n%s", termSnippet(c.Text, "      "))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func rangeText(f tifa.Filter) string {
	switch {
	case f.From == "" && f.To == "":
		return "every stored day"
	case f.From == "":
		return "days up to " + f.To
	case f.To == "":
		return "days from " + f.From
	}
	return f.From + " to " + f.To
}

// spark draws weekly article counts as a bar per week, the highest full.
func spark(ws []discover.Week) string {
	bars := []rune("▁▂▃▄▅▆▇█")
	top := 0
	for _, w := range ws {
		top = max(top, w.Articles)
	}
	var b strings.Builder
	for _, w := range ws {
		switch {
		case w.Articles == 0:
			b.WriteRune('·')
		default:
			b.WriteRune(bars[(w.Articles*(len(bars)-1)+top-1)/top])
		}
	}
	return b.String()
}

// termSnippet is the configuration entry that makes s a term; the id is
// made from s so it is valid and stable, and meant to be renamed.
func termSnippet(s, indent string) string {
	h := fnv.New32a()
	h.Write([]byte(s))
	return fmt.Sprintf("%s- id: candidate-%08x  # rename\n%s  label: %s\n%s  zh: [%s]\n", indent, h.Sum32(), indent, s, indent, s)
}

func candidateGrid(cs []discover.Candidate) *report.Grid {
	g := &report.Grid{Title: "candidate formulations",
		Head: []string{"rank", "candidate", "score", "articles", "mentions", "sources", "baseline_articles", "rise", "cohesion",
			"left_entropy", "right_entropy", "gse_knows", "on_word_edges", "edges_checked", "function_words_at", "site_text", "site_text_articles", "likely", "first_day", "first_source", "first_title", "first_url", "weeks", "example_1", "example_2"}}
	f := func(v float64) string { return strconv.FormatFloat(v, 'f', 3, 64) }
	for i, c := range cs {
		var wk []string
		for _, w := range c.Weeks {
			wk = append(wk, fmt.Sprintf("%s:%d", w.Start, w.Articles))
		}
		ex := []string{"", ""}
		for j, x := range c.Examples {
			ex[j] = x.Day + " " + x.Source + ": " + x.Sentence
		}
		g.Rows = append(g.Rows, []string{strconv.Itoa(i + 1), c.Text, f(c.Score), strconv.Itoa(c.Articles), strconv.Itoa(c.Count),
			strings.Join(c.Sources, " "), strconv.Itoa(c.BaselineArticles), f(c.Rise), f(c.Cohesion), f(c.LeftEntropy), f(c.RightEntropy),
			strconv.FormatBool(c.Known), strconv.Itoa(c.Edges), strconv.Itoa(c.Checked), c.Function, c.SiteText, strconv.Itoa(c.SiteTextArticles), strconv.FormatBool(c.Likely()), c.First.Day, c.First.Source, c.First.Title, c.First.URL, strings.Join(wk, " "), ex[0], ex[1]})
	}
	return g
}
