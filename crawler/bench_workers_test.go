package crawler_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/tifa-project/tifa/archive"
	"github.com/tifa-project/tifa/config"
	"github.com/tifa-project/tifa/crawler"
	"github.com/tifa-project/tifa/ingest"
	"github.com/tifa-project/tifa/postgres"
	"github.com/tifa-project/tifa/replay"
	"github.com/tifa-project/tifa/sqlite"
	"github.com/tifa-project/tifa/tagger"
)

// BenchmarkWorkers is issue 13: the crawl's throughput with 1, 2 and 3
// workers sharing one PostgreSQL database, beside one crawl into a SQLite
// file as the anchor, all over the same loopback site as BenchmarkCrawl
// (¾ synthetic Xinhua pages a site rule extracts, ¼ generic pages, archive
// on, no politeness delay, two requests in flight per host, from all the
// workers together: the site sees the same load whatever their number).
//
// The workers are crawls as tifa crawl wires them (cmd/tifa newCrawler):
// each its own crawler.Crawler with Shared set and a worker name of its
// own, its own database handle (a connection pool, as a process of its
// own has), its own ingester committing through ingest.Grouped, its own
// transport to the site and its own archive writer, named for its own
// "machine" in one archive directory, as machines sharing a directory do.
// They run as goroutines of the benchmark's process, so one process's
// CPU counts all of them; only the gse tagger, read-only once loaded, is
// shared (each process would load its own 300 MB copy).
//
//	pg_virtualenv -t sh -c 'CI=true go test ./crawler -run "^$" -bench Workers -benchtime 1x -count 3'
//
// TIFA_BENCH_PAGES (default 2000) sets the site's size, the same for every
// worker count. Reported per crawl: pages/s (wall, first request to the
// last worker's end); cpu-ms/page, this process's CPU (workers and the
// loopback server) from getrusage as BenchmarkCrawl's; pg-cpu-ms/page, the
// PostgreSQL server's (the postmaster's children, read from /proc when the
// server runs on this machine); cores-busy, both CPUs over the wall time,
// which tops out at the machine's cores; load1, the load average before the
// crawl; steady-pages/s and steady-cores-busy, the same between the 10th
// and the 90th percent of the articles served, without the start (the
// reading of the sitemaps, which the other workers wait for, asking every
// thirtieth of --lease, at most a second) and the end (workers done waiting on the last URLs
// the others hold). Every article must be stored once, or the benchmark
// fails; a page fetched by more than one worker is counted in dup-fetches.
//
// Without PostgreSQL (TIFA_TEST_POSTGRES, or pg_virtualenv's PG* variables)
// the PostgreSQL crawls skip, and fail under CI=true, as postgres' tests do.
func BenchmarkWorkers(b *testing.B) {
	n := benchPages(2000)
	nGeneric := n / 4
	site := syntheticSite(b, n-nGeneric)
	generic := genericSite(b, nGeneric, site.Paras)
	hits := &pathHits{m: map[string]int{}}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if p := r.URL.Path; strings.HasSuffix(p, "/c.html") || strings.HasPrefix(p, "/a/") {
			hits.add(r.Host + p)
		}
		if r.Host == genericHost {
			generic.ServeHTTP(w, r)
			return
		}
		site.ServeHTTP(w, r)
	}))
	defer srv.Close()
	cfg, err := config.Parse(strings.NewReader(benchSources(true)+"terms:\n"+defaultTerms(b)), "benchmark")
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
	wc := workerCrawl{n: n, cfg: cfg, srcs: srcs, tagger: tg, addr: srv.Listener.Addr().String(), hits: hits}

	b.Run("sqlite/workers=1", func(b *testing.B) {
		for range b.N {
			path := filepath.Join(b.TempDir(), "tifa.db")
			wc.run(b, 1, false, func(string) (benchStore, error) { return sqlite.Open(context.Background(), path) }, nil)
		}
	})
	for _, workers := range []int{1, 2, 3} {
		b.Run(fmt.Sprintf("postgres/workers=%d", workers), func(b *testing.B) {
			server := pgServer(b)
			for range b.N {
				dsn := server.schema(b)
				wc.run(b, workers, true, func(worker string) (benchStore, error) {
					db, err := postgres.Open(context.Background(), dsn)
					if err == nil {
						db.Worker = worker
					}
					return db, err
				}, server.cpu)
			}
		})
	}
}

