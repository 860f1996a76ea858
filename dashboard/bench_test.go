package dashboard

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"testing"

	"github.com/tifa-project/tifa/config"
	"github.com/tifa-project/tifa/ingest"
	"github.com/tifa-project/tifa/sqlite"
)

// BenchmarkDashboardFirstPage is the page a bare http://127.0.0.1:8080/
// shows, on the 1,000,000-article synthetic database report/bench_test.go
// builds (its 20 sources and 100 terms configured here). Target: 300 ms.
//
//	TIFA_BENCH_DB=/tmp/tifa-bench-1m.db go test ./dashboard -run '^$' -bench FirstPage -benchtime 20x
func BenchmarkDashboardFirstPage(b *testing.B) {
	path := os.Getenv("TIFA_BENCH_DB")
	if path == "" {
		b.Skip("TIFA_BENCH_DB is not set: build the database with go test ./report -bench . (see README, Speed)")
	}
	ctx := context.Background()
	db, err := sqlite.OpenReadOnly(ctx, path)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	if fi, err := os.Stat(path); err == nil {
		b.Logf("database %s: %.0f MB", path, float64(fi.Size())/1e6)
	}
	cfg := &config.Config{}
	for i := range 20 {
		id := fmt.Sprintf("synthetic-%02d", i)
		cfg.Sources = append(cfg.Sources, config.Source{ID: id, Name: id})
	}
	for i := range 100 {
		id := fmt.Sprintf("t%03d", i)
		cfg.Terms = append(cfg.Terms, config.Term{ID: id, Label: "合成词" + id})
	}
	h, err := New(db, cfg, ingest.LexiconOf(cfg).Version, slog.New(slog.DiscardHandler))
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		w := httptest.NewRecorder()
		h.ServeHTTP(w, httptest.NewRequest(http.MethodGet, "http://127.0.0.1/", nil))
		if w.Code != http.StatusOK {
			b.Fatalf("GET /: %d %s", w.Code, w.Body)
		}
	}
}
