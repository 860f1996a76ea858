package postgres_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/tifa-project/tifa"
	"github.com/tifa-project/tifa/crawler"
	"github.com/tifa-project/tifa/postgres"
	"github.com/tifa-project/tifa/sqlite"
)

// The crawl's store is an interface; PostgreSQL's engine must keep up with it.
var _ crawler.Store = (*postgres.DB)(nil)

// The benchmarks load one synthetic history (report/bench_test.go's
// generator: TIFA_BENCH_ARTICLES articles, default 20,000, 20 sources, 100
// terms, three years) into both engines and time the report queries on
// each, side by side:
//
//	pg_virtualenv sh -c 'go test ./postgres -run "^$" -bench . -count 3'
func benchEngines(b *testing.B) map[string]engine {
	b.Helper()
	n := 20000
	if s := os.Getenv("TIFA_BENCH_ARTICLES"); s != "" {
		var err error
		if n, err = strconv.Atoi(s); err != nil {
			b.Fatalf("TIFA_BENCH_ARTICLES: %v", err)
		}
	}
	ctx := context.Background()
	lite, err := sqlite.Open(ctx, filepath.Join(b.TempDir(), "tifa.db"))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { lite.Close() })
	pg := postgres.OpenTest(b)
	for name, e := range map[string]engine{"sqlite": lite, "postgres": pg} {
		start := time.Now()
		if err := generate(ctx, e, n); err != nil {
			b.Fatal(err)
		}
		b.Logf("%s: %d synthetic articles loaded in %s", name, n, time.Since(start).Round(time.Millisecond))
	}
	if err := pg.Analyze(ctx); err != nil {
		b.Fatal(err)
	}
	return map[string]engine{"sqlite": lite, "postgres": pg}
}

var benchFirst = time.Date(2022, 1, 1, 0, 0, 0, 0, tifa.China)

// generate is report/bench_test.go's generator, article for article.
func generate(ctx context.Context, db engine, to int) error {
	const batch = 2000
	days := int(benchFirst.AddDate(3, 0, 0).Sub(benchFirst).Hours() / 24)
	for lo := 0; lo < to; lo += batch {
		var saved []tifa.Saved
		for i := lo; i < min(lo+batch, to); i++ {
			r := rand.New(rand.NewPCG(uint64(i), 42))
			pub := benchFirst.Add(time.Duration(i%days)*24*time.Hour + time.Duration(r.IntN(86400))*time.Second)
			src := fmt.Sprintf("synthetic-%02d", zipf(r, 20))
			a := &tifa.Article{URL: fmt.Sprintf("synthetic://%s/%d", src, i), Source: src,
				Title: fmt.Sprintf("synthetic article %d", i), Body: "这是合成的测试文章，不是新闻。", Published: pub, PublishedSource: "page",
				Lang: "zh", Charset: "utf-8", Method: "synthetic", FetchedAt: pub, Fingerprint: r.Uint64()}
			var counts []tifa.Count
			seen := map[int]bool{}
			for k := r.IntN(6); k > 0; k-- {
				t := zipf(r, 100)
				if seen[t] {
					continue
				}
				seen[t] = true
				n := 1 + r.IntN(3)
				spans := make([]tifa.Span, n)
				for j := range spans {
					spans[j] = tifa.Span{Start: 30 * j, End: 30*j + 15}
				}
				counts = append(counts, tifa.Count{Term: fmt.Sprintf("t%03d", t), Count: n, Spans: spans})
			}
			saved = append(saved, tifa.Saved{Article: a, Counts: counts})
		}
		if err := db.SaveArticles(ctx, saved, "synthetic-v1"); err != nil {
			return err
		}
	}
	return nil
}

func zipf(r *rand.Rand, n int) int {
	for {
		if x := int(float64(n) * r.Float64() * r.Float64()); x < n {
			return x
		}
	}
}

func termIDs(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf("t%03d", i)
	}
	return out
}

// BenchmarkReportQueries: the reads behind the report issue's targets (a
// one-year daily series of 10 terms, a wide CSV of 100 terms, the
// dashboard's first page) on each engine.
func BenchmarkReportQueries(b *testing.B) {
	engines := benchEngines(b)
	ctx := context.Background()
	year := tifa.Filter{Terms: termIDs(10), From: "2024-01-01", To: "2024-12-31"}
	wide := tifa.Filter{Terms: termIDs(100), From: "2024-01-01", To: "2024-12-31"}
	for _, q := range []struct {
		name string
		run  func(e engine) error
	}{
		{"series-year-10-terms", func(e engine) error { _, err := e.TermDays(ctx, year); return err }},
		{"wide-100-terms", func(e engine) error { _, err := e.TermDaysMerged(ctx, wide); return err }},
		{"dashboard-top-terms", func(e engine) error { _, err := e.MostMentioned(ctx, tifa.Filter{}, 10); return err }},
		{"mentioning-newest-20", func(e engine) error { _, err := e.Mentioning(ctx, "t000", tifa.Filter{}, 20); return err }},
	} {
		for _, name := range []string{"sqlite", "postgres"} {
			b.Run(q.name+"/"+name, func(b *testing.B) {
				for b.Loop() {
					if err := q.run(engines[name]); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}
