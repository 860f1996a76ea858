package crawler_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/tifa-project/tifa/config"
)

// TestErrorKindsAreHonest: a broken sitemap is a parse error, a damaged
// gzip body a decode error, an HTTP status its own code; none of them is
// "network", and a broken feed does not pause the host. Issue 11 item 11.
func TestErrorKindsAreHonest(t *testing.T) {
	var gz bytes.Buffer
	w := gzip.NewWriter(&gz)
	io.WriteString(w, articleHTML("压缩坏了", 50))
	w.Close()
	damaged := gz.Bytes()[:gz.Len()/2] // cut mid-stream, sent whole
	damaged = append(damaged, bytes.Repeat([]byte{0xff}, 64)...)
	site := newLoopSite(t, "127.0.0.1:0", func(base string) map[string]http.HandlerFunc {
		return map[string]http.HandlerFunc{
			"/list/": listing(base, "/a/1.html", "/a/2.html", "/a/3.html"),
			"/sitemap.xml": func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "application/xml")
				io.WriteString(w, `<?xml version="1.0"?><urlset><url><loc>`+base+`/a/1.html</loc></url><url><loc>oops</urlset>`)
			},
			"/feed.xml": func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "application/rss+xml")
				io.WriteString(w, "this is not a feed")
			},
			"/a/1.html": func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "text/html")
				w.Header().Set("Content-Encoding", "gzip")
				w.Write(damaged)
			},
			"/a/2.html": func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusServiceUnavailable) },
			"/a/3.html": func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusForbidden) },
		}
	})
	cr, cfg, _ := loopCrawler(t, loopSource(site, fmt.Sprintf("    sitemaps: [%[1]s/sitemap.xml]\n    feeds: [%[1]s/feed.xml]", site.URL)))
	cr.HostFailures = 100
	sum := cr.Run(context.Background(), []*config.Source{&cfg.Sources[0]})[0]
	// A 503 is tried three times (Retries 2); the others are final at once.
	want := map[string]int{"parse": 2, "decode": 1, "http_503": 3, "http_403": 1}
	for k, n := range want {
		if sum.ErrorKinds[k] != n {
			t.Errorf("%s errors: %d, want %d (all kinds: %v)", k, sum.ErrorKinds[k], n, sum.ErrorKinds)
		}
	}
	if len(sum.ErrorKinds) != len(want) {
		t.Errorf("error kinds %v, want exactly %v", sum.ErrorKinds, want)
	}
}

// TestFoundCountsOnlyNewURLs: a second discovery of URLs still waiting in
// the frontier finds nothing new. Issue 11 item 11.
func TestFoundCountsOnlyNewURLs(t *testing.T) {
	site := newLoopSite(t, "127.0.0.1:0", func(base string) map[string]http.HandlerFunc {
		return map[string]http.HandlerFunc{
			"/list/": listing(base, "/a/1.html", "/a/2.html", "/a/3.html"),
			"/a/":    func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusServiceUnavailable) },
		}
	})
	cr, cfg, _ := loopCrawler(t, loopSource(site, ""))
	cr.Retries = 0
	for run, want := range []int{3, 0} {
		sum := cr.Run(context.Background(), []*config.Source{&cfg.Sources[0]})[0]
		if sum.Found != want || sum.Pending != 3 {
			t.Errorf("run %d: found %d, pending %d; want %d found and 3 pending", run+1, sum.Found, sum.Pending, want)
		}
	}
}

