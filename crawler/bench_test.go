package crawler_test

import (
	"bufio"
	"context"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/tifa-project/tifa/config"
	"github.com/tifa-project/tifa/crawler"
	"github.com/tifa-project/tifa/ingest"
	"github.com/tifa-project/tifa/replay"
	"github.com/tifa-project/tifa/sqlite"
)

// BenchmarkCrawl crawls a loopback site of SYNTHETIC Xinhua articles (the
// real news.cn template, bodies drawn from real paragraphs; see
// replay.Synthetic) end to end: fetch, decode, extract, tag, store, with no
// politeness delay and two requests in flight. It reports pages/s, the peak
// RSS after 5,000 pages and at the end, and, when wget is installed, wget
// --recursive's pages/s over the same site as the fetch-only reference.
//
//	go test -run '^$' -bench Crawl -benchtime 1x ./crawler/   (TIFA_BENCH_PAGES=20000 by default)
func BenchmarkCrawl(b *testing.B) {
	n := 20000
	if v, err := strconv.Atoi(os.Getenv("TIFA_BENCH_PAGES")); err == nil {
		n = v
	}
	site := syntheticSite(b, n)
	srv := httptest.NewServer(site)
	defer srv.Close()
	cfg, err := config.Parse(strings.NewReader(`
sources:
  - id: xinhua
    hosts: [www.news.cn]
    sitemaps: [http://www.news.cn/synthetic/sitemap.xml]
    article: ['^https?://(www\.)?news\.cn/[a-z0-9/]+/\d{8}/[0-9a-f]{32}/c\.html$']
    delay: 0s
    parallel: 2
terms:
`+defaultTerms(b)), "benchmark")
	if err != nil {
		b.Fatal(err)
	}
	tg, err := ingest.NewTagger(cfg)
	if err != nil {
		b.Fatal(err)
	}
	for range b.N {
		db, err := sqlite.Open(context.Background(), filepath.Join(b.TempDir(), "bench.db"))
		if err != nil {
			b.Fatal(err)
		}
		var rss5k atomic.Int64
		stop := make(chan struct{})
		go func() {
			for {
				select {
				case <-stop:
					return
				case <-time.After(50 * time.Millisecond):
					if site.Articles() >= 5000 && rss5k.Load() == 0 {
						rss5k.Store(peakRSS())
					}
				}
			}
		}()
		cr := &crawler.Crawler{Config: cfg, DB: db, Transport: replay.TransportTo(srv.Listener.Addr().String()),
			Handler: &ingest.Ingester{Store: db, Tagger: tg}}
		start := time.Now()
		sum := cr.Run(context.Background(), []*config.Source{&cfg.Sources[0]})[0]
		secs := time.Since(start).Seconds()
		close(stop)
		if sum.New != n {
			b.Fatalf("stored %d of %d pages: %+v", sum.New, n, sum)
		}
		b.ReportMetric(float64(n)/secs, "pages/s")
		b.ReportMetric(float64(rss5k.Load())/(1<<20), "MB-peak-rss-5k")
		b.ReportMetric(float64(peakRSS())/(1<<20), "MB-peak-rss-end")
		db.Close()
	}
	if wget, err := exec.LookPath("wget"); err == nil {
		dir := b.TempDir()
		start := time.Now()
		cmd := exec.Command(wget, "--recursive", "--level=inf", "--quiet", "--no-verbose", "--directory-prefix", dir,
			"-e", "use_proxy=on", "-e", "http_proxy=http://"+srv.Listener.Addr().String(),
			"http://www.news.cn/synthetic/list/0.html")
		cmd.Run() // wget exits 8 when any link 404s; the count below is what matters
		secs := time.Since(start).Seconds()
		pages := 0
		filepath.Walk(dir, func(p string, _ os.FileInfo, _ error) error {
			if strings.HasSuffix(p, "/c.html") {
				pages++
			}
			return nil
		})
		b.ReportMetric(float64(pages)/secs, "wget-pages/s")
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
