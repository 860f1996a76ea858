package storetest

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/tifa-project/tifa"
)

// Case is one behaviour every engine must have, run on a fresh, empty
// database.
type Case struct {
	Name string
	Run  func(t *testing.T, e Engine)
}

// Cases are the suite, in the order Run runs them.
func Cases() []Case {
	return slices.Concat(articleCases, frontPageCases, monthCases, retagCases, frontierCases, hostCases, roundCases, lockCases, raceCases)
}

// Run runs every case as a subtest, each on an engine open returns: an
// empty database of its own, closed by open's cleanup.
func Run(t *testing.T, open func(t *testing.T) Engine) {
	for _, c := range Cases() {
		t.Run(c.Name, func(t *testing.T) {
			c.Run(t, open(t))
		})
	}
}

// t0 is the suite's clock: every time it passes an engine is one of its
// own, never the wall clock, so a case means the same on a slow machine.
var t0 = time.Date(2026, 11, 27, 8, 0, 0, 0, time.UTC)

const (
	source  = "xinhua"
	lexV1   = "v1aaaaaaaaaa"
	lexV2   = "v2bbbbbbbbbb"
	termNQ  = "nqpf" // 新质生产力
	termSW  = "sw"   // 单一窗口
	termGDP = "gdp"
)

// article is a stored-looking article of the suite's source published on
// day (YYYY-MM-DD, China time).
func article(url, day, body string) *tifa.Article {
	pub, err := tifa.ParseDay(day)
	if err != nil {
		panic(err) // the suite's own constant days
	}
	return &tifa.Article{URL: url, Source: source, Title: "标题", Body: body, Lang: "zh", Charset: "utf-8",
		Method: "test", Published: pub.Add(9 * time.Hour), PublishedSource: "page", FetchedAt: t0}
}

func counts(kv ...any) []tifa.Count {
	var out []tifa.Count
	for i := 0; i < len(kv); i += 2 {
		n := kv[i+1].(int)
		c := tifa.Count{Term: kv[i].(string), Count: n}
		for j := range n {
			c.Spans = append(c.Spans, tifa.Span{Start: 10 * j, End: 10*j + 5})
		}
		out = append(out, c)
	}
	return out
}

func save(t *testing.T, e Engine, a *tifa.Article, c []tifa.Count, lexicon string, want tifa.Outcome) {
	t.Helper()
	got, err := e.SaveArticle(context.Background(), a, c, lexicon)
	if err != nil {
		t.Fatalf("save %s: %v", a.URL, err)
	}
	if got != want {
		t.Fatalf("save %s: %v, want %v", a.URL, got, want)
	}
}

// termDays renders the daily term aggregates as "term/source/day=mentions:nested:articles" lines.
func termDays(t *testing.T, e Engine) string {
	t.Helper()
	rows, err := e.TermDays(context.Background(), tifa.Filter{})
	if err != nil {
		t.Fatalf("term days: %v", err)
	}
	var out []string
	for _, r := range rows {
		out = append(out, fmt.Sprintf("%s/%s/%s=%d:%d:%d", r.Term, r.Source, r.Day, r.Mentions, r.Nested, r.Articles))
	}
	slices.Sort(out)
	return strings.Join(out, " ")
}

// sourceDays renders the daily source aggregates as "source/day=articles:chars".
func sourceDays(t *testing.T, e Engine) string {
	t.Helper()
	rows, err := e.SourceDays(context.Background(), tifa.Filter{})
	if err != nil {
		t.Fatalf("source days: %v", err)
	}
	var out []string
	for _, r := range rows {
		out = append(out, fmt.Sprintf("%s/%s=%d:%d", r.Source, r.Day, r.Articles, r.Chars))
	}
	slices.Sort(out)
	return strings.Join(out, " ")
}

func wantAggregates(t *testing.T, e Engine, terms, sources string) {
	t.Helper()
	if got := termDays(t, e); got != terms {
		t.Errorf("term days:\n got %s\nwant %s", got, terms)
	}
	if got := sourceDays(t, e); got != sources {
		t.Errorf("source days:\n got %s\nwant %s", got, sources)
	}
}
