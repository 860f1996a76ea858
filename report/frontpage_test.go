package report

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/tifa-project/tifa"
	"github.com/tifa-project/tifa/sqlite"
)

// printFixture is constructed: one People's Daily print day with two
// front-page (版次 01) articles and three inside ones, the sentences taken
// from the paper's style, plus a web article with no page at all.
func printFixture(t testing.TB) *sqlite.DB {
	t.Helper()
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "tifa.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	for i, a := range []struct{ page, body string }{
		{"01", "加快发展新质生产力，扎实推进高质量发展。"},
		{"01", "坚持高水平对外开放。"},
		{"04", "新质生产力已经在实践中形成。"},
		{"04", "新质生产力是推动高质量发展的内在要求。"},
		{"11", "新质生产力本身就是绿色生产力。"},
		{"", "新质生产力，网络版。"},
	} {
		pub := time.Date(2024, 5, 10, 5, 0, 0, 0, time.UTC)
		art := &tifa.Article{URL: "http://paper.people.com.cn/rmrb/a" + string(rune('a'+i)) + ".html", Source: "people",
			Title: "标题", Body: a.body, PrintPage: a.page, Published: pub, PublishedSource: "page",
			Lang: "zh", Charset: "utf-8", Method: "test", FetchedAt: pub}
		if _, err := db.SaveArticle(ctx, art, countTerms(tifa.TaggedText(art.Title, art.Body)), "v1"); err != nil {
			t.Fatal(err)
		}
	}
	return db
}

// TestFrontPageFiltersEveryReport checks the one filter reaches the daily
// series (both the per-source and the merged path), window totals (top,
// rising, compare) and the article queries (snippets).
func TestFrontPageFiltersEveryReport(t *testing.T) {
	ctx := context.Background()
	db := printFixture(t)
	for _, merged := range []bool{false, true} {
		for _, front := range []bool{false, true} {
			q := Query{By: Day, Merged: merged, Filter: tifa.Filter{Terms: []string{"nqpf"}, FrontPage: front}}
			s, err := Build(ctx, db, q)
			if err != nil {
				t.Fatal(err)
			}
			if len(s.Cells) != 1 {
				t.Fatalf("merged %v front %v: got %d cells, want 1", merged, front, len(s.Cells))
			}
			c := s.Cells[0]
			want := Cell{Articles: 5, Total: 6}
			if front {
				want = Cell{Articles: 1, Total: 2}
			}
			if c.Articles != want.Articles || c.Total != want.Total {
				t.Errorf("merged %v front %v: got %d of %d articles, want %d of %d", merged, front, c.Articles, c.Total, want.Articles, want.Total)
			}
		}
	}
	q := Query{Filter: tifa.Filter{FrontPage: true, From: "2024-05-10", To: "2024-05-10"}}
	tot, err := WindowTotals(ctx, db, q, Window{"2024-05-10", "2024-05-10"})
	if err != nil {
		t.Fatal(err)
	}
	if got := tot.Store[""].Total; got != 2 {
		t.Errorf("window totals on the front page: got %d articles stored, want 2", got)
	}
	if got := tot.Cells[TermSource{"open", ""}].Articles; got != 1 {
		t.Errorf("对外开放 on the front page: got %d articles, want 1", got)
	}
	sn, err := Snippets(ctx, db, q, "nqpf", 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(sn) != 1 || sn[0].PrintPage != "01" {
		t.Errorf("front-page snippets: got %+v, want one from page 01", sn)
	}
	if got := q.Counting(); got != "counting all articles, reprints included, print-edition front page (版次 01) only" {
		t.Errorf("counting: got %q", got)
	}
}