// benchStore is what tifa crawl needs of either engine, and the count.
type benchStore interface {
	crawler.Store
	ingest.GroupSaver
	ingest.Recorder
	ArticleCount(ctx context.Context) (int, error)
	Close() error
}

type workerCrawl struct {
	n      int
	cfg    *config.Config
	srcs   []*config.Source
	tagger *tagger.Tagger
	addr   string
	hits   *pathHits
}

// run crawls the site into an empty database with workers crawls at once,
// each opened by open with its own name, and reports the figures. pgCPU,
// when not nil, reads the database server's CPU so far.
func (wc *workerCrawl) run(b *testing.B, workers int, shared bool, open func(worker string) (benchStore, error), pgCPU func() (time.Duration, bool)) {
	ctx := context.Background()
	wc.hits.reset(wc.n, pgCPU)
	archDir := b.TempDir()
	dbs := make([]benchStore, workers)
	crs := make([]*crawler.Crawler, workers)
	archs := make([]*archive.Writer, workers)
	for i := range workers {
		name := fmt.Sprintf("bench-w%d", i+1)
		// One after the other: the first migrates the empty database.
		db, err := open(name)
		if err != nil {
			b.Fatal(err)
		}
		defer db.Close()
		arch, err := archive.NewWriter(config.Archive{Dir: archDir}, nil)
		if err != nil {
			b.Fatal(err)
		}
		if shared {
			arch.ForMachine(name)
		}
		dbs[i], archs[i] = db, arch
		crs[i] = &crawler.Crawler{Config: wc.cfg, DB: db, Transport: replay.TransportTo(wc.addr),
			Handler: &ingest.Ingester{Store: &ingest.Grouped{DB: db}, Tagger: wc.tagger},
			Logger:  slog.New(slog.NewTextHandler(io.Discard, nil)),
			Archive: arch, Shared: shared, Worker: name}
	}
	load := loadAvg()
	runtime.GC()
	sums := make([][]crawler.Summary, workers)
	errs := make([]error, workers)
	var wg sync.WaitGroup
	pg0, pgOK := time.Duration(0), pgCPU != nil
	if pgOK {
		pg0, pgOK = pgCPU()
	}
	cpu0, start := cpuTime(), time.Now()
	for i := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			// What tifa crawl does first: record the lexicon and sources.
			if errs[i] = ingest.Record(ctx, dbs[i], wc.cfg, wc.srcs, time.Now()); errs[i] == nil {
				sums[i] = crs[i].Run(ctx, wc.srcs)
			}
		}()
	}
	wg.Wait()
	secs := time.Since(start).Seconds()
	cpu := (cpuTime() - cpu0).Seconds()
	var pg float64
	if pgOK {
		var pg1 time.Duration
		if pg1, pgOK = pgCPU(); pgOK {
			pg = (pg1 - pg0).Seconds()
		}
	}
	for i, arch := range archs {
		if err := arch.Close(); err != nil {
			b.Errorf("worker %d: archive: %v", i+1, err)
		}
	}

	stored, problems := 0, 0
	var per []string
	for i, ss := range sums {
		if errs[i] != nil {
			b.Errorf("worker %d: record the configuration: %v", i+1, errs[i])
		}
		mine, took := 0, 0.0
		for _, s := range ss {
			mine, took = mine+s.New, max(took, s.Seconds)
			if s.Failed || s.Errors > 0 {
				problems++
				b.Errorf("worker %d: %+v", i+1, s)
			}
		}
		stored += mine
		per = append(per, fmt.Sprintf("%s=%d in %.1fs", crs[i].Worker, mine, took))
	}
	count, err := dbs[0].ArticleCount(ctx)
	if err != nil {
		b.Fatal(err)
	}
	fetched, dups := wc.hits.summary()
	b.Logf("%d workers: %d pages in %.1f s, new %s; %d articles in the database, %d article URLs fetched, %d fetched more than once; load %.2f",
		workers, wc.n, secs, strings.Join(per, " "), count, fetched, dups, load)
	if stored != wc.n || count != wc.n || fetched != wc.n || problems > 0 {
		b.Fatalf("want each of %d articles stored once: the workers stored %d new, the database holds %d, %d article URLs were fetched",
			wc.n, stored, count, fetched)
	}
	b.ReportMetric(float64(wc.n)/secs, "pages/s")
	b.ReportMetric(cpu*1e3/float64(wc.n), "cpu-ms/page")
	busy := cpu
	if pgOK {
		b.ReportMetric(pg*1e3/float64(wc.n), "pg-cpu-ms/page")
		b.ReportMetric((cpu+pg)*1e3/float64(wc.n), "total-cpu-ms/page")
		busy += pg
	}
	b.ReportMetric(busy/secs, "cores-busy")
	if rate, cores, ok := wc.hits.steady(); ok {
		b.ReportMetric(rate, "steady-pages/s")
		b.ReportMetric(cores, "steady-cores-busy")
	}
	b.ReportMetric(float64(dups), "dup-fetches")
	b.ReportMetric(load, "load1")
}

