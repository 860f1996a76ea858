package crawler_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tifa-project/tifa"
	"github.com/tifa-project/tifa/config"
	"github.com/tifa-project/tifa/crawler"
	"github.com/tifa-project/tifa/ingest"
	"github.com/tifa-project/tifa/replay"
	"github.com/tifa-project/tifa/sqlite"
)

// faultYAML is a source on a made-up host served by a fault-injecting
// loopback server, whose pages are constructed for these tests.
const faultYAML = `
sources:
  - id: faulty
    start: [http://news.example/list/]
    hosts: [news.example]
    article: ['^https?://news\.example/a/\d+\.html$']
    delay: 1ms
terms:
  - id: new-quality-productive-forces
    zh: [新质生产力]
`

func faultConfig(t *testing.T) *config.Config {
	t.Helper()
	cfg, err := config.Parse(strings.NewReader(faultYAML), "fault test")
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

// articleHTML is a constructed article page: n mentions of 新质生产力.
func articleHTML(title string, n int) string {
	var b strings.Builder
	fmt.Fprintf(&b, `<!DOCTYPE html><!-- constructed for crawler fault tests --><html lang="zh-CN"><head><meta charset="utf-8">
<title>%s</title><meta name="publishdate" content="2024-05-10"></head><body><article><h1>%s</h1>`, title, title)
	for i := range n {
		fmt.Fprintf(&b, "<p>第%d段：各地因地制宜发展新质生产力，推动产业升级，记者在调研中看到许多企业加快技术改造和设备更新的步伐。</p>\n", i+1)
	}
	b.WriteString("<p>专家表示，这些举措将为经济长期向好提供有力支撑，也为地方发展注入新的活力和动能。</p></article></body></html>")
	return b.String()
}

// faultServer answers by path; counts requests per path.
type faultServer struct {
	mu   sync.Mutex
	hits map[string]int
}

func (f *faultServer) hit(p string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.hits[p]++
	return f.hits[p]
}

func (f *faultServer) count(p string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.hits[p]
}

func newFaultServer(t *testing.T, articles []string, handlers map[string]http.HandlerFunc) (*faultServer, string) {
	t.Helper()
	fs, srv := faultHandler(articles, handlers)
	t.Cleanup(srv.Close)
	return fs, srv.Listener.Addr().String()
}

// newFaultServerAddr is newFaultServer for a server shared by several tests;
// it lives as long as the test binary.
func newFaultServerAddr(articles []string, handlers map[string]http.HandlerFunc) string {
	_, srv := faultHandler(articles, handlers)
	return srv.Listener.Addr().String()
}

func faultHandler(articles []string, handlers map[string]http.HandlerFunc) (*faultServer, *httptest.Server) {
	fs := &faultServer{hits: map[string]int{}}
	mux := http.NewServeMux()
	mux.HandleFunc("/robots.txt", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, "User-agent: *\nDisallow: /a/10.html\n")
	})
	mux.HandleFunc("/list/", func(w http.ResponseWriter, r *http.Request) {
		fs.hit(r.URL.Path)
		var links []string
		for _, a := range articles {
			links = append(links, "http://news.example"+a)
		}
		// An endless calendar: every listing links the next one.
		links = append(links, fmt.Sprintf("http://news.example/list/?page=%d", fs.count(r.URL.Path)+1))
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write(replay.Listing("fault listing", links).Body)
	})
	for p, h := range handlers {
		mux.HandleFunc(p, func(w http.ResponseWriter, r *http.Request) {
			fs.hit(r.URL.Path)
			h(w, r)
		})
	}
	return fs, httptest.NewServer(mux)
}

// faultMaxBody is the fault tests' body cap: /a/8.html is twice as large.
const faultMaxBody = 1 << 20

func faultCrawler(t *testing.T, cfg *config.Config, addr string, dbPath string) (*crawler.Crawler, *sqlite.DB) {
	t.Helper()
	db, err := sqlite.Open(context.Background(), dbPath)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	tg, err := ingest.NewTagger(cfg, &testSegs)
	if err != nil {
		t.Fatal(err)
	}
	return &crawler.Crawler{
		Config: cfg, DB: db, Transport: replay.TransportTo(addr),
		Handler: &ingest.Ingester{Store: db, Tagger: tg},
		Logger:  slog.New(slog.NewTextHandler(io.Discard, nil)),
		// Only /a/3.html, which never answers, may time out: the limit is
		// far above what a small loopback page takes even on a loaded
		// machine, and the too-large page is read only up to a small cap.
		RequestTimeout: 2 * time.Second,
		Backoff:        20 * time.Millisecond,
		MaxBodySize:    faultMaxBody,
		HostFailures:   1000, // these faults all sit on one host; pausing is tested on its own
	}, db
}

