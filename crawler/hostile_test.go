package crawler_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tifa-project/tifa/config"
	"github.com/tifa-project/tifa/crawler"
	"github.com/tifa-project/tifa/ingest"
	"github.com/tifa-project/tifa/replay"
	"github.com/tifa-project/tifa/sqlite"
)

// These tests play hostile sites on loopback, addressed as a user would
// configure them (http://127.0.0.1:PORT/…), with no transport in between.

// loopSite is a loopback server that counts requests by path.
type loopSite struct {
	*httptest.Server
	mu   sync.Mutex
	hits map[string]int
}

func (s *loopSite) count(path string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.hits[path]
}

func (s *loopSite) total() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, k := range s.hits {
		n += k
	}
	return n
}

// newLoopSite serves the handlers that build gives for the site's base URL
// on addr ("127.0.0.1:0" for any port); robots.txt allows everything unless
// a handler says otherwise.
func newLoopSite(t *testing.T, addr string, build func(base string) map[string]http.HandlerFunc) *loopSite {
	t.Helper()
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		t.Skipf("cannot listen on %s: %v", addr, err)
	}
	s := &loopSite{hits: map[string]int{}}
	handlers := build("http://" + ln.Addr().String())
	mux := http.NewServeMux()
	if handlers["/robots.txt"] == nil {
		mux.HandleFunc("/robots.txt", func(w http.ResponseWriter, r *http.Request) { s.hit(r); io.WriteString(w, "User-agent: *\nAllow: /\n") })
	}
	for p, h := range handlers {
		mux.HandleFunc(p, func(w http.ResponseWriter, r *http.Request) { s.hit(r); h(w, r) })
	}
	s.Server = &httptest.Server{Listener: ln, Config: &http.Server{Handler: mux}}
	s.Start()
	t.Cleanup(s.Close)
	return s
}

func (s *loopSite) hit(r *http.Request) {
	s.mu.Lock()
	s.hits[r.URL.Path]++
	s.mu.Unlock()
}

// loopSource is a source on site as an operator writes it: its address
// and port from the address bar.
func loopSource(site *loopSite, extra string) string {
	return fmt.Sprintf(`
sources:
  - id: loop
    start: [%[1]s/list/]
    hosts: [127.0.0.1]
    article: ['^https?://%[2]s/a/\d+\.html$']
    delay: 1ms
%[3]s
terms:
  - id: new-quality-productive-forces
    zh: [新质生产力]
`, site.URL, regexp.QuoteMeta(site.Listener.Addr().String()), extra)
}

func loopCrawler(t *testing.T, yaml string) (*crawler.Crawler, *config.Config, *sqlite.DB) {
	t.Helper()
	return loopCrawlerAt(t, yaml, filepath.Join(t.TempDir(), "tifa.db"))
}

func loopCrawlerAt(t *testing.T, yaml, dbPath string) (*crawler.Crawler, *config.Config, *sqlite.DB) {
	t.Helper()
	cfg, err := config.Parse(strings.NewReader(yaml), "hostile test")
	if err != nil {
		t.Fatal(err)
	}
	db, err := sqlite.Open(context.Background(), dbPath)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	cr := &crawler.Crawler{
		Config: cfg, DB: db,
		Handler:        &ingest.Ingester{Store: db, Tagger: testTagger(t, config.Default())},
		Logger:         slog.New(slog.NewTextHandler(io.Discard, nil)),
		RequestTimeout: 30 * time.Second,
		Backoff:        10 * time.Millisecond,
	}
	return cr, cfg, db
}

func listing(base string, paths ...string) http.HandlerFunc {
	var links []string
	for _, p := range paths {
		links = append(links, base+p)
	}
	body := replay.Listing("hostile listing", links).Body
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write(body)
	}
}

func articleHandler(title string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		io.WriteString(w, articleHTML(title, 2))
	}
}

// gzipBomb is size bytes of zeros as concatenated gzip members: a few
// hundred kilobytes on the wire. Every gzip reader reads the members as one
// stream.
func gzipBomb(t *testing.T, size int) []byte {
	t.Helper()
	var member bytes.Buffer
	gz, _ := gzip.NewWriterLevel(&member, gzip.BestCompression)
	gz.Write(make([]byte, 1<<20))
	gz.Close()
	return bytes.Repeat(member.Bytes(), size>>20)
}

