package postgres_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/tifa-project/tifa"
	"github.com/tifa-project/tifa/config"
	"github.com/tifa-project/tifa/postgres"
	"github.com/tifa-project/tifa/sqlite"
)

// corpus is a deterministic history: sources and terms whose byte order
// differs from a locale's (upper case, Chinese, punctuation), several days,
// front pages, reprints (fingerprints a bit or two apart), equal publish
// times, re-saves that move an article to another day, and counts with
// spans and nested mentions.
func corpus() (batches [][]tifa.Saved) {
	r := rand.New(rand.NewPCG(13, 12))
	sources := []string{"xinhua", "people", "Zeta", "gmw_cn"}
	terms := []string{"nqpf", "Nqpf", "新质生产力", "dual-circ", "a_b", "共同富裕"}
	base := time.Date(2025, 12, 20, 0, 0, 0, 0, tifa.China)
	var fps []uint64
	for i := 0; i < 160; i++ {
		day := r.IntN(25)
		pub := base.Add(time.Duration(day)*24*time.Hour + time.Duration(r.IntN(6))*4*time.Hour) // many equal times
		a := &tifa.Article{
			URL: fmt.Sprintf("https://www.example.cn/%d/a%03d.html", i%7, i), Source: sources[r.IntN(len(sources))],
			Title: fmt.Sprintf("标题 %d", i), Published: pub, PublishedSource: "page",
			Body: fmt.Sprintf("正文%d 新质生产力 %d", i, r.IntN(1000)), Lang: "zh", Charset: "utf-8", Method: "rule",
			FetchedAt: pub.Add(time.Hour), Origin: []string{"", "新华社"}[r.IntN(2)],
		}
		if r.IntN(4) == 0 {
			a.PrintPage = "01"
		} else if r.IntN(3) == 0 {
			a.PrintPage = "04"
		}
		switch {
		case len(fps) > 0 && r.IntN(4) == 0: // a reprint: a bit off an earlier one
			a.Fingerprint = fps[r.IntN(len(fps))] ^ (1 << r.IntN(64))
		case r.IntN(10) > 0:
			a.Fingerprint = r.Uint64()
			fps = append(fps, a.Fingerprint)
		}
		var counts []tifa.Count
		for _, t := range terms {
			if r.IntN(3) == 0 {
				n := 1 + r.IntN(5)
				c := tifa.Count{Term: t, Count: n, Nested: r.IntN(n + 1)}
				for k := 0; k < n; k++ {
					c.Spans = append(c.Spans, tifa.Span{Start: 3 * k, End: 3*k + 2, Nested: k < c.Nested})
				}
				counts = append(counts, c)
			}
		}
		batches = append(batches, []tifa.Saved{{Article: a, Counts: counts}})
	}
	// Re-saves: new text, another day, other counts.
	for i := 0; i < 160; i += 9 {
		old := batches[i][0].Article
		a := *old
		a.Body += " 更新"
		a.Published = old.Published.Add(36 * time.Hour)
		batches = append(batches, []tifa.Saved{{Article: &a, Counts: []tifa.Count{{Term: "共同富裕", Count: 2}}}})
	}
	return batches
}

