package sqlite

import (
	"context"
	"errors"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/tifa-project/tifa"
)

func mustOpen(tb testing.TB) *DB {
	tb.Helper()
	db, err := Open(context.Background(), filepath.Join(tb.TempDir(), "tifa.db"))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	return db
}

func article(url, day, body string) *Article {
	t, _ := time.ParseInLocation("2006-01-02 15:04", day+" 23:30", tifa.China)
	return &Article{URL: url, Source: "xinhua", Title: "t", Published: t, PublishedSource: "page",
		Body: body, Lang: "zh", Charset: "utf-8", Method: "test", FetchedAt: time.Now()}
}

func TestSaveArticleIdempotentAndUpdates(t *testing.T) {
	ctx := context.Background()
	db := mustOpen(t)
	a := article("http://www.news.cn/a/c.html", "2024-05-09", "新质生产力新质生产力")
	counts := []Count{{Term: "nqpf", Count: 2}}
	for i, want := range []Outcome{Inserted, Unchanged} {
		out, err := db.SaveArticle(ctx, a, counts, "v1")
		if err != nil || out != want {
			t.Fatalf("save %d: got %v, %v; want %v", i, out, err, want)
		}
	}
	checkDays(t, db, []TermDay{{Term: "nqpf", Source: "xinhua", Day: "2024-05-09", Mentions: 2, Articles: 1}}, 1)

	// The text changes and the date moves a day: old day emptied, new day counted once.
	b := article(a.URL, "2024-05-10", "新质生产力")
	if out, err := db.SaveArticle(ctx, b, []Count{{Term: "nqpf", Count: 1}}, "v1"); err != nil || out != Updated {
		t.Fatalf("update: got %v, %v", out, err)
	}
	checkDays(t, db, []TermDay{{Term: "nqpf", Source: "xinhua", Day: "2024-05-10", Mentions: 1, Articles: 1}}, 1)

	// A new lexicon version re-counts even with the same text.
	if out, err := db.SaveArticle(ctx, b, nil, "v2"); err != nil || out != Updated {
		t.Fatalf("retag: got %v, %v", out, err)
	}
	checkDays(t, db, nil, 1)
}

func checkDays(t *testing.T, db *DB, want []TermDay, articles int) {
	t.Helper()
	got, err := db.TermDays(context.Background(), Filter{})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("term days: got %+v, want %+v", got, want)
	}
	src, err := db.SourceDays(context.Background(), Filter{})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, s := range src {
		n += s.Articles
	}
	if n != articles {
		t.Errorf("source days count %d articles, want %d (%+v)", n, articles, src)
	}
}

func TestDayIsChinaTime(t *testing.T) {
	// 2024-05-09 17:30 UTC is already 01:30 on the 10th in Beijing.
	if got := Day(time.Date(2024, 5, 9, 17, 30, 0, 0, time.UTC)); got != "2024-05-10" {
		t.Errorf("got %s, want 2024-05-10", got)
	}
}

func TestFilterIsParameterised(t *testing.T) {
	db := mustOpen(t)
	// A term id that is SQL must be a value that matches nothing, not SQL.
	got, err := db.TermDays(context.Background(), Filter{Terms: []string{"x') OR 1=1 --"}})
	if err != nil || len(got) != 0 {
		t.Errorf("got %v, %v; want no rows, no error", got, err)
	}
}

func TestReadOnlyRejectsForeignFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "empty.db")
	if db, err := Open(context.Background(), path); err != nil {
		t.Fatal(err)
	} else {
		db.Close()
	}
	if _, err := OpenReadOnly(context.Background(), filepath.Join(t.TempDir(), "none.db")); err == nil {
		t.Error("read-only open of a missing file: want an error")
	}
}

func TestUndatedArticleKeepsFirstCrawlDate(t *testing.T) {
	ctx := context.Background()
	db := mustOpen(t)
	a := article("http://example.com/undated", "2024-05-09", "正文")
	a.PublishedSource = "crawl"
	if _, err := db.SaveArticle(ctx, a, nil, "v1"); err != nil {
		t.Fatal(err)
	}
	b := article(a.URL, "2024-05-20", "正文")
	b.PublishedSource = "crawl"
	if out, err := db.SaveArticle(ctx, b, nil, "v1"); err != nil || out != Unchanged {
		t.Fatalf("re-crawl of an undated page: got %v, %v; want unchanged", out, err)
	}
	src, _ := db.SourceDays(ctx, Filter{})
	if len(src) != 1 || src[0].Day != "2024-05-09" {
		t.Errorf("got %+v, want the first crawl's day", src)
	}
}

func TestLockIsExclusiveAndReleased(t *testing.T) {
	db := mustOpen(t)
	l, err := db.TryLock(context.Background(), "crawl")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.TryLock(context.Background(), "crawl"); !errors.Is(err, ErrLocked) {
		t.Errorf("second lock: got %v, want ErrLocked", err)
	}
	l.Unlock()
	l2, err := db.TryLock(context.Background(), "crawl")
	if err != nil {
		t.Errorf("lock after unlock: %v", err)
	} else {
		l2.Unlock()
	}
}