func TestFaults(t *testing.T) {
	var mu sync.Mutex
	version := "A"
	page := func(html string) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			io.WriteString(w, html)
		}
	}
	failures := map[string]int{}
	failFirst := func(n, status int, header map[string]string, then http.HandlerFunc) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			mu.Lock()
			failures[r.URL.Path]++
			k := failures[r.URL.Path]
			mu.Unlock()
			if k <= n {
				for h, v := range header {
					w.Header().Set(h, v)
				}
				w.WriteHeader(status)
				return
			}
			then(w, r)
		}
	}
	gbk, err := os.ReadFile("../testdata/corpus/people/cx_people_politics_2010_gb2312_raw.html")
	if err != nil {
		t.Fatal(err)
	}
	handlers := map[string]http.HandlerFunc{
		"/a/1.html": failFirst(2, 500, nil, page(articleHTML("五百之后恢复", 1))),
		"/a/2.html": failFirst(1, 429, map[string]string{"Retry-After": "1"}, page(articleHTML("限流之后恢复", 2))),
		"/a/3.html": func(w http.ResponseWriter, r *http.Request) {
			<-r.Context().Done() // never answers: the client's timeout ends it, however long that is
		},
		"/a/4.html": func(w http.ResponseWriter, r *http.Request) {
			conn, _, _ := w.(http.Hijacker).Hijack()
			conn.(*net.TCPConn).SetLinger(0) // a reset, not a clean close
			conn.Close()
		},
		"/a/5.html": func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Length", "100000")
			io.WriteString(w, articleHTML("截断", 1)[:300])
		},
		"/a/6.html": func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/a/6.html", http.StatusFound) },
		"/a/7.html": func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, "http://elsewhere.example/a/7.html", http.StatusMovedPermanently)
		},
		"/a/8.html": func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			io.WriteString(w, articleHTML("太大", 1)+strings.Repeat("<!-- padding -->", 2*faultMaxBody/16))
		},
		"/a/9.html": func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html; charset=utf-8") // wrong: the bytes are GBK
			w.Write(gbk)
		},
		"/a/10.html": page(articleHTML("机器人禁止", 1)),
		"/a/11.html": func(w http.ResponseWriter, r *http.Request) { http.NotFound(w, r) },
		"/a/12.html": func(w http.ResponseWriter, r *http.Request) {
			mu.Lock()
			v := version
			mu.Unlock()
			n := map[string]int{"A": 1, "B": 3}[v]
			page(articleHTML("会变的文章", n))(w, r)
		},
	}
	var articles []string
	for i := 1; i <= 12; i++ {
		articles = append(articles, fmt.Sprintf("/a/%d.html", i))
	}
	srv, addr := newFaultServer(t, articles, handlers)
	cfg := faultConfig(t)
	cr, db := faultCrawler(t, cfg, addr, filepath.Join(t.TempDir(), "tifa.db"))
	ctx := context.Background()

	// Retry waits are recorded, not slept: what is asserted is the wait the
	// crawler asks for, never how long the machine took.
	var waits []time.Duration
	cr.Sleep = func(ctx context.Context, d time.Duration) error {
		mu.Lock()
		waits = append(waits, d)
		mu.Unlock()
		return ctx.Err()
	}
	sum := cr.Run(ctx, []*config.Source{&cfg.Sources[0]})[0]
	stored := map[string]bool{}
	for _, a := range articles {
		u := "https://news.example" + a
		_, err := db.Article(ctx, u)
		stored[a] = err == nil
	}
	want := map[string]bool{"/a/1.html": true, "/a/2.html": true, "/a/9.html": true, "/a/12.html": true}
	for _, a := range articles {
		if stored[a] != want[a] {
			t.Errorf("%s stored %v, want %v", a, stored[a], want[a])
		}
	}
	for p, n := range map[string]int{
		"/a/1.html":  3, // two 500s, then the page
		"/a/2.html":  2, // one 429, then the page after Retry-After
		"/a/3.html":  3, // timed out three times (Retries=2)
		"/a/7.html":  1, // off-site redirect: final at once
		"/a/8.html":  1, // too large: final at once
		"/a/10.html": 0, // robots.txt disallows it
		"/a/11.html": 1, // 404: final
	} {
		if got := srv.count(p); got != n {
			t.Errorf("%s requested %d times, want %d", p, got, n)
		}
	}
	// One wait is the 429's Retry-After, to the second; the others are the
	// backoff: 20ms doubled per attempt, plus at most half again of jitter.
	mu.Lock()
	retryAfter := 0
	for _, d := range waits {
		switch {
		case d == time.Second:
			retryAfter++
		case d > 20*time.Millisecond*2*3/2:
			t.Errorf("backoff wait %v, want at most 60ms", d)
		}
	}
	mu.Unlock()
	if retryAfter != 1 {
		t.Errorf("waits %v: want exactly one of 1s, the 429's Retry-After", waits)
	}
	if n := srv.count("/list/"); n != 1 {
		t.Errorf("listing fetched %d times: the calendar must not be followed", n)
	}
	if sum.Blocked != 1 || sum.New != 4 || sum.Failed {
		t.Errorf("summary %+v: want 1 blocked, 4 new, not failed", sum)
	}
	for _, kind := range []string{"http_500", "http_429", "timeout", "network", "redirect_loop", "offsite", "too_large", "http_404"} {
		if sum.ErrorKinds[kind] == 0 {
			t.Errorf("no %s error counted: %v", kind, sum.ErrorKinds)
		}
	}
	gbkArt, _ := db.Article(ctx, "https://news.example/a/9.html")
	if gbkArt == nil || !strings.Contains(gbkArt.Title+gbkArt.Body, "安徽司法行政系训诫预警") || strings.ContainsRune(gbkArt.Body, '\uFFFD') {
		t.Errorf("GBK page under a wrong charset header: %+v", gbkArt)
	}
	// Retryable failures wait in the frontier for the next run; final ones are given up.
	waiting, gone, _ := db.FrontierSize(ctx, "faulty")
	if waiting != 3 || gone != 5 {
		t.Errorf("frontier: %d waiting, %d gone; want 3 (slow, reset, truncated) and 5 (loop, off-site, too large, 404, robots)", waiting, gone)
	}
	counts, _ := db.Mentions(ctx, "https://news.example/a/12.html")
	if counts["new-quality-productive-forces"] != 1 {
		t.Errorf("changing article, version A: %v", counts)
	}

	// The article changes; a refetch updates it in place and moves the counts.
	mu.Lock()
	version = "B"
	mu.Unlock()
	cr.Refetch = true
	sum = cr.Run(ctx, []*config.Source{&cfg.Sources[0]})[0]
	counts, _ = db.Mentions(ctx, "https://news.example/a/12.html")
	if counts["new-quality-productive-forces"] != 3 || sum.Updated != 1 {
		t.Errorf("changing article, version B: %v, summary %+v; want 3 mentions and 1 updated", counts, sum)
	}
	if n, _ := db.ArticleCount(ctx); n != 4 {
		t.Errorf("%d articles after the second crawl, want 4: nothing duplicated", n)
	}
	days, _ := db.TermDays(ctx, tifa.Filter{Terms: []string{"new-quality-productive-forces"}})
	total := 0
	for _, d := range days {
		total += d.Mentions
	}
	// 1 (500 then ok) + 2 (429 then ok) + 3 (version B) + 0 (GBK page) = 6
	if total != 6 {
		t.Errorf("series holds %d mentions, want 6: %+v", total, days)
	}
}

