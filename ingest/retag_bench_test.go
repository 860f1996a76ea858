package ingest_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tifa-project/tifa"
	"github.com/tifa-project/tifa/config"
	"github.com/tifa-project/tifa/ingest"
	"github.com/tifa-project/tifa/sqlite"
)

// BenchmarkRetag recounts 100,000 stored articles. The articles are
// SYNTHETIC: each is 8 paragraphs drawn at random from real article text
// (tagger/testdata/news.txt, whose README gives the sources), under
// synthetic:// URLs. Every iteration switches between two lexicons (the
// default, and the default plus one term) so all articles are stale and
// recounted, reads and writes included.
//
//	go test -run '^$' -bench Retag -benchtime 3x ./ingest/
func BenchmarkRetag(b *testing.B) {
	const n = 100_000
	ctx := context.Background()
	db, bytes := syntheticDB(b, n)
	a := config.Default()
	c := config.Default()
	c.Terms = append(c.Terms, config.Term{ID: "rise-of-central-china", Zh: []string{"中部地区崛起"}})
	tgA, err := ingest.NewTagger(a, &testSegs)
	if err != nil {
		b.Fatal(err)
	}
	tgC, err := ingest.NewTagger(c, &testSegs)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(bytes)
	b.ResetTimer()
	start := time.Now()
	for i := range b.N {
		tg := tgA
		if i%2 == 0 {
			tg = tgC
		}
		st, err := ingest.Retag(ctx, db, tg, nil, 500, nil)
		if err != nil || st.Articles != n {
			b.Fatalf("retag: %+v, %v", st, err)
		}
	}
	secs := time.Since(start).Seconds()
	b.ReportMetric(float64(n*b.N)/secs, "articles/s")
}

func syntheticDB(b *testing.B, n int) (*sqlite.DB, int64) {
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
	var total int64
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
		total += int64(len(a.Title) + len(a.Body))
		batch = append(batch, tifa.Saved{Article: a})
		if len(batch) == 5000 || i == n-1 {
			if err := db.SaveArticles(ctx, batch, "none"); err != nil {
				b.Fatal(err)
			}
			batch = batch[:0]
		}
	}
	return db, total
}