const bombSize = 512 << 20

// allocated is how many bytes the Go heap handed out while f ran: a crawl
// that holds a decompressed bomb allocates at least its size.
func allocated(f func()) uint64 {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// TestDecompressionBombs: a body is bounded after decompression, however it
// comes compressed: a gzip Content-Type (colly gunzips it by itself), a
// .xml.gz sitemap, a gzip-encoded robots.txt. Issue 11, items 1 and 2.
func TestDecompressionBombs(t *testing.T) {
	bomb := gzipBomb(t, bombSize)
	serveBomb := func(contentType, encoding string) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", contentType)
			if encoding != "" {
				w.Header().Set("Content-Encoding", encoding)
			}
			w.Write(bomb)
		}
	}
	for _, tc := range []struct {
		name     string
		handlers func(base string) map[string]http.HandlerFunc
		extra    string
		check    func(t *testing.T, sum crawler.Summary, s *loopSite)
	}{
		{"article as application/x-gzip", func(base string) map[string]http.HandlerFunc {
			return map[string]http.HandlerFunc{
				"/list/":    listing(base, "/a/1.html", "/a/2.html"),
				"/a/1.html": serveBomb("application/x-gzip", ""),
				"/a/2.html": articleHandler("正常的文章"),
			}
		}, "", func(t *testing.T, sum crawler.Summary, s *loopSite) {
			if sum.ErrorKinds["too_large"] != 1 || sum.New != 1 || s.count("/a/1.html") != 1 {
				t.Errorf("summary %+v, bomb fetched %d times; want 1 too_large, fetched once, and the other article stored", sum, s.count("/a/1.html"))
			}
		}},
		{".xml.gz sitemap", func(base string) map[string]http.HandlerFunc {
			return map[string]http.HandlerFunc{
				"/list/":          listing(base, "/a/2.html"),
				"/sitemap.xml.gz": serveBomb("application/octet-stream", ""),
				"/a/2.html":       articleHandler("正常的文章"),
			}
		}, "    sitemaps: [%s/sitemap.xml.gz]", func(t *testing.T, sum crawler.Summary, s *loopSite) {
			if sum.ErrorKinds["too_large"] != 1 || sum.New != 1 {
				t.Errorf("summary %+v: want the sitemap too_large and the listing's article stored", sum)
			}
		}},
		{"robots.txt gzip-encoded", func(base string) map[string]http.HandlerFunc {
			return map[string]http.HandlerFunc{
				"/robots.txt": serveBomb("text/plain", "gzip"),
				"/list/":      listing(base, "/a/2.html"),
				"/a/2.html":   articleHandler("正常的文章"),
			}
		}, "", func(t *testing.T, sum crawler.Summary, s *loopSite) {
			// Zeros are no rules: the first 500 KiB allow everything.
			if sum.New != 1 || s.count("/robots.txt") != 1 {
				t.Errorf("summary %+v, robots.txt fetched %d times; want the article stored and robots.txt fetched once", sum, s.count("/robots.txt"))
			}
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			site := newLoopSite(t, "127.0.0.1:0", tc.handlers)
			extra := tc.extra
			if strings.Contains(extra, "%s") {
				extra = fmt.Sprintf(extra, site.URL)
			}
			cr, cfg, _ := loopCrawler(t, loopSource(site, extra))
			var sum crawler.Summary
			n := allocated(func() { sum = cr.Run(context.Background(), []*config.Source{&cfg.Sources[0]})[0] })
			tc.check(t, sum, site)
			if n > bombSize/4 {
				t.Errorf("the crawl allocated %d MiB for a %d MiB bomb: the body was not bounded after decompression", n>>20, bombSize>>20)
			}
		})
	}
}

