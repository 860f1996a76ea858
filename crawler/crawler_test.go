package crawler_test

import (
	"context"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tifa-project/tifa"
	"github.com/tifa-project/tifa/archive"
	"github.com/tifa-project/tifa/config"
	"github.com/tifa-project/tifa/crawler"
	"github.com/tifa-project/tifa/ingest"
	"github.com/tifa-project/tifa/replay"
	"github.com/tifa-project/tifa/segment"
	"github.com/tifa-project/tifa/sqlite"
	"github.com/tifa-project/tifa/tagger"
)

// testSegs loads gse once per lexicon for all tests in this package.
var testSegs segment.Loader

func testTagger(t *testing.T, cfg *config.Config) *tagger.Tagger {
	t.Helper()
	tg, err := ingest.NewTagger(cfg, &testSegs)
	if err != nil {
		t.Fatal(err)
	}
	return tg
}

type fixture struct {
	cfg  *config.Config
	db   *sqlite.DB
	srv  *replay.Server
	site *replay.Site
	cr   *crawler.Crawler
}

// newFixture serves the demo's real pages on loopback and points a crawler
// with the default sources (delays shortened) at it.
func newFixture(t *testing.T, site *replay.Site) *fixture {
	t.Helper()
	ctx := context.Background()
	cfg := config.Default()
	for i := range cfg.Sources {
		cfg.Sources[i].Delay.Duration = time.Millisecond
	}
	srv, err := replay.Start(ctx, site)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "tifa.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	tg := testTagger(t, cfg)
	cr := &crawler.Crawler{
		Config: cfg, DB: db, Transport: srv.Transport(),
		Handler: &ingest.Ingester{Store: db, Tagger: tg},
		Logger:  slog.New(slog.NewTextHandler(io.Discard, nil)),
	}
	return &fixture{cfg: cfg, db: db, srv: srv, site: site, cr: cr}
}

func demoSite(t *testing.T) *replay.Site {
	t.Helper()
	site, err := replay.DemoSite(os.DirFS(".."), config.Default().Starts(replay.DemoSources()...))
	if err != nil {
		t.Fatal(err)
	}
	return site
}

// demoSources are the sources whose pages the demo site replays.
func demoSources(t *testing.T, cfg *config.Config) []*config.Source {
	var out []*config.Source
	for _, id := range replay.DemoSources() {
		out = append(out, mustSource(t, cfg, id))
	}
	return out
}

func TestCrawlStoresArticlesOnceAndCountsExactly(t *testing.T) {
	f := newFixture(t, demoSite(t))
	ctx := context.Background()
	sums := f.cr.Run(ctx, demoSources(t, f.cfg))
	// Each source fetches its start pages and its bundled articles, all new;
	// China Daily's English story links five more pages the corpus lacks
	// (404: stored with the page there is).
	want := map[string]crawler.Summary{}
	for _, p := range replay.DemoPages {
		w := want[p.Source]
		w.New++
		w.Fetched++
		want[p.Source] = w
	}
	for id, w := range want {
		w.Fetched += len(mustSource(t, f.cfg, id).Start)
		want[id] = w
	}
	for _, s := range sums {
		w := want[s.Source]
		if s.Failed || s.Fetched != w.Fetched || s.New != w.New || s.Errors != 0 && s.Source != "chinadaily-en" || s.Empty != 0 {
			t.Errorf("first crawl %s: got %+v, want fetched=%d new=%d and no errors", s.Source, s, w.Fetched, w.New)
		}
	}
	if n, _ := f.db.ArticleCount(ctx); n != len(replay.DemoPages) {
		t.Errorf("stored %d articles, want %d (listing pages are never articles)", n, len(replay.DemoPages))
	}
	for url, want := range expectedMentions {
		got, err := f.db.Mentions(ctx, url)
		if err != nil {
			t.Fatal(err)
		}
		for term, n := range want {
			if got[term] != n {
				t.Errorf("%s: %s counted %d, want %d", url, term, got[term], n)
			}
		}
	}
	before := snapshot(t, f.db)

	// A second crawl finds every article known: nothing fetched but the listings.
	sums = f.cr.Run(ctx, demoSources(t, f.cfg))
	for _, s := range sums {
		if s.New != 0 || s.Updated != 0 || s.Known != want[s.Source].New {
			t.Errorf("second crawl %s: got %+v, want nothing new and %d known", s.Source, s, want[s.Source].New)
		}
	}
	// Even re-fetching every article changes no count.
	f.cr.Refetch = true
	sums = f.cr.Run(ctx, demoSources(t, f.cfg))
	for _, s := range sums {
		if s.New != 0 || s.Updated != 0 || s.Unchanged != want[s.Source].New {
			t.Errorf("refetch %s: got %+v, want all %d unchanged", s.Source, s, want[s.Source].New)
		}
	}
	if after := snapshot(t, f.db); after != before {
		t.Errorf("counts changed on re-crawl:\nbefore %s\nafter  %s", before, after)
	}
}

