package report

import (
	"bytes"
	"context"
	"flag"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/tifa-project/tifa"
	"github.com/tifa-project/tifa/sqlite"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// fixture stores five articles over two months and two sources, with counts
// chosen so every column of the report has something to check.
func fixture(t *testing.T) *sqlite.DB {
	t.Helper()
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "tifa.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	for i, a := range []struct {
		source, published string
		counts            []tifa.Count
	}{
		{"xinhua", "2024-05-09T22:27:02+08:00", []tifa.Count{{Term: "high-quality-development", Count: 2}, {Term: "opening-up", Count: 1, Nested: 1}}},
		{"xinhua", "2024-05-10T01:00:00+08:00", []tifa.Count{{Term: "high-quality-development", Count: 1}}},
		{"xinhua", "2024-06-01T09:00:00+08:00", nil},
		{"people", "2024-05-10T06:58:00+08:00", []tifa.Count{{Term: "high-quality-development", Count: 5}}},
		// 2024-05-31 16:30 UTC is June 1st in China: it must land in June.
		{"people", "2024-05-31T16:30:00Z", []tifa.Count{{Term: "=cmd", Count: 1}}},
	} {
		pub, _ := time.Parse(time.RFC3339, a.published)
		art := &tifa.Article{URL: "http://example.com/" + string(rune('a'+i)), Source: a.source, Title: "t", Published: pub,
			PublishedSource: "page", Body: "正文", Lang: "zh", Charset: "utf-8", Method: "test", FetchedAt: pub}
		if _, err := db.SaveArticle(ctx, art, a.counts, "v1"); err != nil {
			t.Fatal(err)
		}
	}
	return db
}

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs (run go test ./report -update to accept):\ngot:\n%s\nwant:\n%s", name, got, want)
	}
}

func TestTableAndCSV(t *testing.T) {
	db := fixture(t)
	labels := Labels{"high-quality-development": "高质量发展", "opening-up": "对外开放"}
	for _, tt := range []struct {
		name string
		q    Query
	}{
		{"month", Query{By: Month}},
		{"week-xinhua", Query{By: Week, Filter: tifa.Filter{Sources: []string{"xinhua"}, Terms: []string{"high-quality-development"}}}},
		{"day-range", Query{By: Day, Filter: tifa.Filter{From: "2024-05-09", To: "2024-05-11", Terms: []string{"high-quality-development"}}}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s, err := Build(context.Background(), db, tt.q)
			if err != nil {
				t.Fatal(err)
			}
			var table, csv bytes.Buffer
			if err := WriteTable(&table, s, labels); err != nil {
				t.Fatal(err)
			}
			if err := WriteCSV(&csv, s); err != nil {
				t.Fatal(err)
			}
			golden(t, tt.name+".txt", table.Bytes())
			golden(t, tt.name+".csv", csv.Bytes())
		})
	}
}

func TestPeriodOf(t *testing.T) {
	for _, tt := range []struct{ day, by, want string }{
		{"2024-05-09", Day, "2024-05-09"},
		{"2024-05-09", Week, "2024-W19"},
		{"2024-12-30", Week, "2025-W01"}, // ISO weeks cross the year
		{"2024-05-09", Month, "2024-05"},
	} {
		if got, err := PeriodOf(tt.day, tt.by); err != nil || got != tt.want {
			t.Errorf("PeriodOf(%s, %s) = %s, %v; want %s", tt.day, tt.by, got, err, tt.want)
		}
	}
	if _, err := PeriodOf("2024-05-09", "year"); err == nil {
		t.Error("PeriodOf(year): want an error")
	}
}
