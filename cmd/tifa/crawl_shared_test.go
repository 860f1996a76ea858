package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/tifa-project/tifa/postgres"
)

// TestTifaProcess is not a test: run as a child of the test binary with
// TIFA_TEST_ARGS set, it is the tifa command, so a test can start several
// real processes without building a binary.
func TestTifaProcess(t *testing.T) {
	args := os.Getenv("TIFA_TEST_ARGS")
	if args == "" {
		t.Skip("the tifa command for the multi-process tests; runs only as their child")
	}
	os.Exit(run(context.Background(), strings.Split(args, "\x1f"), os.Stdin, os.Stdout, os.Stderr))
}

// tifaProcess is the tifa command args as a process of its own, in dir.
func tifaProcess(t *testing.T, dir string, args ...string) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestTifaProcess$")
	cmd.Env = append(os.Environ(), "TIFA_TEST_ARGS="+strings.Join(args, "\x1f"))
	cmd.Dir = dir
	return cmd
}

// TestCrawlProcessesShareAPostgreSQLFrontier: three tifa crawl processes
// started at once against one PostgreSQL database cooperate as workers:
// every article is fetched by one of them and stored once, the requests to
// the host keep the source's delay across all three, and the counts equal
// those of one crawl of the same site into a SQLite file. The site has
// faults (constructed): /a/3.html answers 503 once, /a/5.html 429 with
// Retry-After: 1 once; no URL is fetched again but for those retries, and
// after the 429 no worker sends for the second it asked. (A page that
// always fails would make whichever worker draws it judge the source
// unhealthy on its few requests, and exit 1, though the round as a whole
// is healthy: health judges each worker's run alone.)
func TestCrawlProcessesShareAPostgreSQLFrontier(t *testing.T) {
	pg := testPostgres(t)
	const articles, workers = 12, 3
	delay := 200 * time.Millisecond
	var mu sync.Mutex
	hits := map[string]int{}
	var times []time.Time
	mux := http.NewServeMux()
	mux.HandleFunc("/robots.txt", http.NotFound)
	mux.HandleFunc("/list/", func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		hits[r.URL.Path]++
		times = append(times, time.Now())
		mu.Unlock()
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		io.WriteString(w, "<html><body>")
		for i := range articles {
			fmt.Fprintf(w, `<a href="/a/%d.html">%d</a>`, i+1, i+1)
		}
		io.WriteString(w, "</body></html>")
	})
	var limited time.Time
	mux.HandleFunc("/a/", func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		hits[r.URL.Path]++
		times = append(times, time.Now())
		nth := hits[r.URL.Path]
		if r.URL.Path == "/a/5.html" && nth == 1 {
			limited = time.Now()
		}
		mu.Unlock()
		switch {
		case r.URL.Path == "/a/3.html" && nth == 1:
			http.Error(w, "busy", http.StatusServiceUnavailable)
			return
		case r.URL.Path == "/a/5.html" && nth == 1:
			w.Header().Set("Retry-After", "1")
			http.Error(w, "slow down", http.StatusTooManyRequests)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, `<html lang="zh-CN"><head><meta charset="utf-8"><title>%s</title><meta name="publishdate" content="2024-05-1%c"></head><body><article><h1>%s</h1>`,
			r.URL.Path, r.URL.Path[3], r.URL.Path)
		for range 3 + len(r.URL.Path)%4 {
			io.WriteString(w, "<p>各地因地制宜发展新质生产力，推动产业升级，记者在调研中看到许多企业加快技术改造和设备更新的步伐。</p>")
		}
		io.WriteString(w, "</article></body></html>")
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	cfgPath := filepath.Join(t.TempDir(), "tifa.yaml")
	if err := os.WriteFile(cfgPath, []byte(fmt.Sprintf(`
sources:
  - id: loop
    start: [%s/list/]
    hosts: [127.0.0.1]
    article: ['^http://%s/a/\d+\.html$']
    delay: %dms
terms:
  - id: new-quality-productive-forces
    zh: [新质生产力]
`, srv.URL, regexp.QuoteMeta(srv.Listener.Addr().String()), delay.Milliseconds())), 0o644); err != nil {
		t.Fatal(err)
	}

	procs := make([]*exec.Cmd, workers)
	outs := make([]strings.Builder, workers)
	errs := make([]strings.Builder, workers)
	for i := range procs {
		procs[i] = tifaProcess(t, t.TempDir(), "crawl", "--config", cfgPath, "--db", pg, "--timeout", "3m")
		procs[i].Stdout, procs[i].Stderr = &outs[i], &errs[i]
		if err := procs[i].Start(); err != nil {
			t.Fatal(err)
		}
	}
	newSum := 0
	newRe := regexp.MustCompile(`\bnew=(\d+)`)
	for i, p := range procs {
		if err := p.Wait(); err != nil {
			t.Errorf("worker %d: %v\nstdout: %s\nstderr: %s", i, err, outs[i].String(), errs[i].String())
		}
		m := newRe.FindStringSubmatch(outs[i].String())
		if m == nil {
			t.Errorf("worker %d printed no summary: %q", i, outs[i].String())
			continue
		}
		var n int
		fmt.Sscan(m[1], &n)
		newSum += n
	}
	const stored = articles
	if newSum != stored {
		t.Errorf("the workers stored %d new articles between them, want %d", newSum, stored)
	}
	ctx := context.Background()
	db, err := postgres.OpenReadOnly(ctx, pg)
	if err != nil {
		t.Fatal(err)
	}
	n, err := db.ArticleCount(ctx)
	db.Close()
	if n != stored || err != nil {
		t.Errorf("%d articles stored (%v), want %d", n, err, stored)
	}
	mu.Lock()
	for i := range articles {
		p := fmt.Sprintf("/a/%d.html", i+1)
		want := map[string]int{"/a/3.html": 2, "/a/5.html": 2}[p] // a fault, then the retry
		if want == 0 {
			want = 1
		}
		if hits[p] != want {
			t.Errorf("%s fetched %d times, want %d by one worker", p, hits[p], want)
		}
	}
	// A host's turn is held from take to answer and the next opens a delay
	// after the answer, so every two requests to the host, of any workers,
	// are at least the delay apart, however late a stalled worker sends
	// after taking its turn.
	slices.SortFunc(times, func(a, b time.Time) int { return a.Compare(b) })
	minGap := time.Hour
	for i := 1; i < len(times); i++ {
		gap := times[i].Sub(times[i-1])
		minGap = min(minGap, gap)
		if gap < delay {
			t.Errorf("requests %d and %d to the host %v apart, want at least the %v delay across all workers", i, i+1, gap, delay)
		}
	}
	requests := len(times)
	// The 429's Retry-After holds the host for every worker before its
	// worker's turn ends: the next request of any comes a second later.
	afterLimit := time.Duration(0)
	for _, at := range times {
		if at.After(limited) {
			afterLimit = at.Sub(limited)
			break
		}
	}
	if afterLimit < 950*time.Millisecond {
		t.Errorf("the next request came %v after the 429 asking for 1 s, from some worker", afterLimit)
	}
	// Started together, the three crawls are one round: one of them reads
	// the listing, the others fetch what it queued.
	if hits["/list/"] != 1 {
		t.Errorf("the listing was read %d times by %d workers started together, want once a round", hits["/list/"], workers)
	}
	mu.Unlock()
	deferred := 0
	for i := range outs {
		if strings.Contains(outs[i].String(), " listings_by=") {
			deferred++
		}
	}
	if deferred != workers-1 {
		t.Errorf("%d workers say another read the listings, want %d:\n%s%s%s", deferred, workers-1, outs[0].String(), outs[1].String(), outs[2].String())
	}
	t.Logf("%d workers: %d requests (%d listings), every article fetched once but for the faults' retries, min gap %v (delay %v), next request %v after the 429", workers, requests, hits["/list/"], minGap, delay, afterLimit)

	// One crawl of the same site into a SQLite file counts the same.
	lite := filepath.Join(t.TempDir(), "one.db")
	if code, out, stderr := runTifa(t, "", "crawl", "--config", cfgPath, "--db", lite); code != 0 {
		t.Fatalf("crawl into SQLite: exit %d\n%s\n%s", code, out, stderr)
	}
	for _, args := range [][]string{{"export", "csv", "--by", "day"}, {"report", "--by", "day"}} {
		_, a, _ := runTifa(t, "", append(args, "--config", cfgPath, "--db", lite)...)
		_, b, stderr := runTifa(t, "", append(args, "--config", cfgPath, "--db", pg)...)
		if a != b || a == "" {
			t.Errorf("tifa %s: SQLite's single crawl and the PostgreSQL workers' differ (%s):\n%s\n----\n%s", strings.Join(args, " "), stderr, a, b)
		}
	}
}

