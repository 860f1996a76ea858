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

	"github.com/tifa-project/tifa"
	"github.com/tifa-project/tifa/config"
	"github.com/tifa-project/tifa/crawler"
	"github.com/tifa-project/tifa/ingest"
	"github.com/tifa-project/tifa/replay"
	"github.com/tifa-project/tifa/sqlite"
	"github.com/tifa-project/tifa/tagger"
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
	site := newSharedSite(t, articles, 0, nil)
	cfg, tg := sharedConfig(t, fmt.Sprintf("delay: %dms", delay.Milliseconds()))
	sums := runWorkers(t, cfg, tg, site.srv, site.path, workers, nil)

	storedBetween(t, sums, articles)
	db, err := sqlite.OpenReadOnly(context.Background(), site.path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if n, err := db.ArticleCount(context.Background()); n != articles || err != nil {
		t.Errorf("%d articles stored (%v), want %d", n, err, articles)
	}
	site.eachFetchedOnce(t)
	// Started together, the crawls are one round: one reads the listing.
	if n := site.listings(); n != 1 {
		t.Errorf("the listing was read %d times by %d crawls started together, want once a round", n, workers)
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
	_, times := site.requests()
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
	site := newSharedSite(t, articles, 40*time.Millisecond, nil)
	cfg, tg := sharedConfig(t, fmt.Sprintf("delay: 0s\n    parallel: %d", parallel))
	sums := runWorkers(t, cfg, tg, site.srv, site.path, workers, nil)
	storedBetween(t, sums, articles)
	site.eachFetchedOnce(t)
	site.mu.Lock()
	most := site.most
	site.mu.Unlock()
	if most > parallel {
		t.Errorf("%d requests in flight at the host at once, want at most parallel, %d, across %d workers", most, parallel, workers)
	}
	if most < parallel {
		t.Errorf("at most %d request in flight, want the %d parallel allows (slow answers overlap)", most, parallel)
	}
}

// runWorkers runs n crawls of cfg's first source at once, each with its
// own handle on the database at path as separate processes would have,
// sharing its frontier; tweak, if not nil, sets up each crawl.
func runWorkers(t *testing.T, cfg *config.Config, tg *tagger.Tagger, srv *httptest.Server, path string, n int, tweak func(*crawler.Crawler)) []crawler.Summary {
	t.Helper()
	sums := make([]crawler.Summary, n)
	var wg sync.WaitGroup
	for i := range n {
		db, err := sqlite.Open(context.Background(), path)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		cr := &crawler.Crawler{Config: cfg, DB: db, Transport: replay.TransportTo(srv.Listener.Addr().String()),
			Handler: &ingest.Ingester{Store: db, Tagger: tg},
			Logger:  slog.New(slog.NewTextHandler(io.Discard, nil)),
			Worker:  fmt.Sprintf("worker-%d", i), Shared: true}
		if tweak != nil {
			tweak(cr)
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			sums[i] = cr.Run(context.Background(), []*config.Source{&cfg.Sources[0]})[0]
		}()
	}
	wg.Wait()
	return sums
}

// sharedSite is a constructed loopback site for the tests of crawls
// sharing a frontier: a listing of n articles, each answered after pause
// by article (the page itself when article is nil or returns false), the
// time every request arrived and the most in flight at once.
type sharedSite struct {
	srv            *httptest.Server
	n              int
	path           string // a database file for the test
	mu             sync.Mutex
	times          map[string][]time.Time
	inFlight, most int
}

func newSharedSite(t *testing.T, n int, pause time.Duration, article func(w http.ResponseWriter, r *http.Request, nth int) bool) *sharedSite {
	t.Helper()
	s := &sharedSite{n: n, path: filepath.Join(t.TempDir(), "tifa.db"), times: map[string][]time.Time{}}
	s.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/robots.txt" {
			http.NotFound(w, r)
			return
		}
		s.mu.Lock()
		s.times[r.URL.Path] = append(s.times[r.URL.Path], time.Now())
		nth := 0
		for p, ts := range s.times {
			if p != "/list/" {
				nth += len(ts)
			}
		}
		s.inFlight++
		s.most = max(s.most, s.inFlight)
		s.mu.Unlock()
		defer func() {
			s.mu.Lock()
			s.inFlight--
			s.mu.Unlock()
		}()
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		if r.URL.Path == "/list/" {
			var links []string
			for i := range n {
				links = append(links, fmt.Sprintf("http://news.example/a/%d.html", i+1))
			}
			w.Write(replay.Listing("shared listing", links).Body)
			return
		}
		time.Sleep(pause)
		if article == nil || !article(w, r, nth) {
			io.WriteString(w, articleHTML("共享前沿 "+r.URL.Path, 1))
		}
	}))
	t.Cleanup(s.srv.Close)
	return s
}

// requests counts the article requests and gives the times of all, the
// listing's too, in order.
func (s *sharedSite) requests() (n int, all []time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for p, ts := range s.times {
		if p != "/list/" {
			n += len(ts)
		}
		all = append(all, ts...)
	}
	slices.SortFunc(all, func(a, b time.Time) int { return a.Compare(b) })
	return n, all
}

func (s *sharedSite) listings() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.times["/list/"])
}