// engine is what the comparison reads of either engine.
type engine interface {
	SaveArticles(ctx context.Context, batch []tifa.Saved, lexicon string) error
	TermDays(ctx context.Context, f tifa.Filter) ([]tifa.TermDay, error)
	SourceDays(ctx context.Context, f tifa.Filter) ([]tifa.SourceDay, error)
	TermDaysMerged(ctx context.Context, f tifa.Filter) ([]tifa.TermDay, error)
	SourceDaysMerged(ctx context.Context, f tifa.Filter) ([]tifa.SourceDay, error)
	TermDaysByKey(ctx context.Context, f tifa.Filter) ([]tifa.TermDay, error)
	Coverage(ctx context.Context, f tifa.Filter) ([]tifa.Coverage, error)
	MostMentioned(ctx context.Context, f tifa.Filter, limit int) ([]string, error)
	Mentioning(ctx context.Context, term string, f tifa.Filter, limit int) ([]tifa.Mentioning, error)
	EachMentioning(ctx context.Context, term string, f tifa.Filter, fn func(a *tifa.Mentioning, terms []tifa.TermSpans) error) error
	ArticleTerms(ctx context.Context, id int64) ([]tifa.TermSpans, error)
	OriginalDays(ctx context.Context, f tifa.Filter) ([]tifa.TermDay, []tifa.SourceDay, error)
	ReprintsUpTo(ctx context.Context, day string) (map[int64]bool, error)
	ArticleVersions(ctx context.Context) ([]tifa.VersionCount, error)
	CountedTerms(ctx context.Context) ([]string, error)
	Total(ctx context.Context, term string) (tifa.TermTotal, error)
	StoredSources(ctx context.Context) ([]string, error)
	StaleArticles(ctx context.Context, current string) (int, error)
	RecordLexicon(ctx context.Context, lx tifa.Lexicon, now time.Time) error
	Lexicons(ctx context.Context) ([]tifa.Lexicon, error)
	BackfillURL(ctx context.Context, source, day, url string) error
	BackfillWalked(ctx context.Context, source, day string, now time.Time, cause string) error
	BackfillStatus(ctx context.Context, source, from, to string) ([]tifa.BackfillDay, error)
	BackfillRange(ctx context.Context, source string) (from, to string, err error)
	RetagNext(ctx context.Context, j tifa.RetagJob, limit int) ([]tifa.Stored, error)
	RetagApply(ctx context.Context, j tifa.RetagJob, batch []tifa.Retagged) error
	RetagPending(ctx context.Context, j tifa.RetagJob) (int, error)
	Article(ctx context.Context, url string) (*tifa.Article, error)
}

var (
	_ engine = (*sqlite.DB)(nil)
	_ engine = (*postgres.DB)(nil)
)

// TestSameAnswersAsSQLite loads one history into both engines and asks
// both every report query under a table of filters: the rows must be equal,
// in the same order, so every report prints the same bytes from either.
func TestSameAnswersAsSQLite(t *testing.T) {
	t.Run("C", func(t *testing.T) { sameAnswers(t, postgres.OpenTest(t)) })
	t.Run("en-US", func(t *testing.T) { sameAnswers(t, postgres.OpenTestLocale(t)) })
}

