package storetest

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/tifa-project/tifa"
	"github.com/tifa-project/tifa/config"
)

func body(n int) string { return strings.Repeat("字", n) }

var articleCases = []Case{
	{"article/save and read back", func(t *testing.T, e Engine) {
		ctx := context.Background()
		a := article("https://www.news.cn/a/1.html", "2026-11-20", body(10))
		a.Key = "https://www.news.cn/a/1.html"
		a.Author, a.Origin, a.PrintPage, a.Fingerprint = "记者", "新华社", "01", 1<<63|5
		save(t, e, a, counts(termNQ, 3, termSW, 1), lexV1, tifa.Inserted)
		if a.ID == 0 {
			t.Error("saved article has no id")
		}
		got, err := e.Article(ctx, a.URL)
		if err != nil {
			t.Fatal(err)
		}
		if got.ID != a.ID || got.Key != a.Key || got.URL != a.URL || got.Title != a.Title || got.Body != a.Body ||
			got.Author != "记者" || got.Origin != "新华社" || got.PrintPage != "01" || got.Fingerprint != a.Fingerprint ||
			!got.Published.Equal(a.Published) || !got.FetchedAt.Equal(a.FetchedAt) || got.Method != "test" {
			t.Errorf("read back %+v\nwant %+v", got, a)
		}
		if m, err := e.Mentions(ctx, a.URL); err != nil || !reflect.DeepEqual(m, map[string]int{termNQ: 3, termSW: 1}) {
			t.Errorf("mentions %v, %v", m, err)
		}
		if ok, err := e.HasArticle(ctx, a.Key); !ok || err != nil {
			t.Errorf("HasArticle: %v, %v", ok, err)
		}
		if n, err := e.ArticleCount(ctx); n != 1 || err != nil {
			t.Errorf("ArticleCount: %d, %v", n, err)
		}
		wantAggregates(t, e, "nqpf/xinhua/2026-11-20=3:0:1 sw/xinhua/2026-11-20=1:0:1", "xinhua/2026-11-20=1:10")
	}},
	{"article/missing is ErrNotFound-like and HasArticle false", func(t *testing.T, e Engine) {
		ctx := context.Background()
		if _, err := e.Article(ctx, "https://www.news.cn/none.html"); err == nil || !strings.Contains(err.Error(), "not found") {
			t.Errorf("missing article: %v, want a not found error", err)
		}
		if ok, err := e.HasArticle(ctx, "https://www.news.cn/none.html"); ok || err != nil {
			t.Errorf("HasArticle of nothing: %v, %v", ok, err)
		}
	}},
	{"article/refused without url, source or publish time", func(t *testing.T, e Engine) {
		ctx := context.Background()
		for name, a := range map[string]*tifa.Article{
			"no url":    {Source: source, Published: t0},
			"no source": {URL: "https://www.news.cn/x.html", Published: t0},
			"no date":   {URL: "https://www.news.cn/x.html", Source: source},
		} {
			if _, err := e.SaveArticle(ctx, a, nil, lexV1); err == nil {
				t.Errorf("%s: saved, want an error", name)
			}
		}
		if n, _ := e.ArticleCount(ctx); n != 0 {
			t.Errorf("%d articles stored from refused saves", n)
		}
	}},
	{"article/re-save unchanged writes nothing", func(t *testing.T, e Engine) {
		a := article("https://www.news.cn/a/1.html", "2026-11-20", body(10))
		save(t, e, a, counts(termNQ, 2), lexV1, tifa.Inserted)
		id := a.ID
		for range 3 {
			b := article("https://www.news.cn/a/1.html", "2026-11-20", body(10))
			save(t, e, b, counts(termNQ, 2), lexV1, tifa.Unchanged)
			if b.ID != id && b.ID != 0 {
				t.Errorf("unchanged save gave id %d, the article's is %d", b.ID, id)
			}
		}
		wantAggregates(t, e, "nqpf/xinhua/2026-11-20=2:0:1", "xinhua/2026-11-20=1:10")
	}},
	{"article/re-save updated moves the aggregates by the difference", func(t *testing.T, e Engine) {
		ctx := context.Background()
		save(t, e, article("https://www.news.cn/a/1.html", "2026-11-20", body(10)), counts(termNQ, 2, termSW, 1), lexV1, tifa.Inserted)
		save(t, e, article("https://www.news.cn/a/2.html", "2026-11-20", body(5)), counts(termNQ, 1), lexV1, tifa.Inserted)
		// The first article's text changed: one term more, one gone.
		save(t, e, article("https://www.news.cn/a/1.html", "2026-11-20", body(12)), counts(termNQ, 4, termGDP, 1), lexV1, tifa.Updated)
		wantAggregates(t, e, "gdp/xinhua/2026-11-20=1:0:1 nqpf/xinhua/2026-11-20=5:0:2", "xinhua/2026-11-20=2:17")
		if m, _ := e.Mentions(ctx, "https://www.news.cn/a/1.html"); !reflect.DeepEqual(m, map[string]int{termNQ: 4, termGDP: 1}) {
			t.Errorf("mentions after update: %v", m)
		}
		// Same text, another lexicon: counts replaced, still one article.
		save(t, e, article("https://www.news.cn/a/1.html", "2026-11-20", body(12)), counts(termNQ, 4), lexV2, tifa.Updated)
		wantAggregates(t, e, "nqpf/xinhua/2026-11-20=5:0:2", "xinhua/2026-11-20=2:17")
		if n, _ := e.ArticleCount(ctx); n != 2 {
			t.Errorf("%d articles, want 2", n)
		}
	}},
	{"article/a new date moves it to the new day", func(t *testing.T, e Engine) {
		save(t, e, article("https://www.news.cn/a/1.html", "2026-11-20", body(10)), counts(termNQ, 2), lexV1, tifa.Inserted)
		save(t, e, article("https://www.news.cn/a/1.html", "2026-11-21", body(10)), counts(termNQ, 2), lexV1, tifa.Updated)
		wantAggregates(t, e, "nqpf/xinhua/2026-11-21=2:0:1", "xinhua/2026-11-21=1:10")
	}},
	{"article/nested counts aggregate", func(t *testing.T, e Engine) {
		c := counts(termNQ, 3)
		c[0].Nested = 1
		save(t, e, article("https://www.news.cn/a/1.html", "2026-11-20", body(10)), c, lexV1, tifa.Inserted)
		wantAggregates(t, e, "nqpf/xinhua/2026-11-20=3:1:1", "xinhua/2026-11-20=1:10")
	}},
	{"article/keyed by canonical URL, found by the URL that answered", func(t *testing.T, e Engine) {
		ctx := context.Background()
		a := article("https://www.news.cn/a/1.html?from=rss", "2026-11-20", body(10))
		a.Key = "https://www.news.cn/a/1.html"
		save(t, e, a, counts(termNQ, 1), lexV1, tifa.Inserted)
		// Re-read from the archive: only the URL that answered is known.
		b := article("https://www.news.cn/a/1.html?from=rss", "2026-11-20", body(10))
		save(t, e, b, counts(termNQ, 1), lexV1, tifa.Unchanged)
		if b.Key != a.Key {
			t.Errorf("re-read article keyed %q, want the stored key %q", b.Key, a.Key)
		}
		// Fetched again under its key, answering at another URL: the link moves.
		c := article("https://www.news.cn/a/1.html", "2026-11-20", body(10))
		c.Key = a.Key
		save(t, e, c, counts(termNQ, 1), lexV1, tifa.Unchanged)
		got, err := e.Article(ctx, a.Key)
		if err != nil || got.URL != "https://www.news.cn/a/1.html" {
			t.Errorf("after the move: %+v, %v", got, err)
		}
		if n, _ := e.ArticleCount(ctx); n != 1 {
			t.Errorf("%d articles, want 1", n)
		}
	}},
	{"article/an undated page keeps its first crawl's date", func(t *testing.T, e Engine) {
		ctx := context.Background()
		a := article("https://www.news.cn/a/1.html", "2026-11-20", body(10))
		a.PublishedSource = "crawl"
		save(t, e, a, counts(termNQ, 1), lexV1, tifa.Inserted)
		b := article("https://www.news.cn/a/1.html", "2026-11-25", body(10))
		b.PublishedSource = "crawl"
		save(t, e, b, counts(termNQ, 1), lexV1, tifa.Unchanged)
		got, _ := e.Article(ctx, a.URL)
		if got == nil || !got.Published.Equal(a.Published) {
			t.Errorf("published %v after a re-crawl, want the first crawl's %v", got, a.Published)
		}
	}},
	{"article/storing takes the URL out of the frontier", func(t *testing.T, e Engine) {
		ctx := context.Background()
		u := "https://www.news.cn/a/1.html"
		if isNew, err := e.Enqueue(ctx, source, u, u, t0, time.Time{}); !isNew || err != nil {
			t.Fatalf("enqueue: %v, %v", isNew, err)
		}
		a := article(u, "2026-11-20", body(10))
		a.Key = u
		save(t, e, a, nil, lexV1, tifa.Inserted)
		if waiting, _, err := e.FrontierSize(ctx, source); waiting != 0 || err != nil {
			t.Errorf("%d waiting after the article was stored (%v), want 0", waiting, err)
		}
		if isNew, err := e.Enqueue(ctx, source, u, u, t0, time.Time{}); isNew || err != nil {
			t.Errorf("enqueue of a stored article: %v, %v; want not new", isNew, err)
		}
		if waiting, _, _ := e.FrontierSize(ctx, source); waiting != 0 {
			t.Errorf("a stored article was queued again")
		}
	}},
	{"article/a batch saves as single saves do", func(t *testing.T, e Engine) {
		ctx := context.Background()
		var batch []tifa.Saved
		for i, day := range []string{"2026-11-20", "2026-11-20", "2026-11-21"} {
			batch = append(batch, tifa.Saved{Article: article("https://www.news.cn/b/"+string(rune('a'+i))+".html", day, body(4)), Counts: counts(termSW, i+1)})
		}
		batch = append(batch, tifa.Saved{Article: article("https://www.news.cn/b/a.html", "2026-11-20", body(4)), Counts: counts(termSW, 1)})
		if err := e.SaveArticles(ctx, batch, lexV1); err != nil {
			t.Fatal(err)
		}
		if n, _ := e.ArticleCount(ctx); n != 3 {
			t.Errorf("%d articles, want 3 (the repeat is the same article)", n)
		}
		wantAggregates(t, e, "sw/xinhua/2026-11-20=3:0:2 sw/xinhua/2026-11-21=3:0:1", "xinhua/2026-11-20=2:8 xinhua/2026-11-21=1:4")
	}},
	{"article/retag replaces counts and moves the aggregates", func(t *testing.T, e Engine) {
		ctx := context.Background()
		save(t, e, article("https://www.news.cn/a/1.html", "2026-11-20", body(10)), counts(termNQ, 2), lexV1, tifa.Inserted)
		save(t, e, article("https://www.news.cn/a/2.html", "2026-11-21", body(10)), counts(termNQ, 1, termSW, 1), lexV1, tifa.Inserted)
		job := tifa.RetagJob{Version: lexV2}
		todo, err := e.RetagNext(ctx, job, 10)
		if err != nil || len(todo) != 2 {
			t.Fatalf("retag next: %d, %v; want both articles", len(todo), err)
		}
		var batch []tifa.Retagged
		for _, s := range todo {
			c := counts(termGDP, 1)
			if s.Day == "2026-11-21" {
				c = counts(termSW, 2)
			}
			batch = append(batch, tifa.Retagged{Stored: s, Counts: c})
		}
		if err := e.RetagApply(ctx, job, batch); err != nil {
			t.Fatal(err)
		}
		wantAggregates(t, e, "gdp/xinhua/2026-11-20=1:0:1 sw/xinhua/2026-11-21=2:0:1", "xinhua/2026-11-20=1:10 xinhua/2026-11-21=1:10")
		if left, err := e.RetagNext(ctx, job, 10); len(left) != 0 || err != nil {
			t.Errorf("after the retag %d left, %v; want none", len(left), err)
		}
		// A recount of one term leaves the others alone.
		only := tifa.RetagJob{Version: lexV2, Terms: []string{termSW}}
		todo, _ = e.RetagNext(ctx, only, 10)
		batch = batch[:0]
		for _, s := range todo {
			batch = append(batch, tifa.Retagged{Stored: s, Counts: counts(termSW, 1, termGDP, 9)})
		}
		if err := e.RetagApply(ctx, only, batch); err != nil {
			t.Fatal(err)
		}
		wantAggregates(t, e, "gdp/xinhua/2026-11-20=1:0:1 sw/xinhua/2026-11-20=1:0:1 sw/xinhua/2026-11-21=1:0:1",
			"xinhua/2026-11-20=1:10 xinhua/2026-11-21=1:10")
	}},
	{"lexicon/versions recorded and read back, latest first", func(t *testing.T, e Engine) {
		ctx := context.Background()
		a := tifa.Lexicon{Version: lexV1, Origin: "a.yaml", Terms: []config.Term{{ID: termNQ, Label: "新质生产力", Zh: []string{"新质生产力"}}}}
		b := tifa.Lexicon{Version: lexV2, Origin: "b.yaml", Terms: []config.Term{{ID: termSW, Zh: []string{"单一窗口"}, En: []string{"single window"}}}}
		if err := e.RecordLexicon(ctx, a, t0); err != nil {
			t.Fatal(err)
		}
		if err := e.RecordLexicon(ctx, b, t0.Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		all, err := e.Lexicons(ctx)
		if err != nil || len(all) != 2 || all[0].Version != lexV2 || all[1].Version != lexV1 {
			t.Fatalf("lexicons %+v, %v; want b then a", all, err)
		}
		if !reflect.DeepEqual(all[1].Terms, a.Terms) || all[1].Origin != "a.yaml" || !all[1].FirstUse.Equal(t0) {
			t.Errorf("a read back as %+v", all[1])
		}
		if err := e.RecordLexicon(ctx, a, t0.Add(2*time.Hour)); err != nil {
			t.Fatal(err)
		}
		all, _ = e.Lexicons(ctx)
		if len(all) != 2 || all[0].Version != lexV1 || !all[0].FirstUse.Equal(t0) || !all[0].LastUse.Equal(t0.Add(2*time.Hour)) {
			t.Errorf("a applied again: %+v; want it current, first used at %v", all, t0)
		}
	}},
}

var errTest = errors.New("HTTP 503")
