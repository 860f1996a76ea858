package ingest_test

import (
	"context"
	"fmt"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/tifa-project/tifa"
	"github.com/tifa-project/tifa/ingest"
	"github.com/tifa-project/tifa/sqlite"
)

// counting is a real store that records the size of each group it commits.
type counting struct {
	*sqlite.DB
	mu     sync.Mutex
	groups []int
}

func (c *counting) SaveGroup(ctx context.Context, batch []tifa.Saved, lexicon string) ([]tifa.Outcome, error) {
	c.mu.Lock()
	c.groups = append(c.groups, len(batch))
	c.mu.Unlock()
	return c.DB.SaveGroup(ctx, batch, lexicon)
}

func groupArticle(i int) *tifa.Article {
	day := time.Date(2026, 11, 20+i%3, 9, 0, 0, 0, tifa.China)
	return &tifa.Article{URL: fmt.Sprintf("https://www.news.cn/g/%d.html", i), Source: "xinhua", Title: "标题",
		Body: "新质生产力", Lang: "zh", Charset: "utf-8", Method: "test", Published: day, PublishedSource: "page", FetchedAt: day}
}

// TestGroupedSavesAsSingleSaves saves from 8 workers at once through a
// Grouped store: every article is stored with the outcome and aggregates
// single saves give, in fewer transactions than articles, and an article
// that cannot be saved fails alone.
func TestGroupedSavesAsSingleSaves(t *testing.T) {
	ctx := context.Background()
	open := func(name string) *sqlite.DB {
		db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), name))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		return db
	}
	grouped, single := &counting{DB: open("grouped.db")}, open("single.db")
	g := &ingest.Grouped{DB: grouped, Max: 8}
	const workers, each = 8, 25
	counts := []tifa.Count{{Term: "nqpf", Count: 1, Spans: []tifa.Span{{Start: 3, End: 8}}}}
	var wg sync.WaitGroup
	errs := make([]error, workers*each)
	outs := make([]tifa.Outcome, workers*each)
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range each {
				i := w*each + j
				a := groupArticle(i)
				if i == 77 {
					a.Published = time.Time{} // cannot be saved
				}
				outs[i], errs[i] = g.SaveArticle(ctx, a, counts, "v1")
			}
		}()
	}
	wg.Wait()
	for i := range workers * each {
		a := groupArticle(i)
		if i == 77 {
			if errs[i] == nil {
				t.Errorf("article 77 without a date saved; want an error")
			}
			continue
		}
		if errs[i] != nil || outs[i] != tifa.Inserted {
			t.Errorf("article %d: %v, %v; want inserted", i, outs[i], errs[i])
		}
		if _, err := single.SaveArticle(ctx, a, counts, "v1"); err != nil {
			t.Fatal(err)
		}
	}
	for _, f := range []tifa.Filter{{}} {
		a, _ := grouped.TermDays(ctx, f)
		b, _ := single.TermDays(ctx, f)
		if fmt.Sprint(a) != fmt.Sprint(b) || len(a) == 0 {
			t.Errorf("term days grouped %v, single %v", a, b)
		}
		c, _ := grouped.SourceDays(ctx, f)
		d, _ := single.SourceDays(ctx, f)
		if fmt.Sprint(c) != fmt.Sprint(d) || len(c) == 0 {
			t.Errorf("source days grouped %v, single %v", c, d)
		}
	}
	if n, _ := grouped.ArticleCount(ctx); n != workers*each-1 {
		t.Errorf("%d articles stored, want %d", n, workers*each-1)
	}
	grouped.mu.Lock()
	defer grouped.mu.Unlock()
	t.Logf("%d articles in %d transactions", workers*each, len(grouped.groups))
	if len(grouped.groups) >= workers*each {
		t.Errorf("%d transactions for %d articles; want fewer", len(grouped.groups), workers*each)
	}
	for _, n := range grouped.groups {
		if n > 8 {
			t.Errorf("a group of %d articles; want at most Max 8", n)
		}
	}
}

// BenchmarkSaveParallel saves new articles from 4 goroutines, each article
// in its own transaction (direct) or grouped with the others' (grouped).
//
//	go test -run '^$' -bench SaveParallel -benchtime 2000x ./ingest/
func BenchmarkSaveParallel(b *testing.B) {
	for _, grouped := range []bool{false, true} {
		b.Run(map[bool]string{false: "direct", true: "grouped"}[grouped], func(b *testing.B) {
			ctx := context.Background()
			db, err := sqlite.Open(ctx, filepath.Join(b.TempDir(), "bench.db"))
			if err != nil {
				b.Fatal(err)
			}
			defer db.Close()
			var store ingest.Store = db
			if grouped {
				store = &ingest.Grouped{DB: db}
			}
			counts := []tifa.Count{{Term: "nqpf", Count: 2, Spans: []tifa.Span{{Start: 3, End: 8}, {Start: 13, End: 18}}},
				{Term: "sw", Count: 1, Spans: []tifa.Span{{Start: 23, End: 27}}}}
			var next sync.Mutex
			n := 0
			b.SetParallelism(2) // 2 × GOMAXPROCS goroutines
			b.ResetTimer()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					next.Lock()
					i := n
					n++
					next.Unlock()
					if _, err := store.SaveArticle(ctx, groupArticle(i), counts, "v1"); err != nil {
						b.Error(err)
						return
					}
				}
			})
		})
	}
}
