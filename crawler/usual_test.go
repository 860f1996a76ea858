package crawler_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/tifa-project/tifa/config"
	"github.com/tifa-project/tifa/crawler"
	"github.com/tifa-project/tifa/ingest"
	"github.com/tifa-project/tifa/replay"
	"github.com/tifa-project/tifa/sqlite"
)

// usualSource configures the usual plain-http loopback site as a user
// would: start page and patterns copied from the address bar.
func usualSource(t *testing.T, site *replay.Usual, article string) *config.Config {
	t.Helper()
	addr := regexp.QuoteMeta(strings.TrimPrefix(site.URL, "http://"))
	yaml := fmt.Sprintf(`
sources:
  - id: usual
    start: [%s/list/]
    hosts: [127.0.0.1]
    article: ['%s']
    listings: ['^http://%s/list/[0-9]+\.html$']
    delay: 1ms
terms:
  - id: new-quality-productive-forces
    zh: [新质生产力]
`, site.URL, strings.ReplaceAll(article, "ADDR", addr), addr)
	cfg, err := config.Parse(strings.NewReader(yaml), "usual site test")
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

func usualCrawler(t *testing.T, cfg *config.Config, dbPath string) (*crawler.Crawler, *sqlite.DB) {
	t.Helper()
	db, err := sqlite.Open(context.Background(), dbPath)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return &crawler.Crawler{Config: cfg, DB: db,
		Handler: &ingest.Ingester{Store: db, Tagger: testTagger(t, cfg)},
		Logger:  slog.New(slog.NewTextHandler(io.Discard, nil))}, db
}

// TestHTTPSitePatternsAsTyped: on a plain-http site, an article pattern
// copied from the address bar (^http://), its https form and ^https?://
// all find every article, and each is stored as the URL that answered
// (issue 9, failure 1: the pattern was matched against the https key only).
func TestHTTPSitePatternsAsTyped(t *testing.T) {
	site := replay.StartUsual()
	defer site.Close()
	for _, pat := range []string{`^http://ADDR/a/[0-9]+\.html$`, `^https://ADDR/a/[0-9]+\.html$`, `^https?://ADDR/a/[0-9]+\.html$`} {
		t.Run(pat, func(t *testing.T) {
			ctx := context.Background()
			cfg := usualSource(t, site, pat)
			cr, db := usualCrawler(t, cfg, filepath.Join(t.TempDir(), "tifa.db"))
			sum := cr.Run(ctx, []*config.Source{&cfg.Sources[0]})[0]
			if sum.Found != replay.UsualArticles || sum.New != replay.UsualArticles || sum.Failed {
				t.Fatalf("found=%d new=%d failed=%v (%s); want %d found and stored", sum.Found, sum.New, sum.Failed, sum.Reason, replay.UsualArticles)
			}
			for n := 1; n <= replay.UsualArticles; n++ {
				key := fmt.Sprintf("https://%s/a/%d.html", strings.TrimPrefix(site.URL, "http://"), n)
				want := fmt.Sprintf("%s/a/%d.html", site.URL, n)
				if n == 6 {
					want = site.URL + "/a/2024/6.html" // the redirect's target answered
				}
				a, err := db.Article(ctx, key)
				if err != nil {
					t.Fatal(err)
				}
				if a.URL != want {
					t.Errorf("article %d stored as %s; want %s, the URL that answered", n, a.URL, want)
				}
				if byURL, err := db.Article(ctx, want); err != nil || byURL.ID != a.ID {
					t.Errorf("article %d not found by the URL that answered: %v", n, err)
				}
			}
			// The key still deduplicates: a second crawl knows every article.
			sum = cr.Run(ctx, []*config.Source{&cfg.Sources[0]})[0]
			if sum.New != 0 || sum.Known != replay.UsualArticles {
				t.Errorf("second crawl new=%d known=%d; want 0 and %d", sum.New, sum.Known, replay.UsualArticles)
			}
			if n, _ := db.ArticleCount(ctx); n != replay.UsualArticles {
				t.Errorf("%d articles stored, want %d", n, replay.UsualArticles)
			}
		})
	}
}

// TestNotModifiedNeverHidesLinks: the listing answers 304 whenever asked
// with its ETag; its links count every time (issue 9, failure 2: after a
// fixed pattern the 304 hid them for good, and --refetch did not help).
func TestNotModifiedNeverHidesLinks(t *testing.T) {
	site := replay.StartUsual()
	defer site.Close()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "tifa.db")
	run := func(pattern string, refetch bool) crawler.Summary {
		t.Helper()
		cfg := usualSource(t, site, pattern)
		cr, _ := usualCrawler(t, cfg, path)
		cr.Refetch = refetch
		return cr.Run(ctx, []*config.Source{&cfg.Sources[0]})[0]
	}
	// A first try with a pattern that fits nothing on the site.
	if sum := run(`^http://ADDR/article/[0-9]+\.html$`, false); sum.Found != 0 {
		t.Fatalf("wrong pattern found %d", sum.Found)
	}
	// The pattern fixed: the listing's validators were saved under the old
	// one, so they are not sent, and every article is found.
	fixed := `^http://ADDR/a/[0-9]+\.html$`
	if sum := run(fixed, false); sum.Found != replay.UsualArticles || sum.New != replay.UsualArticles {
		t.Fatalf("after fixing the pattern: found=%d new=%d not_modified=%d; want %d", sum.Found, sum.New, sum.NotModified, replay.UsualArticles)
	}
	if n := site.Conditional("/list/"); n != 0 {
		t.Errorf("listing asked conditionally %d times under a changed pattern", n)
	}
	// Unchanged since: both listing pages answer 304 and their links still count.
	sum := run(fixed, false)
	if site.NotModified("/list/") != 1 || site.NotModified("/list/2.html") != 1 {
		t.Errorf("304s: /list/ %d, /list/2.html %d; want 1 each", site.NotModified("/list/"), site.NotModified("/list/2.html"))
	}
	if sum.NotModified != 2 || sum.LinksSeen != replay.UsualArticles || sum.Known != replay.UsualArticles || sum.Errors != 0 {
		t.Errorf("crawl after 304s: not_modified=%d links_seen=%d known=%d errors=%d; want 2, %d, %d, 0",
			sum.NotModified, sum.LinksSeen, sum.Known, sum.Errors, replay.UsualArticles, replay.UsualArticles)
	}
	// --refetch asks unconditionally and fetches every article again.
	before := site.Conditional("/list/")
	sum = run(fixed, true)
	if site.Conditional("/list/") != before || sum.NotModified != 0 || sum.Unchanged != replay.UsualArticles {
		t.Errorf("refetch: conditional %d→%d, not_modified=%d unchanged=%d; want no conditional request and %d unchanged",
			before, site.Conditional("/list/"), sum.NotModified, sum.Unchanged, replay.UsualArticles)
	}
}