// snapshot renders every aggregate row, for before/after comparisons.
func snapshot(t *testing.T, db *sqlite.DB) string {
	t.Helper()
	days, err := db.TermDays(context.Background(), tifa.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	src, err := db.SourceDays(context.Background(), tifa.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, d := range days {
		b.WriteString(d.Term + d.Source + d.Day + " ")
		b.WriteString(strings.Repeat("m", d.Mentions) + strings.Repeat("a", d.Articles) + ";")
	}
	for _, d := range src {
		b.WriteString(d.Source + d.Day + strings.Repeat("a", d.Articles) + ";")
	}
	return b.String()
}

func TestRobotsTxtIsObeyed(t *testing.T) {
	site := demoSite(t)
	// Constructed: People's Daily forbids its finance channel to every robot.
	site.Add("http://finance.people.com.cn/robots.txt", replay.Page{Body: []byte("User-agent: *\nDisallow: /n1/\n"), ContentType: "text/plain"})
	f := newFixture(t, site)
	sums := f.cr.Run(context.Background(), []*config.Source{mustSource(t, f.cfg, "people")})
	if sums[0].Blocked != 1 || sums[0].New != 2 || sums[0].Errors != 0 {
		t.Errorf("got %+v, want 1 blocked, 2 new, no errors", sums[0])
	}
	if n := site.Hits("http://finance.people.com.cn/n1/2024/0510/c1004-40232587.html"); n != 0 {
		t.Errorf("disallowed page fetched %d times", n)
	}
}

func TestUserAgentAndHostDelay(t *testing.T) {
	f := newFixture(t, demoSite(t))
	var mu sync.Mutex
	var agents []string
	var times []time.Time
	f.site.OnRequest(func(host, path, ua string) {
		if host != "www.news.cn" || path == "/robots.txt" {
			return
		}
		mu.Lock()
		agents = append(agents, ua)
		times = append(times, time.Now())
		mu.Unlock()
	})
	src := mustSource(t, f.cfg, "xinhua")
	src.Delay.Duration = 150 * time.Millisecond
	f.cr.Run(context.Background(), []*config.Source{src})
	mu.Lock()
	defer mu.Unlock()
	if len(times) < 4 {
		t.Fatalf("got %d requests to www.news.cn, want at least 4", len(times))
	}
	for i := 1; i < len(times); i++ {
		if gap := times[i].Sub(times[i-1]); gap < 140*time.Millisecond {
			t.Errorf("requests %d and %d to one host %v apart, want at least the 150ms delay", i-1, i, gap)
		}
	}
	for _, ua := range agents {
		if ua != f.cfg.UserAgent {
			t.Errorf("User-Agent %q, want %q", ua, f.cfg.UserAgent)
		}
	}
}

func TestSourceThatFailsEntirely(t *testing.T) {
	f := newFixture(t, replay.NewSite()) // nothing served: every start page is a 404
	sums := f.cr.Run(context.Background(), []*config.Source{mustSource(t, f.cfg, "people")})
	if !sums[0].Failed || sums[0].Errors != 2 || !strings.Contains(sums[0].Reason, "no page could be fetched") {
		t.Errorf("got %+v, want failed with 2 errors", sums[0])
	}
}

func mustSource(t *testing.T, cfg *config.Config, id string) *config.Source {
	t.Helper()
	s, ok := cfg.Source(id)
	if !ok {
		t.Fatalf("no source %s", id)
	}
	return s
}

// expectedMentions were counted by hand in the pages' title and body text.
var expectedMentions = map[string]map[string]int{
	// Title "…在高质量发展中增进民生福祉…" and body "在高质量发展中增进民生福祉": 2;
	// "提高对内对外开放水平": 对外开放 once (the title's "提高开放水平" is not it);
	// "新时代推动西部大开发座谈会": once.
	"https://www.news.cn/politics/leaders/20240509/3dd6e33cc6d749fbaae01fea337ff400/c.html": {
		"high-quality-development": 2, "opening-up": 1, "western-development": 1, "china-us": 0,
	},
	// Title "（推动高质量发展·权威发布）" and body "“推动高质量发展”系列主题新闻发布会": 2;
	// "持续优化营商环境": once.
	"https://finance.people.com.cn/n1/2024/0510/c1004-40232587.html": {
		"high-quality-development": 2, "business-environment": 1,
	},
	// A 2012 GBK page about a touring play: no term at all.
	"https://www.he.xinhuanet.com/news/2012-06/04/content_25340717.htm": {"high-quality-development": 0, "opening-up": 0},
}

// TestMultiPageArticleIsStitched: a two-page story (constructed pages, see
// extract/testdata/constructed/README.md) is stored once, whole, and its
// second page is not an article of its own.
func TestMultiPageArticleIsStitched(t *testing.T) {
	const u1 = "http://www.xinhuanet.com/politics/2019-12/10/c_1110000001.htm"
	const u2 = "http://www.xinhuanet.com/politics/2019-12/10/c_1110000001_2.htm"
	site := replay.NewSite()
	for u, file := range map[string]string{u1: "xinhua_2016_multipage_1.html", u2: "xinhua_2016_multipage_2.html"} {
		page, err := replay.FromFS(os.DirFS("../extract/testdata/constructed"), file)
		if err != nil {
			t.Fatal(err)
		}
		site.Add(u, page)
	}
	for _, l := range []string{"https://www.news.cn/politics/", "https://www.news.cn/fortune/", "https://www.news.cn/world/"} {
		site.Add(l, replay.Listing("constructed listing", []string{u1}))
	}
	f := newFixture(t, site)
	sums := f.cr.Run(context.Background(), []*config.Source{mustSource(t, f.cfg, "xinhua")})
	if s := sums[0]; s.New != 1 || s.Errors != 0 || s.Fetched != 3+2 {
		t.Errorf("got %+v, want 1 new article from 3 listings and 2 pages", s)
	}
	a, err := f.db.Article(context.Background(), "https://www.news.cn/politics/2019-12/10/c_1110000001.htm")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(a.Body, "岸线整治取得明显进展") || !strings.HasSuffix(a.Body, "长江干流水质连续保持优良。") {
		t.Errorf("stored body is not both pages:\n%s", a.Body)
	}
	if n, _ := f.db.ArticleCount(context.Background()); n != 1 {
		t.Errorf("stored %d articles, want 1", n)
	}
}

// TestEveryResponseIsArchived: with an archive, each response the crawl
// receives, listings included, is in the day's WARC file of its source.
func TestEveryResponseIsArchived(t *testing.T) {
	f := newFixture(t, demoSite(t))
	dir := t.TempDir()
	w, err := archive.NewWriter(config.Archive{Dir: dir}, nil)
	if err != nil {
		t.Fatal(err)
	}
	f.cr.Archive = w
	sums := f.cr.Run(context.Background(), demoSources(t, f.cfg))
	w.Close()
	for _, s := range sums {
		files, err := archive.Files(config.Archive{Dir: dir}, s.Source, "", "")
		if err != nil || len(files) != 1 {
			t.Fatalf("%s: files %v, %v; want one day file", s.Source, files, err)
		}
		n := 0
		err = archive.Read(context.Background(), files[0], func(archive.Record) error { n++; return nil })
		if err != nil || n != s.Fetched {
			t.Errorf("%s: %d records archived (%v), want the %d responses fetched", s.Source, n, err, s.Fetched)
		}
	}
}

// TestCrawlDelayIsHonoured: robots.txt asks for 0.4 s between requests
// (constructed), longer than the source's own delay; colly ignores
// Crawl-delay, tifa does not.
func TestCrawlDelayIsHonoured(t *testing.T) {
	site := demoSite(t)
	site.Add("https://www.news.cn/robots.txt", replay.Page{Body: []byte("User-agent: *\nCrawl-delay: 0.4\nAllow: /\n"), ContentType: "text/plain"})
	var mu sync.Mutex
	var times []time.Time
	site.OnRequest(func(host, path, ua string) {
		if host == "www.news.cn" && path != "/robots.txt" {
			mu.Lock()
			times = append(times, time.Now())
			mu.Unlock()
		}
	})
	f := newFixture(t, site)
	f.cr.Run(context.Background(), []*config.Source{mustSource(t, f.cfg, "xinhua")})
	mu.Lock()
	defer mu.Unlock()
	if len(times) < 4 {
		t.Fatalf("%d requests to www.news.cn, want at least 4", len(times))
	}
	sort.Slice(times, func(i, j int) bool { return times[i].Before(times[j]) })
	for i := 1; i < len(times); i++ {
		// The gate holds the host from a request until its answer, then waits
		// the delay: the server sees at least the delay between any two requests,
		// however slow one of them, so no margin is needed.
		if gap := times[i].Sub(times[i-1]); gap < 400*time.Millisecond {
			t.Errorf("requests %d and %d %v apart, want about the 0.4s Crawl-delay", i-1, i, gap)
		}
	}
}