// pathHits counts the requests for each article page, and marks the
// moments the site has served lo and hi distinct articles: the steady
// window between them leaves out the crawl's start (robots, sitemaps, the
// other workers waiting for the listings) and its end (workers waiting
// for the last URLs others hold).
type pathHits struct {
	mu     sync.Mutex
	m      map[string]int
	lo, hi int
	pgCPU  func() (time.Duration, bool)
	marks  [2]mark
}

type mark struct {
	at     time.Time
	cpu    time.Duration // this process's
	pg     time.Duration // the database server's
	pgSeen bool
}

func (h *pathHits) add(p string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.m[p]++
	if h.m[p] > 1 {
		return
	}
	for i, at := range []int{h.lo, h.hi} {
		if len(h.m) == at {
			h.marks[i] = mark{at: time.Now(), cpu: cpuTime()}
			if h.pgCPU != nil {
				h.marks[i].pg, h.marks[i].pgSeen = h.pgCPU()
			}
		}
	}
}

func (h *pathHits) reset(n int, pgCPU func() (time.Duration, bool)) {
	h.mu.Lock()
	clear(h.m)
	h.lo, h.hi, h.pgCPU, h.marks = n/10, n-n/10, pgCPU, [2]mark{}
	h.mu.Unlock()
}

// summary is how many article pages were asked for, and how many of them
// more than once.
func (h *pathHits) summary() (pages, dups int) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for _, k := range h.m {
		if k > 1 {
			dups++
		}
	}
	return len(h.m), dups
}

// steady is the articles served per second between the marks and the CPU
// (this process's and the server's, when seen) busy meanwhile, in cores.
func (h *pathHits) steady() (pagesPerSec, cores float64, ok bool) {
	h.mu.Lock()
	defer h.mu.Unlock()
	a, b := h.marks[0], h.marks[1]
	secs := b.at.Sub(a.at).Seconds()
	if a.at.IsZero() || b.at.IsZero() || secs <= 0 {
		return 0, 0, false
	}
	busy := (b.cpu - a.cpu).Seconds()
	if a.pgSeen && b.pgSeen {
		busy += (b.pg - a.pg).Seconds()
	}
	return float64(h.hi-h.lo) / secs, busy / secs, true
}

// loadAvg is the machine's one-minute load average, 0 if unknown.
func loadAvg() float64 {
	raw, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return 0
	}
	f := strings.Fields(string(raw))
	if len(f) == 0 {
		return 0
	}
	v, _ := strconv.ParseFloat(f[0], 64)
	return v
}

// benchServer is the test PostgreSQL server: TIFA_TEST_POSTGRES, or the PG*
// variables pg_virtualenv exports, as postgres' tests find it.
type benchServer struct {
	dsn        string
	postmaster int // its pid on this machine, 0 when not found here
}

