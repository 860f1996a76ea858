package crawler_test

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"database/sql"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
	"unicode/utf8"

	kgzip "github.com/klauspost/compress/gzip"
	_ "github.com/mattn/go-sqlite3"
	"golang.org/x/net/html"

	"github.com/tifa-project/tifa/archive"
	"github.com/tifa-project/tifa/config"
	"github.com/tifa-project/tifa/crawler"
	"github.com/tifa-project/tifa/extract"
	"github.com/tifa-project/tifa/ingest"
	"github.com/tifa-project/tifa/replay"
	"github.com/tifa-project/tifa/sqlite"
)

// BenchmarkCrawl crawls as a user's crawl runs: a loopback site of
// SYNTHETIC Xinhua articles (the real news.cn template, bodies drawn from
// real paragraphs; see replay.Synthetic) that a site rule extracts, and a
// quarter of generic pages (real saved pages of sites without a rule,
// testdata/generic-zh, each made unique by a real paragraph) that
// go-trafilatura extracts, with the WARC archive on: fetch, decode,
// extract, tag, store, archive, with no politeness delay and two requests
// in flight per source.
//
// Beside the crawl it measures, in the same process and over the same
// site, the floors the crawl is judged against: a plain net/http loop
// fetching every article (cpu-ms/page and pages/s, two in flight), parsing
// the pages with x/net/html, compressing them with the archive's gzip, and
// inserting a row per page in 100-row transactions with database/sql. The
// ratio crawl-cpu/floors-cpu is what issue 14 bounds (at most 2).
//
//	go test -run '^$' -bench Crawl -benchtime 1x ./crawler/
//
// TIFA_BENCH_PAGES (default 20000) sets the size, TIFA_BENCH_ARCHIVE=off
// crawls without the archive, TIFA_BENCH_GENERIC=0 without generic pages.
func BenchmarkCrawl(b *testing.B) {
	n := benchPages(20000)
	nGeneric := n / 4
	if os.Getenv("TIFA_BENCH_GENERIC") == "0" {
		nGeneric = 0
	}
	withArchive := os.Getenv("TIFA_BENCH_ARCHIVE") != "off"
	site := syntheticSite(b, n-nGeneric)
	generic := genericSite(b, nGeneric, site.Paras)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Host == genericHost {
			generic.ServeHTTP(w, r)
			return
		}
		site.ServeHTTP(w, r)
	}))
	defer srv.Close()
	cfg, err := config.Parse(strings.NewReader(benchSources(nGeneric > 0)+"terms:\n"+defaultTerms(b)), "benchmark")
	if err != nil {
		b.Fatal(err)
	}
	tg, err := ingest.NewTagger(cfg, &testSegs)
	if err != nil {
		b.Fatal(err)
	}
	var srcs []*config.Source
	for i := range cfg.Sources {
		srcs = append(srcs, &cfg.Sources[i])
	}
	var crawlCPU float64
	for range b.N {
		db, err := sqlite.Open(context.Background(), filepath.Join(b.TempDir(), "bench.db"))
		if err != nil {
			b.Fatal(err)
		}
		var arch *archive.Writer
		if withArchive {
			if arch, err = archive.NewWriter(config.Archive{Dir: b.TempDir()}, nil); err != nil {
				b.Fatal(err)
			}
		}
		var rss5k atomic.Int64
		stop := make(chan struct{})
		go func() {
			for {
				select {
				case <-stop:
					return
				case <-time.After(50 * time.Millisecond):
					if site.Articles()+generic.hits.Load() >= 5000 && rss5k.Load() == 0 {
						rss5k.Store(peakRSS())
					}
				}
			}
		}()
		cr := &crawler.Crawler{Config: cfg, DB: db, Transport: replay.TransportTo(srv.Listener.Addr().String()),
			Handler: &ingest.Ingester{Store: db, Tagger: tg}, Archive: arch}
		cpu0, start := cpuTime(), time.Now()
		sums := cr.Run(context.Background(), srcs)
		secs := time.Since(start).Seconds()
		crawlCPU = (cpuTime() - cpu0).Seconds()
		close(stop)
		stored := 0
		for _, sum := range sums {
			stored += sum.New
		}
		if stored != n {
			b.Fatalf("stored %d of %d pages: %+v", stored, n, sums)
		}
		if err := arch.Close(); err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(n)/secs, "pages/s")
		b.ReportMetric(crawlCPU*1e3/float64(n), "cpu-ms/page")
		b.ReportMetric(float64(rss5k.Load())/(1<<20), "MB-peak-rss-5k")
		b.ReportMetric(float64(peakRSS())/(1<<20), "MB-peak-rss-end")
		db.Close()
	}
	b.StopTimer()
	f := measureFloors(b, srv.Listener.Addr().String(), site, generic)
	b.ReportMetric(f.fetchPagesPerSec, "fetch-pages/s")
	b.ReportMetric(f.fetch*1e3, "floor-fetch-cpu-ms/page")
	b.ReportMetric(f.parse*1e3, "floor-parse-cpu-ms/page")
	b.ReportMetric(f.insert*1e3, "floor-insert-cpu-ms/page")
	b.ReportMetric(f.gzip*1e3, "floor-gzip-cpu-ms/page")
	b.ReportMetric(f.stdGzip*1e3, "stdlib-gzip-cpu-ms/page")
	sum := f.fetch + f.parse + f.insert + f.gzip
	b.ReportMetric(crawlCPU/float64(n)/sum, "x-floors")
}

