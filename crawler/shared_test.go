package crawler_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"slices"
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

// TestCrawlsSharingAFrontier: three crawls at once, each with its own
// handle on one database as separate processes would have, cooperate: each
// article is fetched by one of them and stored once, and the host sees the
// source's delay between requests across all three, because every request
// takes its turn from the host's time in the store, not from one process's
// memory.
func TestCrawlsSharingAFrontier(t *testing.T) {
	const articles, workers = 12, 3
	delay := 200 * time.Millisecond
	var mu sync.Mutex
	hits := map[string]int{}
	var times []time.Time
	mux := http.NewServeMux()
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/robots.txt" {
			http.NotFound(w, r)
			return
		}
		mu.Lock()
		hits[r.URL.Path]++
		times = append(times, time.Now())
		mu.Unlock()
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		if r.URL.Path == "/list/" {
			var links []string
			for i := range articles {
				links = append(links, fmt.Sprintf("http://news.example/a/%d.html", i+1))
			}
			w.Write(replay.Listing("shared listing", links).Body)
			return
		}
		io.WriteString(w, articleHTML("共享前沿 "+r.URL.Path, 2))
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	cfg, err := config.Parse(strings.NewReader(strings.Replace(faultYAML, "delay: 1ms", fmt.Sprintf("delay: %dms", delay.Milliseconds()), 1)), "shared test")
	if err != nil {
		t.Fatal(err)
	}
	tg, err := ingest.NewTagger(cfg, &testSegs)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "tifa.db")
	sums := make([]crawler.Summary, workers)
	var wg sync.WaitGroup
	for i := range workers {
		db, err := sqlite.Open(context.Background(), path)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		cr := &crawler.Crawler{Config: cfg, DB: db, Transport: replay.TransportTo(srv.Listener.Addr().String()),
			Handler: &ingest.Ingester{Store: db, Tagger: tg},
			Logger:  slog.New(slog.NewTextHandler(io.Discard, nil)),
			Worker:  fmt.Sprintf("worker-%d", i), Shared: true}
		wg.Add(1)
		go func() {
			defer wg.Done()
			sums[i] = cr.Run(context.Background(), []*config.Source{&cfg.Sources[0]})[0]
		}()
	}
	wg.Wait()

	stored := 0
	for i, s := range sums {
		if s.Failed || s.Errors > 0 {
			t.Errorf("worker %d: %+v", i, s)
		}
		stored += s.New
	}
	if stored != articles {
		t.Errorf("the workers stored %d new articles between them, want %d", stored, articles)
	}
	db, err := sqlite.OpenReadOnly(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if n, err := db.ArticleCount(context.Background()); n != articles || err != nil {
		t.Errorf("%d articles stored (%v), want %d", n, err, articles)
	}
	mu.Lock()
	defer mu.Unlock()
	for i := range articles {
		if p := fmt.Sprintf("/a/%d.html", i+1); hits[p] != 1 {
			t.Errorf("%s fetched %d times, want once by one worker", p, hits[p])
		}
	}
	// Started together, the crawls are one round: one reads the listing.
	if hits["/list/"] != 1 {
		t.Errorf("the listing was read %d times by %d crawls started together, want once a round", hits["/list/"], workers)
	}
	readers := 0
	for _, s := range sums {
		if s.ListingsBy == "" {
			readers++
		}
	}
	if readers != 1 {
		t.Errorf("%d crawls say they read the listings, want one: %+v", readers, sums)
	}
	// The store spaces the turns a full delay apart; half of it is the
	// margin for a request's way to the server on a loaded machine, and
	// still far above what three crawls each keeping only its own delay
	// would leave between them.
	slices.SortFunc(times, func(a, b time.Time) int { return a.Compare(b) })
	for i := 1; i < len(times); i++ {
		if gap := times[i].Sub(times[i-1]); gap < delay/2 {
			t.Errorf("requests %d and %d to the host %v apart, want about the %v delay across all workers", i-1, i, gap, delay)
		}
	}
}

