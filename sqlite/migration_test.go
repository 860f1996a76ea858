package sqlite

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/tifa-project/tifa"
)

// oldDB builds a database as tifa at migration 0001 left it: the article
// row keyed and shown by its https canonical URL, with its mention, the
// day's aggregates, a frontier row and a listing's validators.
func oldDB(t *testing.T, a *Article) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "old.db")
	sdb, err := sql.Open("sqlite3", "file:"+path+"?_foreign_keys=on")
	if err != nil {
		t.Fatal(err)
	}
	defer sdb.Close()
	init, err := os.ReadFile("migration/0001_init.sql")
	if err != nil {
		t.Fatal(err)
	}
	day := Day(a.Published)
	for _, q := range []string{
		`CREATE TABLE migrations (name TEXT PRIMARY KEY)`,
		string(init),
		`INSERT INTO migrations (name) VALUES ('migration/0001_init.sql')`,
	} {
		if _, err := sdb.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	// What the old saveArticle wrote, column for column.
	if _, err := sdb.Exec(`INSERT INTO articles (url, source, title, published, day, published_source, body, chars, lang, charset, method,
		content_hash, lexicon_version, fetched_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		a.URL, a.Source, a.Title, a.Published.In(tifa.China).Format(time.RFC3339), day, a.PublishedSource, a.Body, 10,
		a.Lang, a.Charset, a.Method, tifa.ContentHash(a), "v1", a.FetchedAt.UTC().Format(time.RFC3339)); err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{
		`INSERT INTO mentions (article_id, term, count) VALUES (1, 'nqpf', 2)`,
		`INSERT INTO daily_terms (term, source, day, mentions, articles) VALUES ('nqpf', 'usual', '` + day + `', 2, 1)`,
		`INSERT INTO daily_sources (source, day, articles, chars) VALUES ('usual', '` + day + `', 1, 10)`,
		`INSERT INTO frontier (url, fetch_url, source, found) VALUES ('https://127.0.0.1:8080/a/2.html', 'http://127.0.0.1:8080/a/2.html', 'usual', '2024-05-10T00:00:00Z')`,
		`INSERT INTO http_cache (url, etag) VALUES ('http://127.0.0.1:8080/list/', '"abc"')`,
	} {
		if _, err := sdb.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	return path
}

// TestMigrationKeepsArticlesWhole: a database from before migration 0002
// opens with every article, count and queued URL in place; the article
// keeps deduplicating under its old URL, now its key, and takes the URL
// that answered the next time it is fetched, neither lost nor doubled.
func TestMigrationKeepsArticlesWhole(t *testing.T) {
	ctx := context.Background()
	a := article("https://127.0.0.1:8080/a/1.html", "2024-05-10", "新质生产力新质生产力")
	a.Source = "usual"
	path := oldDB(t, a)
	db, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	got, err := db.Article(ctx, a.URL)
	if err != nil {
		t.Fatal(err)
	}
	if got.Key != a.URL || got.URL != a.URL || got.Body != a.Body {
		t.Errorf("migrated article key=%s url=%s; want both %s", got.Key, got.URL, a.URL)
	}
	if m, _ := db.Mentions(ctx, a.URL); m["nqpf"] != 2 {
		t.Errorf("mentions after migration: %v", m)
	}
	checkDays(t, db, []TermDay{{Term: "nqpf", Source: "usual", Day: "2024-05-10", Mentions: 2, Articles: 1}}, 1)
	// The version that counted it moved to article_lexicon (0012) with it.
	if vs, err := db.ArticleVersions(ctx); err != nil || len(vs) != 1 || vs[0].Version != "v1" || vs[0].Articles != 1 {
		t.Errorf("lexicon versions after migration: %+v, %v; want the article under v1", vs, err)
	}
	if n, _ := db.StaleArticles(ctx, "v2"); n != 1 {
		t.Errorf("%d articles stale against v2 after migration, want 1", n)
	}
	if known, _ := db.HasArticle(ctx, a.URL); !known {
		t.Error("migrated article not known by its key")
	}
	if waiting, _, _ := db.FrontierSize(ctx, "usual"); waiting != 1 {
		t.Errorf("%d URLs waiting after migration, want the 1 queued", waiting)
	}
	// Old validators have no body to read links from: not to be sent.
	if v, _ := db.Validators(ctx, "http://127.0.0.1:8080/list/"); v.ETag != `"abc"` || len(v.Body) != 0 || v.Sig != "" {
		t.Errorf("migrated validators: %+v", v)
	}

	// Fetched again over http: same article, same counts, the URL it answered at.
	again := *a
	again.Key, again.URL = a.URL, "http://127.0.0.1:8080/a/1.html"
	out, err := db.SaveArticle(ctx, &again, []Count{{Term: "nqpf", Count: 2}}, "v1")
	if err != nil || out != Unchanged {
		t.Fatalf("save after migration: %v, %v; want unchanged", out, err)
	}
	got, _ = db.Article(ctx, again.URL)
	if got == nil || got.URL != again.URL || got.Key != a.URL {
		t.Errorf("after refetch: %+v; want url %s, key %s", got, again.URL, a.URL)
	}
	if n, _ := db.ArticleCount(ctx); n != 1 {
		t.Errorf("%d articles after refetch, want 1", n)
	}
	checkDays(t, db, []TermDay{{Term: "nqpf", Source: "usual", Day: "2024-05-10", Mentions: 2, Articles: 1}}, 1)
	db.Close()

	// Opening again applies nothing twice.
	db2, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db2.Close()
	if n, _ := db2.ArticleCount(ctx); n != 1 {
		t.Errorf("%d articles after reopening, want 1", n)
	}
}
