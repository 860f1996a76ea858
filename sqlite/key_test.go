package sqlite

import (
	"context"
	"testing"
)

// TestKeyAndAnsweredURL: an article linked as one URL and answered at
// another (a redirect) is one row, whether it comes back under its key (a
// crawl) or only under the URL that answered (a page re-read from the
// archive, keyed by that URL's canonical form).
func TestKeyAndAnsweredURL(t *testing.T) {
	ctx := context.Background()
	db := mustOpen(t)
	a := article("http://127.0.0.1:8080/a/2024/6.html", "2024-05-16", "新质生产力")
	a.Key = "https://127.0.0.1:8080/a/6.html"
	if out, err := db.SaveArticle(ctx, a, []Count{{Term: "nqpf", Count: 1}}, "v1"); err != nil || out != Inserted {
		t.Fatalf("first save: %v, %v", out, err)
	}
	reread := *a
	reread.Key = "https://127.0.0.1:8080/a/2024/6.html"
	if out, err := db.SaveArticle(ctx, &reread, []Count{{Term: "nqpf", Count: 1}}, "v1"); err != nil || out != Unchanged {
		t.Fatalf("re-read save: %v, %v; want unchanged", out, err)
	}
	if n, _ := db.ArticleCount(ctx); n != 1 {
		t.Errorf("%d articles, want 1", n)
	}
	for _, u := range []string{a.Key, a.URL} {
		if got, err := db.Article(ctx, u); err != nil || got.Key != a.Key || got.URL != a.URL {
			t.Errorf("Article(%s) = %+v, %v", u, got, err)
		}
	}
	checkDays(t, db, []TermDay{{Term: "nqpf", Source: "xinhua", Day: "2024-05-16", Mentions: 1, Articles: 1}}, 1)
}