// TestListingsReadOncePerRound: a crawl sharing the frontier that starts
// within the round of another's reading fetches what is queued without
// reading the listings again, and is not failed for it; after the round
// the next crawl reads them again.
func TestListingsReadOncePerRound(t *testing.T) {
	site := newLoopSite(t, "127.0.0.1:0", func(base string) map[string]http.HandlerFunc {
		return map[string]http.HandlerFunc{"/list/": listing(base, "/a/1.html", "/a/2.html"), "/a/": articleHandler("每轮一次")}
	})
	cr, cfg, _ := loopCrawler(t, loopSource(site, ""))
	cr.Shared, cr.Round, cr.Worker = true, 500*time.Millisecond, "first"
	first := cr.Run(context.Background(), []*config.Source{&cfg.Sources[0]})[0]
	if first.Failed || first.New != 2 || first.ListingsBy != "" || first.Worker != "first" {
		t.Fatalf("first crawl: %+v, want both articles stored, the listing read by itself", first)
	}
	cr.Worker = "second"
	second := cr.Run(context.Background(), []*config.Source{&cfg.Sources[0]})[0]
	if second.Failed || second.ListingsBy != "first" || second.Listed != 0 || site.count("/list/") != 1 {
		t.Errorf("a crawl within the round: %+v, listing read %d times; want it left to first's reading, and not failed",
			second, site.count("/list/"))
	}
	time.Sleep(600 * time.Millisecond)
	cr.Worker = "third"
	third := cr.Run(context.Background(), []*config.Source{&cfg.Sources[0]})[0]
	if third.ListingsBy != "" || site.count("/list/") != 2 || third.Known != 2 {
		t.Errorf("a crawl after the round: %+v, listing read %d times in all; want it read again, its links known", third, site.count("/list/"))
	}
}

// TestReadingOfAKilledCrawlIsTakenOver: the crawl that began reading the
// listings was killed before it queued anything; a crawl sharing the
// frontier waits while that reader's hold lasts, then reads them itself
// in the same run, so the round's articles are not left to tomorrow.
func TestReadingOfAKilledCrawlIsTakenOver(t *testing.T) {
	site := newLoopSite(t, "127.0.0.1:0", func(base string) map[string]http.HandlerFunc {
		return map[string]http.HandlerFunc{"/list/": listing(base, "/a/1.html", "/a/2.html", "/a/3.html"), "/a/": articleHandler("接手读取")}
	})
	cr, cfg, db := loopCrawler(t, loopSource(site, ""))
	cr.Shared, cr.Lease, cr.Worker = true, time.Second, "survivor"
	ctx := context.Background()
	if _, mine, err := db.BeginDiscovery(ctx, "loop", "killed", time.Hour, time.Second); err != nil || !mine {
		t.Fatalf("the killed crawl's reading: mine=%v, %v", mine, err)
	}
	began := time.Now()
	sum := cr.Run(ctx, []*config.Source{&cfg.Sources[0]})[0]
	took := time.Since(began)
	if sum.Failed || sum.New != 3 || sum.ListingsBy != "" || site.count("/list/") != 1 {
		t.Fatalf("%+v, listing read %d times; want the dead reader's listing taken over and its 3 articles stored", sum, site.count("/list/"))
	}
	if took < 500*time.Millisecond {
		t.Errorf("took the reading over after %v, before the killed reader's 1 s hold could lapse", took)
	}
	d, err := db.Discovery(ctx, "loop")
	if err != nil || d.Worker != "survivor" || d.Finished.IsZero() {
		t.Errorf("discovery after: %+v, %v; want finished by the survivor", d, err)
	}
}

