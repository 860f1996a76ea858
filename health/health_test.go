package health_test

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tifa-project/tifa/config"
	"github.com/tifa-project/tifa/crawler"
	"github.com/tifa-project/tifa/health"
	"github.com/tifa-project/tifa/ingest"
	"github.com/tifa-project/tifa/replay"
	"github.com/tifa-project/tifa/sqlite"
)

// TestTemplateChangeIsFlagged crawls Xinhua's real pages three times, then
// once more after the site "redesigned": the same pages with the classes
// and ids the site rules look for renamed (a constructed change). The
// fourth run still stores articles, through the generic fallback, and so
// would go unnoticed without the health check.
func TestTemplateChangeIsFlagged(t *testing.T) {
	ctx := context.Background()
	cfg := config.Default()
	src, _ := cfg.Source("xinhua")
	src.Delay.Duration = time.Millisecond
	site, err := replay.DemoSite(os.DirFS(".."), src.Start)
	if err != nil {
		t.Fatal(err)
	}
	srv, err := replay.Start(ctx, site)
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "tifa.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	tg, err := ingest.NewTagger(cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	cr := &crawler.Crawler{Config: cfg, DB: db, Transport: srv.Transport(), Refetch: true,
		Handler: &ingest.Ingester{Store: db, Tagger: tg},
		Logger:  slog.New(slog.NewTextHandler(io.Discard, nil))}
	for range 3 {
		cr.Run(ctx, []*config.Source{src})
	}
	if f, _, err := health.Source(ctx, db, "xinhua"); err != nil || len(f) != 0 {
		t.Fatalf("healthy source flagged: %v, %v", f, err)
	}

	redesign := strings.NewReplacer(`class="head-line`, `class="hl-2025`, `id="detail"`, `id="main-2025"`,
		`class="h-title"`, `class="title-2025"`, `id="p-detail"`, `id="body-2025"`)
	for _, p := range replay.DemoPages {
		if p.Source != "xinhua" || !strings.Contains(p.URL, "news.cn") && !strings.Contains(p.URL, "www.xinhuanet.com") {
			continue
		}
		raw, err := os.ReadFile("../" + p.Path)
		if err != nil {
			t.Fatal(err)
		}
		changed := []byte(redesign.Replace(string(raw)))
		if bytes.Equal(changed, raw) {
			t.Fatalf("%s: the redesign changed nothing", p.Path)
		}
		site.Add(p.URL, replay.Page{Body: changed, ContentType: "text/html", Origin: "constructed redesign of " + p.Path})
	}
	sum := cr.Run(ctx, []*config.Source{src})[0]
	if sum.Failed || sum.Unchanged+sum.Updated == 0 {
		t.Fatalf("the redesigned site should still crawl: %+v", sum)
	}
	findings, _, err := health.Source(ctx, db, "xinhua")
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, f := range findings {
		found = found || f.Kind == "template" && strings.Contains(f.Msg, "fell back to generic extraction")
	}
	if !found {
		t.Errorf("template change not flagged; findings %v, methods %v", findings, sum.Methods)
	}
}

func TestCheck(t *testing.T) {
	usual := crawler.Summary{Source: "s", LinksSeen: 40, Fetched: 42, MedianBody: 1200,
		Methods: map[string]int{"people-2024": 10}, Charsets: map[string]int{"utf-8": 10}}
	before := []crawler.Summary{usual, usual, usual, usual}
	for _, tt := range []struct {
		name   string
		latest crawler.Summary
		kind   string
	}{
		{"volume", crawler.Summary{Source: "s", LinksSeen: 5, Fetched: 6}, "volume"},
		{"empty", crawler.Summary{Source: "s", LinksSeen: 40, Fetched: 42, Empty: 8, Methods: map[string]int{"people-2024": 2}}, "empty"},
		{"body", crawler.Summary{Source: "s", LinksSeen: 40, Fetched: 42, MedianBody: 300, Methods: map[string]int{"people-2024": 10}}, "body"},
		{"charset", crawler.Summary{Source: "s", LinksSeen: 40, Fetched: 42, Charsets: map[string]int{"gb18030": 9, "utf-8": 1}}, "charset"},
		{"host", crawler.Summary{Source: "s", Fetched: 2, MovedLinks: map[string]int{"www.news.cn": 30}}, "host"},
		{"robots", crawler.Summary{Source: "s", LinksSeen: 2, Fetched: 2, Blocked: 30}, "robots"},
		{"errors", crawler.Summary{Source: "s", LinksSeen: 40, Fetched: 3, Errors: 30, ErrorKinds: map[string]int{"http_5xx": 30}}, "errors"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got := health.Check(tt.latest, before)
			found := false
			for _, f := range got {
				found = found || f.Kind == tt.kind
			}
			if !found {
				t.Errorf("got %v, want a %s finding", got, tt.kind)
			}
		})
	}
	if got := health.Check(usual, before); len(got) != 0 {
		t.Errorf("usual run flagged: %v", got)
	}
	// With crawls sharing a frontier, a worker that only fetched what
	// another's reading of the listings queued saw no links itself: that
	// is no drop in volume, and its runs stay out of the usual level.
	fetcher := crawler.Summary{Source: "s", Fetched: 12, MedianBody: 1200, Methods: map[string]int{"people-2024": 12},
		Charsets: map[string]int{"utf-8": 12}, Worker: "b", ListingsBy: "a"}
	if got := health.Check(fetcher, before); len(got) != 0 {
		t.Errorf("a worker that left the listings to another flagged: %v", got)
	}
	mixed := []crawler.Summary{fetcher, fetcher, usual, fetcher, usual, usual}
	if got := health.Check(usual, mixed); len(got) != 0 {
		t.Errorf("the fetch-only runs of other workers lowered the usual volume: %v", got)
	}
	drop := crawler.Summary{Source: "s", LinksSeen: 5, Fetched: 6}
	if got := health.Check(drop, mixed); len(got) == 0 {
		t.Error("a real drop among fetch-only runs not flagged")
	}
}
