package sqlite

import (
	"context"
	"fmt"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

// TestReadOlderDatabase: a database lacking only read-optional migrations
// opens read-only and reads as having recorded nothing; one lacking another
// migration is refused with the upgrade hint.
func TestReadOlderDatabase(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "old.db")
	db, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{`DROP TABLE lexicon_terms`, `DROP TABLE lexicons`, `DROP TABLE sources`, `DROP INDEX IF EXISTS articles_lexicon`,
		`DELETE FROM migrations WHERE name LIKE 'migration/0005_%'`} {
		if _, err := db.db.ExecContext(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	db.Close()
	ro, err := OpenReadOnly(ctx, path)
	if err != nil {
		t.Fatalf("older database read-only: %v", err)
	}
	lx, err := ro.Lexicons(ctx)
	srcs, err2 := ro.Sources(ctx)
	ro.Close()
	if err != nil || err2 != nil || lx != nil || srcs != nil {
		t.Errorf("older database: lexicons %v, %v; sources %v, %v; want none", lx, err, srcs, err2)
	}
	// The next write brings it up to date.
	if db, err = Open(ctx, path); err != nil {
		t.Fatal(err)
	}
	if _, err := db.db.ExecContext(ctx, `DELETE FROM migrations WHERE name LIKE 'migration/0001_%'`); err != nil {
		t.Fatal(err)
	}
	db.Close()
	if _, err := OpenReadOnly(ctx, path); err == nil || !strings.Contains(err.Error(), "run any writing command") {
		t.Errorf("database lacking a required migration: %v; want the upgrade hint", err)
	}
}

// TestMonthlyRollupArrives: a database from before monthly_terms (0014)
// reads read-only by its days; the next write adds the table, filled from
// the days, and rankings read through it give what the days give, over
// whole months, their ends and unbounded ranges.
func TestMonthlyRollupArrives(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "old.db")
	db, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	for i := range 300 {
		day := time.Date(2024, 3, 20, 0, 0, 0, 0, time.UTC).AddDate(0, 0, i%100).Format(time.DateOnly)
		a := article(fmt.Sprintf("http://www.news.cn/%d/c.html", i), day, "新质生产力")
		a.Source = []string{"xinhua", "people", "gmw"}[i%3]
		// Term tN is mentioned most around day 10N, so rankings differ by range.
		var counts []Count
		for n := range 10 {
			if d := i%100 - 10*n; d > -15 && d < 15 {
				counts = append(counts, Count{Term: fmt.Sprintf("t%d", n), Count: 15 - max(d, -d)})
			}
		}
		if _, err := db.SaveArticle(ctx, a, counts, "v1"); err != nil {
			t.Fatal(err)
		}
	}
	for _, q := range []string{`DROP TABLE monthly_terms`, `DROP TRIGGER daily_terms_monthly_insert`,
		`DROP TRIGGER daily_terms_monthly_update`, `DROP TRIGGER daily_terms_monthly_rekey`, `DROP TRIGGER daily_terms_monthly_delete`, `DELETE FROM migrations WHERE name LIKE 'migration/0014_%'`} {
		if _, err := db.db.ExecContext(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	db.Close()

	filters := []Filter{{}, {From: "2024-04-01", To: "2024-05-31"}, {From: "2024-03-25", To: "2024-06-10"},
		{From: "2024-04-15"}, {To: "2024-05-02"}, {From: "2024-05-09", To: "2024-05-09"},
		{From: "2024-04-01", To: "2024-06-30", Sources: []string{"gmw"}}, {From: "2024-04-11", To: "2024-06-30", Terms: []string{"t3", "t5", "t6"}}}
	rank := func(db *DB) [][]string {
		var out [][]string
		for _, f := range filters {
			top, err := db.MostMentioned(ctx, f, 5)
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, top)
		}
		return out
	}
	ro, err := OpenReadOnly(ctx, path)
	if err != nil {
		t.Fatalf("database before 0014, read-only: %v", err)
	}
	if ro.monthly {
		t.Fatal("read-only open of a database without monthly_terms thinks it has them")
	}
	byDays := rank(ro)
	if problems, err := ro.Check(ctx); err != nil || len(problems) != 0 {
		t.Errorf("check of the older database: %+v, %v", problems, err)
	}
	ro.Close()

	if db, err = Open(ctx, path); err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if !db.monthly {
		t.Fatal("after the upgrade the store does not read monthly_terms")
	}
	var months int
	if err := db.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM monthly_terms`).Scan(&months); err != nil || months == 0 {
		t.Fatalf("monthly_terms after the upgrade: %d rows, %v", months, err)
	}
	if got := rank(db); !reflect.DeepEqual(got, byDays) {
		t.Errorf("rankings through monthly_terms:\n%v\nby the days:\n%v", got, byDays)
	}
	for i, top := range byDays {
		if len(top) == 0 {
			t.Errorf("%+v ranks nothing: the test data misses it", filters[i])
		}
	}
	if problems, err := db.Check(ctx); err != nil || len(problems) != 0 {
		t.Errorf("check after the upgrade: %+v, %v", problems, err)
	}
}