// TestHostThatKeepsFailingIsPaused: after HostFailures failures in a row the
// host is left alone for the rest of the run, and its URLs wait for the next.
func TestHostThatKeepsFailingIsPaused(t *testing.T) {
	var articles []string
	handlers := map[string]http.HandlerFunc{}
	for i := 1; i <= 8; i++ {
		p := fmt.Sprintf("/a/%d.html", i)
		articles = append(articles, p)
		handlers[p] = func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusBadGateway) }
	}
	srv, addr := newFaultServer(t, articles, handlers)
	cfg := faultConfig(t)
	cr, db := faultCrawler(t, cfg, addr, filepath.Join(t.TempDir(), "tifa.db"))
	cr.HostFailures = 4
	cr.Retries = 1
	sum := cr.Run(context.Background(), []*config.Source{&cfg.Sources[0]})[0]
	requests := 0
	for _, a := range articles {
		requests += srv.count(a)
	}
	// Two articles, two tries each: four failures in a row, then nothing.
	if requests != 4 || len(sum.Paused) != 1 || sum.Paused[0] != "news.example" {
		t.Errorf("%d article requests, paused %v; want 4 and news.example", requests, sum.Paused)
	}
	if waiting, gone, _ := db.FrontierSize(context.Background(), "faulty"); waiting != 8 || gone != 0 {
		t.Errorf("frontier: %d waiting, %d gone; want all 8 waiting for the next run", waiting, gone)
	}
}
