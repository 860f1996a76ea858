// Package discover finds candidate formulations: strings of Han characters
// that recur across articles and sources, hold together, stand free of
// their neighbours, and rise against a baseline, but are no form of any
// term the lexicon already counts.
//
// Counting is streaming and bounded. A first pass over the window feeds
// every 2- to 11-character string into a count-min sketch of fixed size
// (conservative update, 16-bit cells). A second pass counts exactly only
// the strings whose sketch estimate, and that of every shorter string
// inside them, reaches the minimum support (an Apriori condition: a string
// cannot be more frequent than its parts). If the exact table still outgrows
// its cap, the support is raised and entries below it dropped, which is the
// same as having started with the higher support; Stats reports the support
// used. A third pass reads details (baseline, weeks, examples) for the few
// hundred best. Memory is the sketch plus the capped table plus one
// article and the few batches of hashes in flight, whatever the window's
// length. The first two passes use two cores (see pass.go). A sketch was chosen over per-day
// pruned counts because a formulation that spreads at one article a day
// never reaches a per-day threshold, while its window total does.
package discover

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/tifa-project/tifa"
)

// Doc is one article's text as discover reads it.
type Doc struct {
	ID          int64
	Source, Day string
	Title, URL  string
	Text        string // title and body
}

// Corpus yields the articles of a filter in day order, then id order.
type Corpus interface {
	EachDoc(ctx context.Context, f tifa.Filter, fn func(Doc) error) error
}

// Options say where to look and what to leave out.
type Options struct {
	Window   tifa.Filter // the range looked at (Terms ignored)
	Baseline tifa.Filter // the range compared with; no From and To: none
	// MinArticles is the least number of window articles a candidate
	// appears in [3].
	MinArticles int
	Limit       int      // candidates returned [20]
	Exclude     []string // the lexicon's forms: these and the strings inside them are no candidates
	// Known tells whether a dictionary (gse's) has the string as a word;
	// nil: not asked.
	Known func(string) bool
	// Bounds gives a segmenter's word starts in text, then len(text)
	// (segment.Segmenter.Bounds); nil: edges are not checked. A string
	// whose occurrences mostly begin or end inside a word (推动中 in
	// 推动中美关系, 行业大 in 跨行业大罢工) is a fragment straddling words,
	// however often it recurs, and falls in the ranking.
	Bounds func(text []byte, dst []int) []int
	// Stop says whether a word is a function word (gse's stop tokens). A
	// string made only of such words (让我们) is grammar, not a
	// formulation, and falls to the bottom; one that ends in one (满足于,
	// 一个没有) is a phrase and its grammar, and falls far; one that starts
	// with one falls less, since formulations do (以人民为中心). nil, or
	// no Bounds: not asked.
	Stop func(word string) bool
	// SketchWidth and MaxGrams bound memory: the sketch's cells per row
	// [1<<22], and the strings counted exactly [2,000,000].
	SketchWidth, MaxGrams int
}

// Candidate is one string found, with what supports it.
type Candidate struct {
	Text                      string
	Score                     float64
	Count, Articles           int // in the window
	Sources                   []string
	BaselineArticles          int
	Rise                      float64 // smoothed share ratio against the baseline; 0: no baseline
	Cohesion                  float64 // weakest split's pointwise mutual information, nats
	LeftEntropy, RightEntropy float64 // branching entropy of the characters beside it, nats
	First                     Seen
	Weeks                     []Week
	Examples                  []Seen // two sentences, from different sources when there are
	Known                     bool   // Options.Known said yes
	// Edges: of the Checked occurrences (one per article, at most
	// maxChecked), how many began and ended on word boundaries of
	// Options.Bounds. Checked is 0 when edges were not checked.
	Edges, Checked int
	// Function says where its function words are (Options.Stop): "only",
	// "starts", "ends", "starts and ends", or "" for none at either end.
	Function string
	// SiteText is the line of a page's template the string sits in: in
	// most of the Lined articles looked at (one line each, at most
	// maxLined), its line is repeated word for word in at least three
	// articles of one source under different titles. That is a menu, a
	// heading or a footer an extractor kept (更多精彩资讯请点击 网易股票
	// under every NetEase article), not language spreading; a reprint
	// keeps its title and a formulation changes sentence. SiteTextArticles
	// counts the articles whose line was such a line.
	SiteText                string
	SiteTextArticles, Lined int
}