// TestRobotsTxtBounded: robots.txt is fetched once per host and run, and
// read no further than limits.robots however long the site keeps sending;
// a 5xx answer disallows the host for the run, a 4xx allows it (RFC 9309).
// Issue 11 item 2, and issue 9's robots.txt fetched twice.
func TestRobotsTxtBounded(t *testing.T) {
	var sent sync.Map // bytes written per site
	endless := func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain")
		io.WriteString(w, "User-agent: *\nAllow: /\n")
		line := []byte("# " + strings.Repeat("robots ", 1000) + "\n")
		n := 0
		// The server gives up at 256 MiB; a reader without a bound reads it all.
		for n < 256<<20 {
			k, err := w.Write(line)
			n += k
			if err != nil {
				break
			}
		}
		sent.Store(r.Host, n)
	}
	status := func(code int) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(code) }
	}
	for _, tc := range []struct {
		name    string
		robots  http.HandlerFunc
		blocked bool
	}{
		{"endless chunked", endless, false},
		{"503", status(http.StatusServiceUnavailable), true},
		{"404", status(http.StatusNotFound), false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			site := newLoopSite(t, "127.0.0.1:0", func(base string) map[string]http.HandlerFunc {
				return map[string]http.HandlerFunc{
					"/robots.txt": tc.robots,
					"/list/":      listing(base, "/a/1.html", "/a/2.html"),
					"/a/1.html":   articleHandler("第一篇"),
					"/a/2.html":   articleHandler("第二篇"),
				}
			})
			cr, cfg, _ := loopCrawler(t, loopSource(site, ""))
			var sum crawler.Summary
			n := allocated(func() { sum = cr.Run(context.Background(), []*config.Source{&cfg.Sources[0]})[0] })
			if got := site.count("/robots.txt"); got != 1 {
				t.Errorf("robots.txt fetched %d times, want once for the run", got)
			}
			if tc.blocked {
				if site.count("/list/")+site.count("/a/1.html") != 0 || sum.New != 0 || !sum.Failed {
					t.Errorf("robots.txt %s: summary %+v; want nothing fetched and the source failed", tc.name, sum)
				}
			} else if sum.New != 2 {
				t.Errorf("robots.txt %s: summary %+v; want both articles stored", tc.name, sum)
			}
			if n > 64<<20 {
				t.Errorf("the crawl allocated %d MiB: robots.txt was not bounded", n>>20)
			}
			site.Close() // waits for the handler, so sent is final
			if v, ok := sent.Load(site.Listener.Addr().String()); ok && v.(int) >= 256<<20 {
				t.Errorf("the server could send all %d MiB of robots.txt: the crawler kept reading", v.(int)>>20)
			}
		})
	}
}

// TestRequestsStayOnTheSource: a sitemap index, a redirect, a listing link
// leading to another address or another port of the same address sends
// nothing there. Issue 11 item 6 (the server-side request forgery).
func TestRequestsStayOnTheSource(t *testing.T) {
	victimHandlers := func(base string) map[string]http.HandlerFunc {
		return map[string]http.HandlerFunc{
			"/": func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "application/xml")
				io.WriteString(w, articleHTML("不该抓的", 3))
			},
		}
	}
	otherPort := newLoopSite(t, "127.0.0.1:0", victimHandlers)
	otherAddr := newLoopSite(t, "127.0.0.2:0", victimHandlers)
	site := newLoopSite(t, "127.0.0.1:0", func(base string) map[string]http.HandlerFunc {
		return map[string]http.HandlerFunc{
			"/list/": listing(base, "/a/1.html", "/a/2.html"),
			"/sitemap.xml": func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "application/xml")
				fmt.Fprintf(w, `<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>%s/internal/sitemap.xml</loc></sitemap>
<sitemap><loc>%s/internal/sitemap.xml</loc></sitemap>
</sitemapindex>`, otherPort.URL, otherAddr.URL)
			},
			"/a/1.html": func(w http.ResponseWriter, r *http.Request) {
				http.Redirect(w, r, otherPort.URL+"/a/1.html", http.StatusFound)
			},
			"/a/2.html": articleHandler("本站文章"),
		}
	})
	cr, cfg, db := loopCrawler(t, loopSource(site, "    sitemaps: ["+site.URL+"/sitemap.xml]"))
	sum := cr.Run(context.Background(), []*config.Source{&cfg.Sources[0]})[0]
	for _, v := range []*loopSite{otherPort, otherAddr} {
		if n := v.total(); n != 0 {
			t.Errorf("%s received %d requests (%v): off-source addresses must get nothing", v.URL, n, v.hits)
		}
	}
	if sum.ErrorKinds["offsite"] != 3 || sum.New != 1 {
		t.Errorf("summary %+v: want 3 offsite refusals (two sitemaps, one redirect) and the one article stored", sum)
	}
	if n, _ := db.ArticleCount(context.Background()); n != 1 {
		t.Errorf("%d articles stored, want 1: the redirected page is not the source's", n)
	}
}