// TestSharedCrawlOnASlowClock: a worker whose clock runs an hour behind
// the store's still gives a URL its turn in the next run. Claims are
// stamped by the store, so the run's start must be too; on the worker's own
// clock, the article that failed in the first run counted as claimed in
// the second and waited for a third.
func TestSharedCrawlOnASlowClock(t *testing.T) {
	var mu sync.Mutex
	down := true
	site := newLoopSite(t, "127.0.0.1:0", func(base string) map[string]http.HandlerFunc {
		ok := articleHandler("时钟偏差")
		return map[string]http.HandlerFunc{"/list/": listing(base, "/a/1.html", "/a/2.html"), "/a/": func(w http.ResponseWriter, r *http.Request) {
			mu.Lock()
			failing := down && r.URL.Path == "/a/2.html"
			mu.Unlock()
			if failing {
				http.Error(w, "busy", http.StatusServiceUnavailable)
				return
			}
			ok(w, r)
		}}
	})
	cr, cfg, _ := loopCrawler(t, loopSource(site, ""))
	cr.Shared, cr.Worker = true, "slow-clock"
	cr.Now = func() time.Time { return time.Now().Add(-time.Hour) }
	first := cr.Run(context.Background(), []*config.Source{&cfg.Sources[0]})[0]
	if first.New != 1 || site.count("/a/2.html") == 0 {
		t.Fatalf("first crawl: %+v; want /a/1.html stored and /a/2.html tried", first)
	}
	mu.Lock()
	down = false
	mu.Unlock()
	second := cr.Run(context.Background(), []*config.Source{&cfg.Sources[0]})[0]
	if second.New != 1 || second.Failed {
		t.Errorf("second crawl: %+v; want /a/2.html, due again, fetched and stored", second)
	}
}

// TestParallelAcrossWorkers: a source of parallel 2 and no delay, crawled
// by three workers sharing one database, has at most two requests in
// flight at its host, from all of them together; each worker's colly keeps
// parallel only for itself, so without the store's slots the host would
// see up to six. The articles answer slowly, so the requests overlap.
func TestParallelAcrossWorkers(t *testing.T) {
	const articles, workers, parallel = 24, 3, 2
	var mu sync.Mutex
	inFlight, most := 0, 0
	hits := map[string]int{}
	mux := http.NewServeMux()
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/robots.txt" {
			http.NotFound(w, r)
			return
		}
		mu.Lock()
		hits[r.URL.Path]++
		inFlight++
		most = max(most, inFlight)
		mu.Unlock()
		defer func() {
			mu.Lock()
			inFlight--
			mu.Unlock()
		}()
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		if r.URL.Path == "/list/" {
			var links []string
			for i := range articles {
				links = append(links, fmt.Sprintf("http://news.example/a/%d.html", i+1))
			}
			w.Write(replay.Listing("parallel listing", links).Body)
			return
		}
		time.Sleep(40 * time.Millisecond)
		io.WriteString(w, articleHTML("并行 "+r.URL.Path, 1))
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	yaml := strings.Replace(faultYAML, "delay: 1ms", fmt.Sprintf("delay: 0s\n    parallel: %d", parallel), 1)
	cfg, err := config.Parse(strings.NewReader(yaml), "parallel test")
	if err != nil {
		t.Fatal(err)
	}
	tg, err := ingest.NewTagger(cfg, &testSegs)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "tifa.db")
	sums := make([]crawler.Summary, workers)
	var wg sync.WaitGroup
	for i := range workers {
		db, err := sqlite.Open(context.Background(), path)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		cr := &crawler.Crawler{Config: cfg, DB: db, Transport: replay.TransportTo(srv.Listener.Addr().String()),
			Handler: &ingest.Ingester{Store: db, Tagger: tg},
			Logger:  slog.New(slog.NewTextHandler(io.Discard, nil)),
			Worker:  fmt.Sprintf("worker-%d", i), Shared: true}
		wg.Add(1)
		go func() {
			defer wg.Done()
			sums[i] = cr.Run(context.Background(), []*config.Source{&cfg.Sources[0]})[0]
		}()
	}
	wg.Wait()
	stored := 0
	for i, s := range sums {
		if s.Failed || s.Errors > 0 {
			t.Errorf("worker %d: %+v", i, s)
		}
		stored += s.New
	}
	if stored != articles {
		t.Errorf("the workers stored %d new articles between them, want %d", stored, articles)
	}
	mu.Lock()
	defer mu.Unlock()
	for i := range articles {
		if p := fmt.Sprintf("/a/%d.html", i+1); hits[p] != 1 {
			t.Errorf("%s fetched %d times, want once", p, hits[p])
		}
	}
	if most > parallel {
		t.Errorf("%d requests in flight at the host at once, want at most parallel, %d, across %d workers", most, parallel, workers)
	}
	if most < parallel {
		t.Errorf("at most %d request in flight, want the %d parallel allows (slow answers overlap)", most, parallel)
	}
}