func pgServer(b *testing.B) *benchServer {
	b.Helper()
	dsn := os.Getenv("TIFA_TEST_POSTGRES")
	if dsn == "" && os.Getenv("PGHOST") == "" && os.Getenv("PGDATABASE") == "" {
		if os.Getenv("CI") == "true" {
			b.Fatal("CI=true but no PostgreSQL given: set TIFA_TEST_POSTGRES=postgres://… or run the benchmark inside pg_virtualenv")
		}
		b.Skip("no PostgreSQL: set TIFA_TEST_POSTGRES or run under pg_virtualenv")
	}
	if dsn == "" {
		dsn = "postgres:///" + url.PathEscape(os.Getenv("PGDATABASE")) // host, port, user, password from PG*
	}
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		b.Fatalf("connect to the test server %s: %v", postgres.Redact(dsn), err)
	}
	defer conn.Close(ctx)
	s := &benchServer{dsn: dsn}
	var backend int
	if err := conn.QueryRow(ctx, `SELECT pg_backend_pid()`).Scan(&backend); err == nil {
		// The backend's parent is the postmaster, if the server is a
		// process of this machine that /proc shows.
		if st, ok := procStat(backend); ok && st.comm == "postgres" {
			if pm, ok := procStat(st.ppid); ok && pm.comm == "postgres" {
				s.postmaster = st.ppid
			}
		}
	}
	if s.postmaster == 0 {
		b.Log("the PostgreSQL server is not a process of this machine: its CPU is not measured")
	}
	return s
}

// schema makes a schema of the benchmark's own, dropped at the end, and
// returns a DSN whose tables land in it: an empty tifa database.
func (s *benchServer) schema(b *testing.B) string {
	b.Helper()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, s.dsn)
	if err != nil {
		b.Fatal(err)
	}
	defer conn.Close(ctx)
	r := make([]byte, 6)
	rand.Read(r)
	name := "tifa_bench_" + hex.EncodeToString(r)
	if _, err := conn.Exec(ctx, `CREATE SCHEMA `+name); err != nil {
		b.Fatalf("create schema %s: %v", name, err)
	}
	b.Cleanup(func() {
		c, err := pgx.Connect(context.Background(), s.dsn)
		if err != nil {
			b.Errorf("drop schema %s: %v", name, err)
			return
		}
		defer c.Close(context.Background())
		if _, err := c.Exec(context.Background(), `DROP SCHEMA `+name+` CASCADE`); err != nil {
			b.Errorf("drop schema %s: %v", name, err)
		}
	})
	if strings.Contains(s.dsn, "://") {
		u, err := url.Parse(s.dsn)
		if err != nil {
			b.Fatalf("TIFA_TEST_POSTGRES: %v", err)
		}
		q := u.Query()
		q.Set("search_path", name)
		u.RawQuery = q.Encode()
		return u.String()
	}
	return s.dsn + " search_path=" + name
}

// cpu is the server's CPU so far: the postmaster's own and that of the
// children it reaped (ended connections), and its live children's
// (backends, WAL writer, checkpointer...). The difference of two readings
// is what the server spent between them.
func (s *benchServer) cpu() (time.Duration, bool) {
	if s.postmaster == 0 {
		return 0, false
	}
	pm, ok := procStat(s.postmaster)
	if !ok {
		return 0, false
	}
	total := pm.cpu + pm.children
	dirs, err := os.ReadDir("/proc")
	if err != nil {
		return 0, false
	}
	for _, d := range dirs {
		pid, err := strconv.Atoi(d.Name())
		if err != nil {
			continue
		}
		if st, ok := procStat(pid); ok && st.ppid == s.postmaster {
			total += st.cpu
		}
	}
	return total, true
}

type stat struct {
	comm          string
	ppid          int
	cpu, children time.Duration // utime+stime; cutime+cstime
}

// procStat reads /proc/PID/stat (proc(5)); times are in clock ticks of
// 1/100 s, USER_HZ on Linux.
func procStat(pid int) (stat, bool) {
	raw, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return stat{}, false
	}
	s := string(raw)
	open, end := strings.IndexByte(s, '('), strings.LastIndexByte(s, ')')
	if open < 0 || end < open {
		return stat{}, false
	}
	f := strings.Fields(s[end+1:]) // f[0] is field 3, state
	if len(f) < 15 {
		return stat{}, false
	}
	n := func(k int) int64 { v, _ := strconv.ParseInt(f[k-3], 10, 64); return v }
	const tick = 10 * time.Millisecond
	return stat{comm: s[open+1 : end], ppid: int(n(4)),
		cpu:      time.Duration(n(14)+n(15)) * tick,
		children: time.Duration(n(16)+n(17)) * tick}, true
}