// floors are CPU seconds per page of the work a crawl cannot avoid.
type floors struct {
	fetchPagesPerSec                    float64
	fetch, parse, insert, gzip, stdGzip float64
}

func measureFloors(b *testing.B, addr string, site *replay.Synthetic, generic *genericPages) floors {
	var urls []string
	for i := range site.N {
		urls = append(urls, site.URL(i))
	}
	for i := range generic.n {
		urls = append(urls, generic.url(i))
	}
	rt := replay.TransportTo(addr)
	client := &http.Client{Transport: rt}
	// Every 20th body is kept for the other floors, in the crawl's mix.
	kept := make([][]byte, len(urls))
	var next atomic.Int64
	var wg sync.WaitGroup
	cpu0, start := cpuTime(), time.Now()
	for range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1) - 1)
				if i >= len(urls) {
					return
				}
				resp, err := client.Get(urls[i])
				if err != nil {
					b.Error(err)
					return
				}
				body, err := io.ReadAll(resp.Body)
				resp.Body.Close()
				if err != nil || resp.StatusCode != 200 {
					b.Errorf("fetch %s: %d %v", urls[i], resp.StatusCode, err)
					return
				}
				if i%20 == 0 {
					kept[i] = body
				}
			}
		}()
	}
	wg.Wait()
	var f floors
	f.fetch = (cpuTime() - cpu0).Seconds() / float64(len(urls))
	f.fetchPagesPerSec = float64(len(urls)) / time.Since(start).Seconds()
	var pages [][]byte
	for _, k := range kept {
		if k != nil {
			pages = append(pages, k)
		}
	}
	per := func(fn func(p []byte)) float64 {
		t0 := cpuTime()
		for _, p := range pages {
			fn(p)
		}
		return (cpuTime() - t0).Seconds() / float64(len(pages))
	}
	f.parse = per(func(p []byte) {
		if _, err := html.Parse(bytes.NewReader(p)); err != nil {
			b.Fatal(err)
		}
	})
	// One compressor reset per page, as the archive keeps its own: a gzip
	// member each, without a new encoder's tables each.
	kz, sz := kgzip.NewWriter(io.Discard), gzip.NewWriter(io.Discard)
	f.gzip = per(func(p []byte) {
		kz.Reset(io.Discard)
		kz.Write(p)
		kz.Close()
	})
	f.stdGzip = per(func(p []byte) {
		sz.Reset(io.Discard)
		sz.Write(p)
		sz.Close()
	})
	f.insert = insertFloor(b, pages)
	return f
}

// insertFloor inserts a row per page (URL, title, 4 KB of text) in
// transactions of 100 with a prepared statement, as bare as SQLite allows
// with the driver and DSN options tifa uses.
func insertFloor(b *testing.B, pages [][]byte) float64 {
	path := filepath.Join(b.TempDir(), "floor.db")
	db, err := sql.Open("sqlite3", "file:"+path+"?_journal_mode=WAL&_busy_timeout=10000&_foreign_keys=on&_synchronous=NORMAL&_txlock=immediate")
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(`CREATE TABLE a (id INTEGER PRIMARY KEY, url TEXT UNIQUE, title TEXT, body TEXT)`); err != nil {
		b.Fatal(err)
	}
	const rounds = 20 // the sample is small; repeat it so the figure is stable
	t0 := cpuTime()
	row := 0
	for range rounds {
		for i := 0; i < len(pages); i += 100 {
			tx, err := db.Begin()
			if err != nil {
				b.Fatal(err)
			}
			st, err := tx.Prepare(`INSERT INTO a (url, title, body) VALUES (?, ?, ?)`)
			if err != nil {
				b.Fatal(err)
			}
			for _, p := range pages[i:min(i+100, len(pages))] {
				row++
				if _, err := st.Exec(fmt.Sprintf("http://x/%d", row), "标题", p[:min(len(p), 4096)]); err != nil {
					b.Fatal(err)
				}
			}
			st.Close()
			if err := tx.Commit(); err != nil {
				b.Fatal(err)
			}
		}
	}
	return (cpuTime() - t0).Seconds() / float64(row)
}

// cpuTime is the process's user and system CPU so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

const genericHost = "www.example-gov.cn"

// genericPages serves n pages of sites tifa has no rule for: the saved
// pages of testdata/generic-zh/tune in turn, each with a real paragraph
// and its number put in front of its first paragraph so no two are
// duplicates, listed in one sitemap.
type genericPages struct {
	n     int
	pages [][]byte
	paras []string
	hits  atomic.Int64
}

