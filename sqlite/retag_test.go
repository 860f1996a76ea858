package sqlite

import (
	"context"
	"testing"
)

// TestRetagWritesOnlyChangedMentions counts, with triggers, the mention
// rows a retag writes when the new lexicon changes one term of one
// article: rewriting every mention of the batch is most of a retag's cost.
func TestRetagWritesOnlyChangedMentions(t *testing.T) {
	ctx := context.Background()
	db := mustOpen(t)
	for _, q := range []string{
		`CREATE TABLE writes (what TEXT NOT NULL)`,
		`CREATE TRIGGER mentions_ins AFTER INSERT ON mentions BEGIN INSERT INTO writes VALUES ('insert ' || NEW.article_id || ' ' || NEW.term); END`,
		`CREATE TRIGGER mentions_upd AFTER UPDATE ON mentions BEGIN INSERT INTO writes VALUES ('update ' || NEW.article_id || ' ' || NEW.term); END`,
		`CREATE TRIGGER mentions_del AFTER DELETE ON mentions BEGIN INSERT INTO writes VALUES ('delete ' || OLD.article_id || ' ' || OLD.term); END`,
	} {
		if _, err := db.pool.ExecContext(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	old := []Count{{Term: "nqpf", Count: 2, Spans: []Span{{Start: 0, End: 5}, {Start: 9, End: 14}}}, {Term: "sw", Count: 1, Spans: []Span{{Start: 20, End: 24}}}}
	for _, u := range []string{"http://www.news.cn/a/1.html", "http://www.news.cn/a/2.html", "http://www.news.cn/a/3.html"} {
		if _, err := db.SaveArticle(ctx, article(u, "2024-05-09", "新质生产力"), old, "v1"); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := db.pool.ExecContext(ctx, `DELETE FROM writes`); err != nil {
		t.Fatal(err)
	}
	job := RetagJob{Version: "v2"}
	todo, err := db.RetagNext(ctx, job, 10)
	if err != nil || len(todo) != 3 {
		t.Fatalf("retag next: %d, %v", len(todo), err)
	}
	var batch []Retagged
	for i, s := range todo {
		c := []Count{old[0], old[1]}
		switch i {
		case 1: // a new form of sw found once more
			c[1] = Count{Term: "sw", Count: 2, Spans: []Span{{Start: 20, End: 24}, {Start: 30, End: 34}}}
		case 2: // a new term, and sw no longer matched
			c = []Count{old[0], {Term: "gdp", Count: 1, Spans: []Span{{Start: 40, End: 43}}}}
		}
		batch = append(batch, Retagged{Stored: s, Counts: c})
	}
	if err := db.RetagApply(ctx, job, batch); err != nil {
		t.Fatal(err)
	}
	rows, err := db.pool.QueryContext(ctx, `SELECT what FROM writes ORDER BY what`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var got []string
	for rows.Next() {
		var w string
		if err := rows.Scan(&w); err != nil {
			t.Fatal(err)
		}
		got = append(got, w)
	}
	// gdp is inserted by an upsert, which SQLite reports as an insert;
	// sw of article 2 is changed in place.
	want := []string{"delete 3 sw", "insert 3 gdp", "update 2 sw"}
	if len(got) != len(want) {
		t.Fatalf("mention rows written: got %q, want %q (the unchanged ones left alone)", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("mention rows written: got %q, want %q", got, want)
		}
	}
}
