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
	"github.com/tifa-project/tifa/postgres"
)

// BenchmarkDashboardFirstPagePostgres is BenchmarkDashboardFirstPage on a
// PostgreSQL database tifa copy filled from the same SQLite file:
//
//	TIFA_BENCH_PG=postgres://… go test ./dashboard -run '^$' -bench FirstPage -count 3
func BenchmarkDashboardFirstPagePostgres(b *testing.B) {
	dsn := os.Getenv("TIFA_BENCH_PG")
	if dsn == "" {
		b.Skip("TIFA_BENCH_PG is not set: tifa copy --from TIFA_BENCH_DB --to postgres://… first")
	}
	ctx := context.Background()
	db, err := postgres.OpenReadOnly(ctx, dsn)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
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