func genericSite(b *testing.B, n int, paras []string) *genericPages {
	b.Helper()
	files, err := filepath.Glob("../testdata/generic-zh/tune/*.html")
	if err != nil || len(files) == 0 {
		b.Fatalf("no generic pages in ../testdata/generic-zh/tune: %v", err)
	}
	g := &genericPages{n: n, paras: paras}
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		// Only pages that are UTF-8, have a <p> to put the paragraph
		// before, and that the generic extractor takes as an article.
		if !utf8.Valid(raw) || !bytes.Contains(raw, []byte("<p>")) {
			continue
		}
		if a, err := extract.Extract("http://"+genericHost+"/a/0.html", g.page(raw, 0), "text/html; charset=utf-8"); err != nil || a.Method != "generic" {
			continue
		}
		g.pages = append(g.pages, raw)
	}
	if len(g.pages) == 0 && n > 0 {
		b.Fatal("no page of testdata/generic-zh/tune extracts as a generic article")
	}
	return g
}

func (g *genericPages) url(i int) string { return fmt.Sprintf("http://%s/a/%d.html", genericHost, i) }

func (g *genericPages) page(raw []byte, i int) []byte {
	para := fmt.Sprintf("<p>（SYNTHETIC 第%d篇）%s</p><p>", i, g.paras[(i*11)%len(g.paras)])
	return bytes.Replace(raw, []byte("<p>"), []byte(para), 1)
}

func (g *genericPages) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	switch p := r.URL.Path; {
	case p == "/robots.txt":
		fmt.Fprint(w, "User-agent: *\nAllow: /\n")
	case p == "/sitemap.xml":
		w.Header().Set("Content-Type", "application/xml")
		fmt.Fprint(w, `<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">`)
		for i := range g.n {
			fmt.Fprintf(w, "<url><loc>%s</loc></url>", g.url(i))
		}
		fmt.Fprint(w, "</urlset>")
	default:
		var i int
		if _, err := fmt.Sscanf(p, "/a/%d.html", &i); err != nil || i < 0 || i >= g.n {
			http.NotFound(w, r)
			return
		}
		g.hits.Add(1)
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write(g.page(g.pages[i%len(g.pages)], i))
	}
}

// syntheticSite builds the benchmark's site from the saved news.cn page and
// real paragraphs (tagger/testdata/news.txt; its README gives the sources).
func syntheticSite(b *testing.B, n int) *replay.Synthetic {
	b.Helper()
	tpl, err := os.ReadFile("../testdata/corpus/xinhua/mh_news_cn_politics_leaders_20240509_3dd6e33c.html")
	if err != nil {
		b.Fatal(err)
	}
	raw, err := os.ReadFile("../tagger/testdata/news.txt")
	if err != nil {
		b.Fatal(err)
	}
	var paras []string
	for _, p := range strings.Split(string(raw), "\n") {
		if len([]rune(p)) > 30 {
			paras = append(paras, p)
		}
	}
	site, err := replay.NewSynthetic(tpl, paras, n)
	if err != nil {
		b.Fatal(err)
	}
	return site
}

// defaultTerms is the default lexicon's terms section, for a test config.
func defaultTerms(b *testing.B) string {
	y := string(config.DefaultYAML())
	i := strings.Index(y, "\nterms:\n")
	if i < 0 {
		b.Fatal("default configuration has no terms section")
	}
	return y[i+len("\nterms:\n"):]
}

// peakRSS reads the process's peak resident set size (VmHWM) in bytes.
func peakRSS() int64 {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), "VmHWM:"); ok {
			kb, _ := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")), 10, 64)
			return kb << 10
		}
	}
	return 0
}

// benchPages is TIFA_BENCH_PAGES, the crawl benchmarks' site size, or def.
func benchPages(def int) int {
	if v, err := strconv.Atoi(os.Getenv("TIFA_BENCH_PAGES")); err == nil {
		return v
	}
	return def
}

// benchSources is the sources of the crawl benchmarks' loopback site, as a
// configuration's sources: block: the synthetic Xinhua pages and, with
// generic, the generic ones; no delay, two requests in flight per host.
func benchSources(generic bool) string {
	sources := `
sources:
  - id: xinhua
    hosts: [www.news.cn]
    sitemaps: [http://www.news.cn/synthetic/sitemap.xml]
    article: ['^https?://(www\.)?news\.cn/[a-z0-9/]+/\d{8}/[0-9a-f]{32}/c\.html$']
    delay: 0s
    parallel: 2
`
	if generic {
		sources += `  - id: generic
    hosts: [` + genericHost + `]
    sitemaps: [http://` + genericHost + `/sitemap.xml]
    article: ['^http://` + strings.ReplaceAll(genericHost, ".", `\.`) + `/a/\d+\.html$']
    delay: 0s
    parallel: 2
`
	}
	return sources
}