// Likely says whether c looks like a formulation rather than vocabulary
// (a word of the dictionary), a fragment (off word edges in half its
// articles or more), a phrase with its grammar (only function words, or
// ending in one) or site text (SiteText). The ranking already puts such
// strings low; on a small store they are all there is, and a reader should
// be told.
func (c Candidate) Likely() bool {
	return !c.Known && (c.Checked == 0 || 2*c.Edges > c.Checked) && (c.Function == "" || c.Function == "starts") && c.SiteText == ""
}

// Seen is an article a candidate appears in, with its sentence.
type Seen struct {
	Day, Source, Title, URL, Sentence string
}

// Week is the articles a candidate appears in during the week starting
// Start (a Monday).
type Week struct {
	Start    string
	Articles int
}

// Stats say what a run read and how much memory its counts took.
type Stats struct {
	Docs, BaselineDocs int
	Chars              int64
	SketchBytes        int
	Grams              int // strings counted exactly at the end
	Support            int // the minimum count actually used (raised above MinArticles when the table hit MaxGrams)
	Elapsed            time.Duration
}

const maxLen = 10 // longest candidate; one more is counted for branching entropy

// Find ranks candidate formulations in c under o.
func Find(ctx context.Context, c Corpus, o Options) ([]Candidate, Stats, error) {
	start := time.Now()
	if o.MinArticles <= 0 {
		o.MinArticles = 3
	}
	if o.Limit <= 0 {
		o.Limit = 20
	}
	if o.SketchWidth <= 0 {
		o.SketchWidth = 1 << 22
	}
	if o.MaxGrams <= 0 {
		o.MaxGrams = 2_000_000
	}
	o.Window.Terms, o.Baseline.Terms = nil, nil
	ct := newCounter(o)
	if err := ct.sketchPass(ctx, c); err != nil {
		return nil, Stats{}, fmt.Errorf("discover, first pass: %w", err)
	}
	if err := ct.countPass(ctx, c); err != nil {
		return nil, Stats{}, fmt.Errorf("discover, second pass: %w", err)
	}
	ct.entropies()
	best := ct.rank(max(20*o.Limit, 400))
	d := newDetailer(ct, best, o)
	if o.Baseline.From != "" || o.Baseline.To != "" {
		if err := c.EachDoc(ctx, o.Baseline, d.baselineDoc); err != nil {
			return nil, Stats{}, fmt.Errorf("discover, baseline: %w", err)
		}
	}
	if err := c.EachDoc(ctx, o.Window, d.windowDoc); err != nil {
		return nil, Stats{}, fmt.Errorf("discover, details: %w", err)
	}
	out := d.finish(o)
	st := Stats{Docs: ct.docs, BaselineDocs: d.baseDocs, Chars: ct.chars, SketchBytes: ct.sk.bytes(),
		Grams: len(ct.grams), Support: ct.support, Elapsed: time.Since(start)}
	return out, st, nil
}

// excluded is every form and every string of two or more characters
// inside one.
func excluded(forms []string) map[string]bool {
	m := map[string]bool{}
	for _, f := range forms {
		r := []rune(f)
		for i := range r {
			for j := i + 2; j <= len(r); j++ {
				m[string(r[i:j])] = true
			}
		}
	}
	return m
}

// edgeless are characters that end a phrase rather than belong to one
// (particles and conjunctions): a string starting or ending with one is
// the phrase plus its grammar. Characters that also start formulations
// (以, 为, 对) are not listed.
const (
	noStart = "的了着过和与及或等是也都就而并在于之"
	noEnd   = "的了着过和与及或是也都就而并在将把被从向对为以后曾已"
)

func formLike(s string) bool {
	first, _ := utf8.DecodeRuneInString(s)
	last, _ := utf8.DecodeLastRuneInString(s)
	return !strings.ContainsRune(noStart, first) && !strings.ContainsRune(noEnd, last)
}

// weekOf is the Monday starting day's week.
func weekOf(day string) string {
	t, err := tifa.ParseDay(day)
	if err != nil {
		return day
	}
	return t.AddDate(0, 0, -((int(t.Weekday()) + 6) % 7)).Format(time.DateOnly)
}

func entropy(n int32, cLogC float64) float64 {
	if n <= 0 {
		return 0
	}
	h := math.Log(float64(n)) - cLogC/float64(n)
	return max(h, 0)
}

func sortedSources(m map[string]bool) []string {
	var out []string
	for s := range m {
		out = append(out, s)
	}
	slices.Sort(out)
	return out
}

func nextWeek(wk string) string {
	t, err := tifa.ParseDay(wk)
	if err != nil {
		return "9999-12-31"
	}
	return t.AddDate(0, 0, 7).Format(time.DateOnly)
}
