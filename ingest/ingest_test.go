package ingest_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tifa-project/tifa/segment"

	"github.com/tifa-project/tifa"
	"github.com/tifa-project/tifa/config"
	"github.com/tifa-project/tifa/ingest"
	"github.com/tifa-project/tifa/sqlite"
)

// testSegs loads gse once per lexicon for all tests in this package.
var testSegs segment.Loader

const (
	page1 = "http://www.xinhuanet.com/politics/2019-12/10/c_1110000001.htm"
	page2 = "http://www.xinhuanet.com/politics/2019-12/10/c_1110000001_2.htm"
)

func constructed(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "extract", "testdata", "constructed", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestIngestStitchesWithTheFetchGiven: the further pages of a multi-page
// article come through the fetch passed in; a page gone for good ends the
// article there, any other failure fails it and stores nothing, and without
// a fetch the first page counts alone.
func TestIngestStitchesWithTheFetchGiven(t *testing.T) {
	ctx := context.Background()
	cfg := config.Default()
	src, ok := cfg.Source("xinhua")
	if !ok {
		t.Fatal("no xinhua source in the default configuration")
	}
	tg, err := ingest.NewTagger(cfg, &testSegs)
	if err != nil {
		t.Fatal(err)
	}
	first, second := constructed(t, "xinhua_2016_multipage_1.html"), constructed(t, "xinhua_2016_multipage_2.html")
	fetched := time.Date(2026, 11, 27, 8, 0, 0, 0, time.UTC)
	serve := func(err error) tifa.Fetch {
		return func(_ context.Context, u string) ([]byte, string, error) {
			if u != page2 {
				return nil, "", fmt.Errorf("unexpected fetch of %s", u)
			}
			if err != nil {
				return nil, "", err
			}
			return second, "text/html; charset=utf-8", nil
		}
	}
	gone := fmt.Errorf("HTTP 404: %w", tifa.ErrGone)
	tests := []struct {
		name    string
		fetch   tifa.Fetch
		paras   int // in the stored body; 0: fails, nothing stored
		noStore bool
	}{
		{"second page fetched", serve(nil), 3, false},
		{"second page gone", serve(gone), 2, false},
		{"second page failing", serve(errors.New("timeout")), 0, true},
		{"no fetch", nil, 2, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "tifa.db"))
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			in := &ingest.Ingester{Store: db, Tagger: tg}
			page := tifa.Page{URL: page1, Body: first, ContentType: "text/html; charset=utf-8", Fetched: fetched}
			got, err := in.Ingest(ctx, src, page, tt.fetch)
			if tt.noStore {
				if err == nil || errors.Is(err, tifa.ErrNoArticle) || !strings.Contains(err.Error(), "page 2 of "+page1) {
					t.Fatalf("got %v, want the second page's failure, not a page without text", err)
				}
				// Nothing was stored: the first page alone is new.
				if got, err := in.Ingest(ctx, src, page, nil); err != nil || got.Outcome != tifa.Inserted {
					t.Errorf("the first page alone after the failure: got %v, %v; want inserted", got.Outcome, err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			a := got.Article
			if n := strings.Count(a.Body, "\n") + 1; n != tt.paras || got.Outcome != tifa.Inserted {
				t.Errorf("got %d paragraphs, %v; want %d, inserted:\n%s", n, got.Outcome, tt.paras, a.Body)
			}
			if a.Key != src.Canonical(page1) || a.URL != page1 || a.Source != "xinhua" || !a.FetchedAt.Equal(fetched) || a.PublishedSource != "page" {
				t.Errorf("stored as key %q url %q source %q fetched %v dated by %q", a.Key, a.URL, a.Source, a.FetchedAt, a.PublishedSource)
			}
			again, err := in.Ingest(ctx, src, page, tt.fetch)
			if err != nil || again.Outcome != tifa.Unchanged {
				t.Errorf("the same page again: got %v, %v; want unchanged", again.Outcome, err)
			}
		})
	}
}

// TestIngestDates: an article without a date of its own is dated by the
// feed, else by its fetch, and says so; a page without text is ErrNoArticle.
func TestIngestDates(t *testing.T) {
	ctx := context.Background()
	cfg := config.Default()
	src, _ := cfg.Source("xinhua")
	tg, err := ingest.NewTagger(cfg, &testSegs)
	if err != nil {
		t.Fatal(err)
	}
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "tifa.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	in := &ingest.Ingester{Store: db, Tagger: tg}
	// The first page without its time stamp.
	undated := strings.Replace(string(constructed(t, "xinhua_2016_multipage_1.html")), `<span class="h-time">2019-12-10 09:30:00</span>`, "", 1)
	fetched := time.Date(2026, 11, 27, 8, 0, 0, 0, time.UTC)
	feed := time.Date(2019, 12, 10, 1, 0, 0, 0, time.UTC)
	for _, tt := range []struct {
		url      string
		feed     time.Time
		want     time.Time
		wantFrom string
	}{
		// URLs without a date in the path, which extract would read.
		{"http://www.xinhuanet.com/politics/c_1110000008.htm", feed, feed, "feed"},
		{"http://www.xinhuanet.com/politics/c_1110000009.htm", time.Time{}, fetched, "crawl"},
	} {
		got, err := in.Ingest(ctx, src, tifa.Page{URL: tt.url, Body: []byte(undated), FeedDate: tt.feed, Fetched: fetched}, nil)
		if err != nil {
			t.Fatal(err)
		}
		if a := got.Article; !a.Published.Equal(tt.want) || a.PublishedSource != tt.wantFrom {
			t.Errorf("%s: dated %v by %q, want %v by %q", tt.url, a.Published, a.PublishedSource, tt.want, tt.wantFrom)
		}
	}
	_, err = in.Ingest(ctx, src, tifa.Page{URL: page2, Body: []byte("not a page"), Fetched: fetched}, nil)
	if !errors.Is(err, tifa.ErrNoArticle) {
		t.Errorf("a page without HTML: got %v, want ErrNoArticle", err)
	}
}
