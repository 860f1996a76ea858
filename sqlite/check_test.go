package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// demoLike builds a database shaped like a crawl's: three sources, a month
// of days, bodies long enough to need overflow pages, three terms.
func demoLike(t *testing.T) string {
	t.Helper()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "tifa.db")
	db, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for i := range 150 {
		a := article(fmt.Sprintf("http://www.news.cn/%d/c.html", i), fmt.Sprintf("2024-05-%02d", i%30+1),
			strings.Repeat("新质生产力是创新起主导作用的先进生产力质态。", 20+i%40))
		a.Source = []string{"xinhua", "people", "gmw"}[i%3]
		counts := []Count{{Term: "nqpf", Count: 20 + i%40}, {Term: "innovation", Count: 1 + i%3, Nested: i % 2}}
		if _, err := db.SaveArticle(ctx, a, counts, "v1"); err != nil {
			t.Fatal(err)
		}
	}
	return path
}

// rootPage is the first page of a table or index.
func rootPage(t *testing.T, path, name string) int {
	t.Helper()
	sdb, err := sql.Open("sqlite3", "file:"+path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer sdb.Close()
	var page int
	if err := sdb.QueryRow(`SELECT rootpage FROM sqlite_master WHERE name = ?`, name).Scan(&page); err != nil {
		t.Fatal(err)
	}
	return page
}

// corrupt copies src and writes random bytes over one whole page of the copy.
func corrupt(t *testing.T, src string, page int) string {
	t.Helper()
	data, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	const size = 4096
	if page < 2 || page*size > len(data) {
		t.Fatalf("page %d is not a page beyond the header of %d bytes", page, len(data))
	}
	r := rand.New(rand.NewPCG(1, uint64(page)))
	for i := (page - 1) * size; i < page*size; i++ {
		data[i] = byte(r.Uint32())
	}
	dst := filepath.Join(t.TempDir(), "damaged.db")
	if err := os.WriteFile(dst, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return dst
}

// TestDamagedPagesAreFound writes random bytes over a page no report reads
// (an index of articles): every open refuses the file, and Check says
// what is wrong.
func TestDamagedPagesAreFound(t *testing.T) {
	ctx := context.Background()
	good := demoLike(t)
	bad := corrupt(t, good, rootPage(t, good, "articles_source_day"))
	for name, opener := range map[string]func(context.Context, string) (*DB, error){"Open": Open, "OpenReadOnly": OpenReadOnly} {
		db, err := opener(ctx, bad)
		if err == nil {
			db.Close()
		}
		if !errors.Is(err, ErrDamaged) || !strings.Contains(err.Error(), bad) || !strings.Contains(err.Error(), "tifa check") {
			t.Errorf("%s of a damaged file: got %v; want ErrDamaged naming the file and tifa check", name, err)
		}
	}
	db, err := OpenUnchecked(ctx, bad, true)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	problems, err := db.Check(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(problems) == 0 || problems[0].Check != "integrity" || problems[0].Fix == "" {
		t.Errorf("check of a damaged file: got %+v; want integrity problems with what to do", problems)
	}
}

func TestCheckFindsInconsistencies(t *testing.T) {
	ctx := context.Background()
	db, err := Open(ctx, demoLike(t))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if problems, err := db.Check(ctx); err != nil || len(problems) != 0 {
		t.Fatalf("sound database: got %+v, %v; want no problems", problems, err)
	}
	for _, tt := range []struct{ sql, check, want string }{
		{`UPDATE daily_terms SET mentions = mentions + 1 WHERE term = 'nqpf' AND source = 'gmw' AND day = '2024-05-03'`,
			"aggregates", "1 daily term counts differ from the mentions they summarise, e.g. nqpf in gmw on 2024-05-03: stored 171 mentions in 5 articles, the mentions say 170 in 5"},
		{`DELETE FROM daily_sources WHERE source = 'xinhua' AND day = '2024-05-01'`, "aggregates", "xinhua on 2024-05-01: stored 0 articles"},
		// The triggers kept monthly_terms with the day changed above; a
		// month changed behind them is a drift of its own.
		{`UPDATE monthly_terms SET mentions = mentions + 3 WHERE term = 'nqpf' AND source = 'gmw' AND month = '2024-05-01'`,
			"aggregates", "1 monthly term counts differ from the daily counts they summarise, e.g. nqpf in gmw in 2024-05: stored "},
		{`DELETE FROM monthly_terms WHERE term = 'innovation' AND source = 'xinhua'`, "aggregates", "innovation in xinhua in 2024-05: stored 0 mentions in 0 articles"},
		{`UPDATE articles SET chars = 7 WHERE id = 1`, "articles", "character count"},
		{`UPDATE mentions SET nested = 9 WHERE article_id = 2 AND term = 'innovation'`, "mentions", "impossible"},
		{`INSERT INTO frontier (url, fetch_url, source, found, gone) VALUES ('http://x/', 'http://x/', 'xinhua', '2024-05-01T00:00:00Z', 7)`, "frontier", "gone=7"},
	} {
		if _, err := db.db.ExecContext(ctx, tt.sql); err != nil {
			t.Fatal(err)
		}
		problems, err := db.Check(ctx)
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, p := range problems {
			found = found || (p.Check == tt.check && strings.Contains(p.What, tt.want) && p.Fix != "")
		}
		if !found {
			t.Errorf("after %s: got %+v; want a %s problem saying %q", tt.sql, problems, tt.check, tt.want)
		}
	}
	db.db.ExecContext(ctx, `DELETE FROM frontier`)
	db.db.ExecContext(ctx, `UPDATE mentions SET nested = 0 WHERE article_id = 2 AND term = 'innovation'`)
	db.db.ExecContext(ctx, `UPDATE articles SET chars = length(body) WHERE id = 1`)
	if err := db.RebuildAggregates(ctx); err != nil {
		t.Fatal(err)
	}
	if problems, err := db.Check(ctx); err != nil || len(problems) != 0 {
		t.Errorf("after the rebuild: got %+v, %v; want no problems", problems, err)
	}
}

// BenchmarkOpen measures what the structural check adds to every open, on
// a database of 4,000 articles of about 12 KB each: checked in full (no
// mark, as every open was before the mark), skipped because the mark holds,
// and not checked at all (the floor).
func BenchmarkOpen(b *testing.B) {
	ctx := context.Background()
	path := filepath.Join(b.TempDir(), "tifa.db")
	db, err := Open(ctx, path)
	if err != nil {
		b.Fatal(err)
	}
	body := strings.Repeat("新质生产力是创新起主导作用的先进生产力质态。", 200)
	for i := range 4000 {
		a := article(fmt.Sprintf("http://www.news.cn/%d/c.html", i), fmt.Sprintf("2024-05-%02d", i%30+1), body)
		if _, err := db.SaveArticle(ctx, a, []Count{{Term: "nqpf", Count: 200}}, "v1"); err != nil {
			b.Fatal(err)
		}
	}
	db.Close()
	old := time.Now().Add(-time.Hour) // written long enough ago to be marked
	if err := os.Chtimes(path, old, old); err != nil {
		b.Fatal(err)
	}
	st, _ := os.Stat(path)
	for _, bc := range []struct {
		name          string
		check, unmark bool
	}{{"quick_check", true, true}, {"marked", true, false}, {"unchecked", false, false}} {
		b.Run(bc.name, func(b *testing.B) {
			b.SetBytes(st.Size())
			for b.Loop() {
				if bc.unmark {
					os.Remove(path + "-checked")
				}
				db, err := open(ctx, path, true, bc.check)
				if err != nil {
					b.Fatal(err)
				}
				db.Close()
			}
		})
	}
}

// TestMonthlyFollowsRekeyedDays: a daily row whose key changes (no writer
// does so; a hand-made fix might) leaves its old month for its new one.
func TestMonthlyFollowsRekeyedDays(t *testing.T) {
	ctx := context.Background()
	db, err := Open(ctx, demoLike(t))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, q := range []string{
		`UPDATE daily_terms SET day = '2024-06-01' WHERE term = 'nqpf' AND source = 'gmw' AND day = '2024-05-03'`,
		`UPDATE daily_terms SET source = 'cctv' WHERE term = 'innovation' AND source = 'xinhua'`,
	} {
		if _, err := db.db.ExecContext(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	problems, err := db.Check(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range problems {
		if strings.Contains(p.What, "monthly") {
			t.Errorf("monthly counts did not follow the moved days: %s", p.What)
		}
	}
	if len(problems) == 0 {
		t.Error("days moved by hand: check finds nothing against the mentions")
	}
}