func sameAnswers(t *testing.T, pg *postgres.DB) {
	ctx := context.Background()
	lite, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "tifa.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer lite.Close()
	now := time.Date(2026, 1, 15, 3, 4, 5, 0, time.UTC)
	lx := tifa.Lexicon{Version: "v1abcdef", Origin: "tifa.yaml", Terms: []config.Term{
		{ID: "nqpf", Label: "新质生产力", Zh: []string{"新质生产力"}, En: []string{"new quality productive forces"}, Categories: []string{"economy"}},
		{ID: "Nqpf", Zh: []string{"新质"}, Ambiguous: true, Notes: "short form"},
	}}
	for _, e := range []engine{lite, pg} {
		for _, b := range corpus() {
			if err := e.SaveArticles(ctx, b, "v1abcdef"); err != nil {
				t.Fatal(err)
			}
		}
		if err := e.RecordLexicon(ctx, lx, now); err != nil {
			t.Fatal(err)
		}
		if err := e.RecordLexicon(ctx, tifa.Lexicon{Version: "v2", Terms: lx.Terms[:1]}, now.Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		for _, d := range []string{"2025-12-21", "2025-12-22", "2025-12-24"} {
			if err := e.BackfillWalked(ctx, "xinhua", d, now, map[bool]string{true: "timeout"}[d == "2025-12-22"]); err != nil {
				t.Fatal(err)
			}
			if err := e.BackfillURL(ctx, "xinhua", d, "https://www.example.cn/1/a001.html"); err != nil {
				t.Fatal(err)
			}
			if err := e.BackfillURL(ctx, "xinhua", d, "https://www.example.cn/9/never.html"); err != nil {
				t.Fatal(err)
			}
		}
	}
	compare(t, lite, pg, "after load")
	// A partial retag (two terms) and a full one to v2, on both.
	for _, j := range []tifa.RetagJob{{Version: "v1abcdef", Terms: []string{"nqpf", "zzz"}}, {Version: "v2"}} {
		for _, e := range []engine{lite, pg} {
			for {
				next, err := e.RetagNext(ctx, j, 50)
				if err != nil {
					t.Fatal(err)
				}
				if len(next) == 0 {
					break
				}
				var batch []tifa.Retagged
				for _, s := range next {
					batch = append(batch, tifa.Retagged{Stored: s, Counts: []tifa.Count{
						{Term: "nqpf", Count: 1 + int(s.ID%3)}, {Term: "zzz", Count: int(s.ID % 2)}}})
				}
				if err := e.RetagApply(ctx, j, batch); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
	compare(t, lite, pg, "after retag")
}

func compare(t *testing.T, lite, pg engine, when string) {
	t.Helper()
	ctx := context.Background()
	same := func(what string, a, b any, errA, errB error) {
		t.Helper()
		if errA != nil || errB != nil {
			t.Fatalf("%s %s: sqlite %v, postgres %v", when, what, errA, errB)
		}
		if !reflect.DeepEqual(a, b) {
			t.Errorf("%s %s differ:\nsqlite   %+v\npostgres %+v", when, what, a, b)
		}
	}
	filters := []tifa.Filter{
		{},
		{Terms: []string{"nqpf", "共同富裕"}},
		{Sources: []string{"Zeta", "xinhua"}, From: "2025-12-25"},
		{From: "2025-12-22", To: "2026-01-05"},
		{FrontPage: true},
		{FrontPage: true, Terms: []string{"Nqpf"}, To: "2026-01-01"},
		{Sources: []string{"nobody"}},
	}
	for i, f := range filters {
		name := fmt.Sprintf("filter %d %+v:", i, f)
		a1, e1 := lite.TermDays(ctx, f)
		a2, e2 := pg.TermDays(ctx, f)
		same(name+" TermDays", a1, a2, e1, e2)
		b1, e1 := lite.SourceDays(ctx, f)
		b2, e2 := pg.SourceDays(ctx, f)
		same(name+" SourceDays", b1, b2, e1, e2)
		a1, e1 = lite.TermDaysMerged(ctx, f)
		a2, e2 = pg.TermDaysMerged(ctx, f)
		same(name+" TermDaysMerged", a1, a2, e1, e2)
		b1, e1 = lite.SourceDaysMerged(ctx, f)
		b2, e2 = pg.SourceDaysMerged(ctx, f)
		same(name+" SourceDaysMerged", b1, b2, e1, e2)
		a1, e1 = lite.TermDaysByKey(ctx, f)
		a2, e2 = pg.TermDaysByKey(ctx, f)
		same(name+" TermDaysByKey", a1, a2, e1, e2)
		c1, e1 := lite.Coverage(ctx, f)
		c2, e2 := pg.Coverage(ctx, f)
		same(name+" Coverage", c1, c2, e1, e2)
		m1, e1 := lite.MostMentioned(ctx, f, 3)
		m2, e2 := pg.MostMentioned(ctx, f, 3)
		same(name+" MostMentioned", m1, m2, e1, e2)
		for _, term := range []string{"nqpf", "共同富裕", "zzz"} {
			n1, e1 := lite.Mentioning(ctx, term, f, 0)
			n2, e2 := pg.Mentioning(ctx, term, f, 0)
			same(name+" Mentioning "+term, n1, n2, e1, e2)
			n1, e1 = lite.Mentioning(ctx, term, f, 5)
			n2, e2 = pg.Mentioning(ctx, term, f, 5)
			same(name+" Mentioning 5 "+term, n1, n2, e1, e2)
			type each struct {
				M     tifa.Mentioning
				Terms []tifa.TermSpans
			}
			var x1, x2 []each
			e1 = lite.EachMentioning(ctx, term, f, func(a *tifa.Mentioning, ts []tifa.TermSpans) error {
				x1 = append(x1, each{*a, ts})
				return nil
			})
			e2 = pg.EachMentioning(ctx, term, f, func(a *tifa.Mentioning, ts []tifa.TermSpans) error {
				x2 = append(x2, each{*a, ts})
				return nil
			})
			same(name+" EachMentioning "+term, x1, x2, e1, e2)
		}
		o1, s1, e1 := lite.OriginalDays(ctx, f)
		o2, s2, e2 := pg.OriginalDays(ctx, f)
		same(name+" OriginalDays terms", o1, o2, e1, e2)
		same(name+" OriginalDays sources", s1, s2, e1, e2)
	}
	r1, e1 := lite.ReprintsUpTo(ctx, "")
	r2, e2 := pg.ReprintsUpTo(ctx, "")
	same("ReprintsUpTo", r1, r2, e1, e2)
	if len(r1) == 0 {
		t.Error("the corpus has no reprints: the comparison tests nothing of them")
	}
	for id := int64(1); id < 20; id++ {
		a, e1 := lite.ArticleTerms(ctx, id)
		b, e2 := pg.ArticleTerms(ctx, id)
		same(fmt.Sprintf("ArticleTerms %d", id), a, b, e1, e2)
	}
	v1, e1 := lite.ArticleVersions(ctx)
	v2, e2 := pg.ArticleVersions(ctx)
	same("ArticleVersions", v1, v2, e1, e2)
	ct1, e1 := lite.CountedTerms(ctx)
	ct2, e2 := pg.CountedTerms(ctx)
	same("CountedTerms", ct1, ct2, e1, e2)
	for _, term := range ct1 {
		x, e1 := lite.Total(ctx, term)
		y, e2 := pg.Total(ctx, term)
		same("Total "+term, x, y, e1, e2)
	}
	ss1, e1 := lite.StoredSources(ctx)
	ss2, e2 := pg.StoredSources(ctx)
	same("StoredSources", ss1, ss2, e1, e2)
	n1, e1 := lite.StaleArticles(ctx, "v2")
	n2, e2 := pg.StaleArticles(ctx, "v2")
	same("StaleArticles", n1, n2, e1, e2)
	l1, e1 := lite.Lexicons(ctx)
	l2, e2 := pg.Lexicons(ctx)
	same("Lexicons", l1, l2, e1, e2)
	bs1, e1 := lite.BackfillStatus(ctx, "xinhua", "2025-12-20", "2025-12-25")
	bs2, e2 := pg.BackfillStatus(ctx, "xinhua", "2025-12-20", "2025-12-25")
	same("BackfillStatus", bs1, bs2, e1, e2)
	f1, t1, e1 := lite.BackfillRange(ctx, "xinhua")
	f2, t2, e2 := pg.BackfillRange(ctx, "xinhua")
	same("BackfillRange", [2]string{f1, t1}, [2]string{f2, t2}, e1, e2)
	p1, e1 := lite.RetagPending(ctx, tifa.RetagJob{Version: "v3"})
	p2, e2 := pg.RetagPending(ctx, tifa.RetagJob{Version: "v3"})
	same("RetagPending", p1, p2, e1, e2)
	for _, u := range []string{"https://www.example.cn/0/a007.html", "https://www.example.cn/3/a010.html"} {
		x, e1 := lite.Article(ctx, u)
		y, e2 := pg.Article(ctx, u)
		if e1 != nil || e2 != nil {
			t.Fatalf("Article %s: %v, %v", u, e1, e2)
		}
		// Times compare as instants and print alike; their zones' names may differ.
		if !x.Published.Equal(y.Published) || x.Published.Format(time.RFC3339) != y.Published.Format(time.RFC3339) ||
			!x.FetchedAt.Equal(y.FetchedAt) {
			t.Errorf("Article %s times: sqlite %v %v, postgres %v %v", u, x.Published, x.FetchedAt, y.Published, y.FetchedAt)
		}
		x.Published, y.Published, x.FetchedAt, y.FetchedAt = time.Time{}, time.Time{}, time.Time{}, time.Time{}
		same("Article "+u, x, y, nil, nil)
	}
}
