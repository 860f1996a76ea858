package report

import (
	"context"
	"io"
	"os"
	"testing"

	"github.com/tifa-project/tifa"
	"github.com/tifa-project/tifa/postgres"
)

// The PostgreSQL side of the series and wide-CSV benchmarks, on a database
// tifa copy filled from the SQLite one TIFA_BENCH_DB names, so both engines
// answer over the same rows, side by side:
//
//	TIFA_BENCH_DB=/tmp/tifa-bench-1000000.db TIFA_BENCH_PG=postgres://… \
//	  go test ./report -run '^$' -bench 'Year(Daily10Terms|100Terms)' -count 3
func benchPG(b *testing.B) *postgres.DB {
	b.Helper()
	dsn := os.Getenv("TIFA_BENCH_PG")
	if dsn == "" {
		b.Skip("TIFA_BENCH_PG is not set: tifa copy --from TIFA_BENCH_DB --to postgres://… first")
	}
	db, err := postgres.OpenReadOnly(context.Background(), dsn)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	return db
}

func BenchmarkSeriesYearDaily10TermsPostgres(b *testing.B) {
	db := benchPG(b)
	q := Query{By: Day, Filter: tifa.Filter{Terms: benchTermIDs(10), From: "2024-01-01", To: "2024-12-31"}}
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

func BenchmarkWideCSVYear100TermsPostgres(b *testing.B) {
	db := benchPG(b)
	q := Query{By: Day, Merged: true, Filter: tifa.Filter{Terms: benchTermIDs(benchTerms), From: "2024-01-01", To: "2024-12-31"}}
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
