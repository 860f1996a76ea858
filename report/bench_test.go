package report

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/tifa-project/tifa"
	"github.com/tifa-project/tifa/sqlite"
)

// The benchmarks run on a synthetic database: TIFA_BENCH_ARTICLES articles
// (default 1,000,000) over 20 sources and three years, with mentions of 100
// terms, every URL synthetic:// so nobody takes it for a crawl. It is built
// once into TIFA_BENCH_DB (default: the temporary directory) and reused;
// building a million takes minutes. Benchmarks run only with -bench:
//
//	go test ./report -run '^$' -bench . -benchtime 20x
const (
	benchSources = 20
	benchTerms   = 100
	benchLexicon = "synthetic-v1"
)

var benchFirst = time.Date(2022, 1, 1, 0, 0, 0, 0, tifa.China)

func benchDB(b *testing.B) *sqlite.DB {
	b.Helper()
	n := 1000000
	if s := os.Getenv("TIFA_BENCH_ARTICLES"); s != "" {
		var err error
		if n, err = strconv.Atoi(s); err != nil {
			b.Fatalf("TIFA_BENCH_ARTICLES: %v", err)
		}
	}
	path := benchPath()
	ctx := context.Background()
	db, err := sqlite.Open(ctx, path)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	have, err := db.ArticleCount(ctx)
	if err != nil {
		b.Fatal(err)
	}
	if have < n {
		start := time.Now()
		if err := generate(ctx, db, have, n); err != nil {
			b.Fatal(err)
		}
		b.Logf("generated %d synthetic articles in %s", n-have, time.Since(start).Round(time.Second))
	}
	if fi, err := os.Stat(path); err == nil {
		b.Logf("database %s: %d articles, %.0f MB", path, n, float64(fi.Size())/1e6)
	}
	return db
}

// benchPath is the benchmark database's file: TIFA_BENCH_DB, or one per
// size in the temporary directory.
func benchPath() string {
	if path := os.Getenv("TIFA_BENCH_DB"); path != "" {
		return path
	}
	n := 1000000
	if v, err := strconv.Atoi(os.Getenv("TIFA_BENCH_ARTICLES")); err == nil {
		n = v
	}
	return filepath.Join(os.TempDir(), fmt.Sprintf("tifa-bench-%d.db", n))
}

// generate adds articles from, to, deterministically: article i is the same
// on every machine, so an interrupted build resumes where it stopped.
func generate(ctx context.Context, db *sqlite.DB, from, to int) error {
	const batch = 5000
	days := int(benchFirst.AddDate(3, 0, 0).Sub(benchFirst).Hours() / 24)
	for lo := from; lo < to; lo += batch {
		var saved []tifa.Saved
		for i := lo; i < min(lo+batch, to); i++ {
			r := rand.New(rand.NewPCG(uint64(i), 42))
			// Spread evenly over the days, so a build cut short still covers
			// the range; sources and terms are skewed, as real ones are.
			pub := benchFirst.Add(time.Duration(i%days)*24*time.Hour + time.Duration(r.IntN(86400))*time.Second)
			src := fmt.Sprintf("synthetic-%02d", zipf(r, benchSources))
			a := &tifa.Article{URL: fmt.Sprintf("synthetic://%s/%d", src, i), Source: src,
				Title: fmt.Sprintf("synthetic article %d", i), Body: syntheticBody(r), Published: pub, PublishedSource: "page",
				Lang: "zh", Charset: "utf-8", Method: "synthetic", FetchedAt: pub, Fingerprint: r.Uint64()}
			var counts []tifa.Count
			seen := map[int]bool{}
			for k := r.IntN(6); k > 0; k-- {
				t := zipf(r, benchTerms)
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
		if err := db.SaveArticles(ctx, saved, benchLexicon); err != nil {
			return err
		}
	}
	return nil
}

// zipf picks 0..n-1 with the first ones much likelier.
func zipf(r *rand.Rand, n int) int {
	for {
		x := int(float64(n) * r.Float64() * r.Float64())
		if x < n {
			return x
		}
	}
}

func syntheticBody(r *rand.Rand) string {
	const text = "这是合成的测试文章，不是新闻。用于衡量报告的速度。"
	b := make([]byte, 0, 4*len(text))
	for k := 1 + r.IntN(4); k > 0; k-- {
		b = append(b, text...)
	}
	return string(b)
}

func benchTermIDs(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf("t%03d", i)
	}
	return out
}

// BenchmarkSeriesYearDaily10Terms: a one-year daily series for 10 terms per
// source, built and written as the long CSV. Target: under 100 ms.
func BenchmarkSeriesYearDaily10Terms(b *testing.B) {
	db := benchDB(b)
	q := Query{By: Day, Filter: tifa.Filter{Terms: benchTermIDs(10), From: "2024-01-01", To: "2024-12-31"}}
	defer cpuTime(b)()
	for b.Loop() {
		s, err := Build(context.Background(), db, q)
		if err != nil {
			b.Fatal(err)
		}
		if err := WriteCSV(io.Discard, s); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSeriesYearDaily10TermsTable: the same series summed over the
// sources, as tifa report prints it (and a chart draws it).
func BenchmarkSeriesYearDaily10TermsTable(b *testing.B) {
	db := benchDB(b)
	q := Query{By: Day, Merged: true, Filter: tifa.Filter{Terms: benchTermIDs(10), From: "2024-01-01", To: "2024-12-31"}}
	defer cpuTime(b)()
	for b.Loop() {
		s, err := Build(context.Background(), db, q)
		if err != nil {
			b.Fatal(err)
		}
		if err := WriteTable(io.Discard, s, nil); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkWideCSVYear100Terms: the wide CSV of a year by day for 100 terms.
// Target: under 2 s.
func BenchmarkWideCSVYear100Terms(b *testing.B) {
	db := benchDB(b)
	q := Query{By: Day, Merged: true, Filter: tifa.Filter{Terms: benchTermIDs(benchTerms), From: "2024-01-01", To: "2024-12-31"}}
	defer cpuTime(b)()
	for b.Loop() {
		s, err := Build(context.Background(), db, q)
		if err != nil {
			b.Fatal(err)
		}
		if err := WriteWideCSV(io.Discard, s, Share, nil, UTF8); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCompareMonth: one month of every term against the previous month
// and a year earlier.
func BenchmarkCompareMonth(b *testing.B) {
	db := benchDB(b)
	q := Query{By: Month, Filter: tifa.Filter{From: "2024-05-01", To: "2024-05-31"}}
	defer cpuTime(b)()
	for b.Loop() {
		if _, err := Compare(context.Background(), db, q, Share, false, nil); err != nil {
			b.Fatal(err)
		}
	}
}

// cpuTime reports the process's CPU time per op (cpu-ms/op) beside the
// wall time, GC included: on a machine shared with other work, ns/op also
// counts the waits for a core, CPU time does not. Call it just before the
// loop and the function it returns just after (defer).
func cpuTime(b *testing.B) func() {
	start := processCPU(b)
	return func() {
		b.ReportMetric(float64(processCPU(b)-start)/float64(time.Millisecond)/float64(b.N), "cpu-ms/op")
	}
}

func processCPU(b *testing.B) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		b.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
