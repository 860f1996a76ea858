package discover_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime/metrics"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tifa-project/tifa"
	"github.com/tifa-project/tifa/discover"
	"github.com/tifa-project/tifa/sqlite"
)

// The benchmarks read 100,000 SYNTHETIC articles, generated as in
// ingest/retag_bench_test.go: 8 paragraphs each drawn at random from real
// article text (tagger/testdata/news.txt), two sources, 1000 days. Real
// text has far more distinct strings than 51 KB resampled, so the table
// here stays small; TestBoundedTable covers the cap.
//
//	go test -run '^$' -bench . -benchtime 3x -timeout 0 -v ./discover/
func BenchmarkFind(b *testing.B) {
	db := syntheticDB(b, 100_000)
	ctx := context.Background()
	// The floor only reads the articles' text once: what any streaming
	// pass costs before counting anything.
	b.Run("read-floor", func(b *testing.B) {
		for b.Loop() {
			t0 := time.Now()
			n := 0
			if err := (store{db}).EachDoc(ctx, tifa.Filter{}, func(d discover.Doc) error { n += len(d.Text); return nil }); err != nil {
				b.Fatal(err)
			}
			b.Logf("read-floor run: %v", time.Since(t0))
		}
	})
	b.Run("find", func(b *testing.B) {
		var peak uint64
		var st discover.Stats
		for b.Loop() {
			stop := heapPeak(&peak)
			var err error
			_, st, err = discover.Find(ctx, store{db}, discover.Options{MinArticles: 5, Limit: 20,
				Window: tifa.Filter{From: "2024-01-01", To: "2025-09-26"}, Baseline: tifa.Filter{From: "2023-01-01", To: "2023-12-31"}})
			stop()
			if err != nil {
				b.Fatal(err)
			}
			b.Logf("find run: %v", st.Elapsed)
		}
		b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MiB")
		b.ReportMetric(float64(st.Docs+st.BaselineDocs), "articles")
		b.ReportMetric(float64(st.Grams), "strings-counted")
	})
}

type store struct{ db *sqlite.DB }

func (s store) EachDoc(ctx context.Context, f tifa.Filter, fn func(discover.Doc) error) error {
	return s.db.EachText(ctx, f, func(a tifa.Stored, url string) error {
		return fn(discover.Doc{ID: a.ID, Source: a.Source, Day: a.Day, Title: a.Title, URL: url, Text: tifa.TaggedText(a.Title, a.Body)})
	})
}

// heapPeak samples the live Go heap until stop is called.
func heapPeak(peak *uint64) (stop func()) {
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
		t := time.NewTicker(5 * time.Millisecond)
		defer t.Stop()
		for {
			metrics.Read(s)
			*peak = max(*peak, s[0].Value.Uint64())
			select {
			case <-done:
				return
			case <-t.C:
			}
		}
	}()
	return func() { close(done); wg.Wait() }
}

func syntheticDB(b *testing.B, n int) *sqlite.DB {
	b.Helper()
	ctx := context.Background()
	raw, err := os.ReadFile("../tagger/testdata/news.txt")
	if err != nil {
		b.Fatal(err)
	}
	var paras []string
	for _, p := range strings.Split(string(raw), "\n") {
		if len([]rune(p)) > 20 {
			paras = append(paras, p)
		}
	}
	db, err := sqlite.Open(ctx, filepath.Join(b.TempDir(), "bench.db"))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	rng := rand.New(rand.NewPCG(1, 2))
	day0 := time.Date(2023, 1, 1, 9, 0, 0, 0, tifa.China)
	var batch []tifa.Saved
	for i := range n {
		var body strings.Builder
		for range 8 {
			body.WriteString(paras[rng.IntN(len(paras))])
			body.WriteByte('\n')
		}
		a := &tifa.Article{
			URL: fmt.Sprintf("synthetic://bench/%d", i), Source: []string{"xinhua", "people"}[i%2],
			Title: "synthetic article", Published: day0.Add(time.Duration(i%1000) * 24 * time.Hour),
			PublishedSource: "page", Body: body.String(), Lang: "zh", Charset: "utf-8", Method: "synthetic",
			FetchedAt: day0,
		}
		batch = append(batch, tifa.Saved{Article: a})
		if len(batch) == 5000 || i == n-1 {
			if err := db.SaveArticles(ctx, batch, "none"); err != nil {
				b.Fatal(err)
			}
			batch = batch[:0]
		}
	}
	return db
}