// TestSitemapIndexOfAMillionURLs: an index of twenty sitemaps of 50,000
// URLs each puts no more than limits.sitemap_urls (50,000 by default) in
// the frontier, fetches no child past that, and says what it left out.
// Issue 11 item 12.
func TestSitemapIndexOfAMillionURLs(t *testing.T) {
	const children, perChild = 20, 50_000
	site := newLoopSite(t, "127.0.0.1:0", func(base string) map[string]http.HandlerFunc {
		return map[string]http.HandlerFunc{
			"/list/": listing(base),
			"/sitemap.xml": func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "application/xml")
				io.WriteString(w, `<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">`)
				for i := range children {
					fmt.Fprintf(w, "<sitemap><loc>%s/sitemaps/%d.xml</loc></sitemap>\n", base, i)
				}
				io.WriteString(w, "</sitemapindex>")
			},
			"/sitemaps/": func(w http.ResponseWriter, r *http.Request) {
				var child int
				fmt.Sscanf(r.URL.Path, "/sitemaps/%d.xml", &child)
				w.Header().Set("Content-Type", "application/xml")
				io.WriteString(w, `<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">`)
				for i := range perChild {
					fmt.Fprintf(w, "<url><loc>%s/a/%d.html</loc></url>\n", base, child*perChild+i)
				}
				io.WriteString(w, "</urlset>")
			},
			"/a/": func(w http.ResponseWriter, r *http.Request) { http.NotFound(w, r) },
		}
	})
	cr, cfg, db := loopCrawler(t, loopSource(site, "    sitemaps: ["+site.URL+"/sitemap.xml]\n    max_pages: 1"))
	sum := cr.Run(context.Background(), []*config.Source{&cfg.Sources[0]})[0]
	waiting, gone, _ := db.FrontierSize(context.Background(), "loop")
	if waiting+gone > 50_000 {
		t.Errorf("%d URLs in the frontier from a sitemap index of %d: want at most limits.sitemap_urls (50000)", waiting+gone, children*perChild)
	}
	fetched := 0
	for i := range children {
		fetched += site.count(fmt.Sprintf("/sitemaps/%d.xml", i))
	}
	if fetched != 1 {
		t.Errorf("%d child sitemaps fetched, want 1: the first gives all the URLs a run may take", fetched)
	}
	// Read through JSON, as monitoring does: the excess is reported.
	js, _ := json.Marshal(sum)
	if !strings.Contains(string(js), `"capped":{"sitemaps":19}`) {
		t.Errorf("summary %s: want capped sitemaps 19", js)
	}
}

// TestFrontierCap: the frontier of a source holds at most limits.frontier
// URLs; links found beyond it are counted, not queued.
func TestFrontierCap(t *testing.T) {
	var paths []string
	for i := range 30 {
		paths = append(paths, fmt.Sprintf("/a/%d.html", i))
	}
	site := newLoopSite(t, "127.0.0.1:0", func(base string) map[string]http.HandlerFunc {
		return map[string]http.HandlerFunc{
			"/list/": listing(base, paths...),
			"/a/":    func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusServiceUnavailable) },
		}
	})
	yaml := loopSource(site, "") + "limits: {frontier: 10, sitemap_urls: 5}\n"
	cr, cfg, db := loopCrawler(t, yaml)
	cr.Retries = 0
	sum := cr.Run(context.Background(), []*config.Source{&cfg.Sources[0]})[0]
	waiting, _, _ := db.FrontierSize(context.Background(), "loop")
	js, _ := json.Marshal(sum)
	if waiting != 10 || sum.Found != 10 || !strings.Contains(string(js), `"capped":{"frontier":20}`) {
		t.Errorf("frontier %d, found %d, summary %s; want 10, 10 and capped frontier 20", waiting, sum.Found, js)
	}
}

// TestTooComplexIsItsOwnKind: a page of a million tiny elements is refused
// as too_complex, not counted as an empty page (which says the template
// changed), not a local failure (which stops the source); the next article
// is still stored.
func TestTooComplexIsItsOwnKind(t *testing.T) {
	site := newLoopSite(t, "127.0.0.1:0", func(base string) map[string]http.HandlerFunc {
		return map[string]http.HandlerFunc{
			"/list/": listing(base, "/a/1.html", "/a/2.html"),
			"/a/1.html": func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "text/html; charset=utf-8")
				io.WriteString(w, "<html><body>"+strings.Repeat("<i>x</i>", 60_000)+"</body></html>")
			},
			"/a/2.html": func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "text/html; charset=utf-8")
				io.WriteString(w, articleHTML("第二篇", 3))
			},
		}
	})
	cr, cfg, _ := loopCrawler(t, loopSource(site, ""))
	sum := cr.Run(context.Background(), []*config.Source{&cfg.Sources[0]})[0]
	if sum.ErrorKinds["too_complex"] != 1 || sum.Empty != 0 || sum.ErrorKinds["extract_empty"] != 0 {
		t.Errorf("too_complex %d, empty %d, kinds %v; want one too_complex page and no empty one", sum.ErrorKinds["too_complex"], sum.Empty, sum.ErrorKinds)
	}
	if sum.New != 1 || sum.Failed {
		t.Errorf("new %d, failed %v (%s); want the other article stored and the source going on", sum.New, sum.Failed, sum.Reason)
	}
}