// TestKilledCrawlProcessLeavesNothingBehind: of three tifa crawl processes
// sharing a PostgreSQL frontier, one is killed with SIGKILL while it
// fetches an article. Its URL is never half stored; the other two wait for
// its lease to run out and take the URL over in the same run, well within
// 90 s, and every article is stored once.
func TestKilledCrawlProcessLeavesNothingBehind(t *testing.T) {
	pg := testPostgres(t)
	if testing.Short() {
		t.Skip("waits out a killed worker's host turn and lease, about 10 s")
	}
	const articles, workers, held = 12, 3, "/a/6.html"
	// Short, so the test waits seconds, not the half minute of the
	// defaults: the dead worker's host turn lapses fetch timeout + 2 s
	// after it took it, its lease a lease after its last renewal.
	const fetchTimeout, lease = "5s", "3s"
	var mu sync.Mutex
	hits := map[string]int{}
	var takenOver time.Time
	holding := make(chan string, 1)
	release := make(chan struct{})
	mux := http.NewServeMux()
	mux.HandleFunc("/robots.txt", http.NotFound)
	mux.HandleFunc("/list/", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		io.WriteString(w, "<html><body>")
		for i := range articles {
			fmt.Fprintf(w, `<a href="/a/%d.html">%d</a>`, i+1, i+1)
		}
		io.WriteString(w, "</body></html>")
	})
	mux.HandleFunc("/a/", func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		hits[r.URL.Path]++
		first := hits[r.URL.Path] == 1
		if r.URL.Path == held && hits[r.URL.Path] == 2 {
			takenOver = time.Now()
		}
		mu.Unlock()
		if r.URL.Path == held && first {
			// Keep the fetch in flight until its worker is killed.
			holding <- r.UserAgent()
			select {
			case <-release:
			case <-r.Context().Done():
			}
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, `<html lang="zh-CN"><head><meta charset="utf-8"><title>%s</title><meta name="publishdate" content="2024-05-10"></head><body><article><h1>%s</h1>`, r.URL.Path, r.URL.Path)
		for range 4 {
			io.WriteString(w, "<p>各地因地制宜发展新质生产力，推动产业升级，记者在调研中看到许多企业加快技术改造和设备更新的步伐。</p>")
		}
		io.WriteString(w, "</article></body></html>")
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	// One configuration per worker, differing only in the user agent, so
	// the server knows whose fetch it holds.
	cfgOf := func(i int) string {
		path := filepath.Join(t.TempDir(), "tifa.yaml")
		if err := os.WriteFile(path, []byte(fmt.Sprintf(`
user_agent: tifa-test-worker-%d
sources:
  - id: loop
    start: [%s/list/]
    hosts: [127.0.0.1]
    article: ['^http://%s/a/\d+\.html$']
    delay: 20ms
terms:
  - id: new-quality-productive-forces
    zh: [新质生产力]
`, i, srv.URL, regexp.QuoteMeta(srv.Listener.Addr().String()))), 0o644); err != nil {
			t.Fatal(err)
		}
		return path
	}
	procs := make([]*exec.Cmd, workers)
	errs := make([]strings.Builder, workers)
	for i := range procs {
		procs[i] = tifaProcess(t, t.TempDir(), "crawl", "--config", cfgOf(i), "--db", pg, "--timeout", "3m",
			"--fetch-timeout", fetchTimeout, "--lease", lease)
		procs[i].Stderr = &errs[i]
		if err := procs[i].Start(); err != nil {
			t.Fatal(err)
		}
	}
	var ua string
	select {
	case ua = <-holding:
	case <-time.After(3 * time.Minute):
		t.Fatalf("no worker fetched %s", held)
	}
	var killed int
	if _, err := fmt.Sscanf(ua, "tifa-test-worker-%d", &killed); err != nil || killed < 0 || killed >= workers {
		t.Fatalf("the held fetch came with user agent %q", ua)
	}
	if err := procs[killed].Process.Kill(); err != nil {
		t.Fatal(err)
	}
	killedAt := time.Now()
	procs[killed].Wait()
	close(release)
	for i, p := range procs {
		if i == killed {
			continue
		}
		if err := p.Wait(); err != nil {
			t.Errorf("worker %d: %v\nstderr: %s", i, err, errs[i].String())
		}
	}

	ctx := context.Background()
	conn, err := pgx.Connect(ctx, pg)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	count := func(q string) int {
		t.Helper()
		var n int
		if err := conn.QueryRow(ctx, q).Scan(&n); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		return n
	}
	if n := count(`SELECT count(*) FROM articles`); n != articles {
		t.Errorf("%d articles stored once the others finished, want all %d: the killed worker's URL taken over in the same run", n, articles)
	}
	if n := count(`SELECT count(*) FROM articles WHERE url LIKE '%` + held + `'`); n != 1 {
		t.Errorf("the killed worker's article is stored %d times, want once, by the worker that took it over", n)
	}
	if n := count(`SELECT count(*) FROM frontier WHERE leased_to <> '' OR lease_until IS NOT NULL`); n != 0 {
		t.Errorf("%d leases left after the workers finished", n)
	}
	mu.Lock()
	defer mu.Unlock()
	for i := range articles {
		p := fmt.Sprintf("/a/%d.html", i+1)
		want := 1
		if p == held {
			want = 2 // the killed worker's fetch, and the one that took over
		}
		if hits[p] != want {
			t.Errorf("%s fetched %d times, want %d", p, hits[p], want)
		}
	}
	if takenOver.IsZero() {
		t.Fatalf("nobody took %s over", held)
	}
	took := takenOver.Sub(killedAt)
	if took > 90*time.Second {
		t.Errorf("the killed worker's URL was taken over %v after the kill, want within 90 s", took)
	}
	t.Logf("worker %d killed while fetching %s; taken over %v after the kill (fetch timeout %s, lease %s); every article stored once", killed, held, took.Round(time.Millisecond), fetchTimeout, lease)
}