func (s *sharedSite) eachFetchedOnce(t *testing.T) {
	t.Helper()
	s.mu.Lock()
	defer s.mu.Unlock()
	for i := range s.n {
		if p := fmt.Sprintf("/a/%d.html", i+1); len(s.times[p]) != 1 {
			t.Errorf("%s fetched %d times, want once by one worker", p, len(s.times[p]))
		}
	}
}

// storedBetween checks that the workers stored want new articles between
// them, each without failing or an error.
func storedBetween(t *testing.T, sums []crawler.Summary, want int) {
	t.Helper()
	stored := 0
	for i, s := range sums {
		if s.Failed || s.Errors > 0 {
			t.Errorf("worker %d: %+v", i, s)
		}
		stored += s.New
	}
	if stored != want {
		t.Errorf("the workers stored %d new articles between them, want %d", stored, want)
	}
}

// sharedConfig is faultYAML with its delay line replaced by lines.
func sharedConfig(t *testing.T, lines string) (*config.Config, *tagger.Tagger) {
	t.Helper()
	cfg, err := config.Parse(strings.NewReader(strings.Replace(faultYAML, "delay: 1ms", lines, 1)), "shared test")
	if err != nil {
		t.Fatal(err)
	}
	tg, err := ingest.NewTagger(cfg, &testSegs)
	if err != nil {
		t.Fatal(err)
	}
	return cfg, tg
}

// TestRetryAfterHoldsEveryWorker: a 429 with Retry-After: 2 that one of
// three workers receives keeps all three off the host for those seconds; a
// worker keeping the Retry-After to itself leaves the others sending.
func TestRetryAfterHoldsEveryWorker(t *testing.T) {
	const articles = 90
	var once sync.Once
	var limited time.Time
	site := newSharedSite(t, articles, 20*time.Millisecond, func(w http.ResponseWriter, r *http.Request, nth int) bool {
		refused := false
		if nth == 4 {
			once.Do(func() {
				limited, refused = time.Now(), true
				w.Header().Set("Retry-After", "2")
				http.Error(w, "slow down", http.StatusTooManyRequests)
			})
		}
		return refused
	})
	cfg, tg := sharedConfig(t, "delay: 0s\n    parallel: 3")
	sums := runWorkers(t, cfg, tg, site.srv, site.path, 3, nil)
	stored := 0
	for _, s := range sums {
		stored += s.New
	}
	if stored != articles {
		t.Fatalf("stored %d articles, want %d: %+v", stored, articles, sums)
	}
	if limited.IsZero() {
		t.Fatal("the site never refused a request")
	}
	// Requests already sent when the 429 went out, and those sent before
	// its worker stored the hold (half a second is plenty, even under
	// load), may arrive just after it; none in the rest of the 2 s.
	_, times := site.requests()
	for _, at := range times {
		if since := at.Sub(limited); since > 500*time.Millisecond && since < 1900*time.Millisecond {
			t.Errorf("a request arrived %v after the 429 asking every client for 2 s", since.Round(time.Millisecond))
		}
	}
}

// TestPausedHostHeldForEveryWorker: a host one worker saw fail until it
// paused it is paused for the crawls that start after, on other machines:
// they send it nothing, say so in their summary, and leave its URLs for a
// later run untried (not a failed attempt of theirs).
func TestPausedHostHeldForEveryWorker(t *testing.T) {
	const articles = 6
	site := newSharedSite(t, articles, 20*time.Millisecond, func(w http.ResponseWriter, r *http.Request, nth int) bool {
		http.Error(w, "down", http.StatusInternalServerError)
		return true
	})
	cfg, tg := sharedConfig(t, "delay: 0s")
	path := site.path
	quick := func(cr *crawler.Crawler) { cr.HostFailures, cr.Backoff = 2, time.Millisecond }
	first := runWorkers(t, cfg, tg, site.srv, path, 1, quick)[0]
	sent, _ := site.requests()
	if !slices.Contains(first.Paused, "news.example") || sent != 2 {
		t.Fatalf("first worker: %d requests, %+v; want the host paused after 2 failures", sent, first)
	}
	site.mu.Lock()
	tried := len(site.times) - 1 // URLs but the listing; a retry of one is not another attempt
	site.mu.Unlock()
	began := time.Now()
	later := runWorkers(t, cfg, tg, site.srv, path, 2, quick)
	if took := time.Since(began); took > 10*time.Second {
		t.Errorf("the later workers took %v: they waited for the hold instead of leaving the host", took)
	}
	if n, _ := site.requests(); n != sent {
		t.Errorf("the later workers sent %d requests to the paused host, want none", n-sent)
	}
	// A later worker may find every URL taken in this run by the other
	// (one turn per run); one that took any reports the host paused.
	paused := 0
	for i, s := range later {
		if slices.Contains(s.Paused, "news.example") {
			paused++
		}
		if s.Errors > 0 || s.Failed {
			t.Errorf("later worker %d: %+v; want no errors of its own", i, s)
		}
	}
	if paused == 0 {
		t.Errorf("no later worker reports the host paused: %+v", later)
	}
	db, err := sqlite.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	due, err := db.Claim(context.Background(), tifa.Claim{Source: "faulty", Worker: "check", N: 100, Lease: time.Minute, Now: time.Now().Add(time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	tries := 0
	for _, p := range due {
		tries += p.Attempts
	}
	if len(due) != articles || tries != tried {
		t.Errorf("frontier after: %d URLs with %d failed attempts, want all %d kept, with the first worker's %d only", len(due), tries, articles, tried)
	}
}
