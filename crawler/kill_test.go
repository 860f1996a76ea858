package crawler_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/tifa-project/tifa"
	"github.com/tifa-project/tifa/config"
	"github.com/tifa-project/tifa/crawler"
	"github.com/tifa-project/tifa/ingest"
	"github.com/tifa-project/tifa/replay"
	"github.com/tifa-project/tifa/sqlite"
)

// TestMain lets the test binary play the crawl that TestKillAndResume kills.
func TestMain(m *testing.M) {
	if db := os.Getenv("TIFA_TEST_CHILD_DB"); db != "" {
		if err := childCrawl(db, os.Getenv("TIFA_TEST_CHILD_ADDR")); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

const killArticles = 24

func killConfig() (*config.Config, error) {
	return config.Parse(strings.NewReader(faultYAML), "kill test")
}

// crawlOnce runs one crawl of the kill test's site into the database at path.
func crawlOnce(ctx context.Context, path, addr string) (crawler.Summary, error) {
	cfg, err := killConfig()
	if err != nil {
		return crawler.Summary{}, err
	}
	db, err := sqlite.Open(ctx, path)
	if err != nil {
		return crawler.Summary{}, err
	}
	defer db.Close()
	tg, err := ingest.NewTagger(cfg, &testSegs)
	if err != nil {
		return crawler.Summary{}, err
	}
	cr := &crawler.Crawler{Config: cfg, DB: db, Transport: replay.TransportTo(addr),
		// Saves grouped as tifa crawl groups them: a kill must still leave
		// each article stored whole or not at all.
		Handler: &ingest.Ingester{Store: &ingest.Grouped{DB: db}, Tagger: tg},
		Logger:  slog.New(slog.NewTextHandler(io.Discard, nil))}
	return cr.Run(ctx, []*config.Source{&cfg.Sources[0]})[0], nil
}

func childCrawl(path, addr string) error {
	_, err := crawlOnce(context.Background(), path, addr)
	return err
}

// The kill site and an uninterrupted crawl of it are shared by the tests
// that compare against it.
var (
	killOnce            sync.Once
	killAddr, killWhole string
	killSiteErr         error
)

// killSite serves killArticles articles (those after killHeld wait while
// killHold is held); article i mentions 新质生产力 i times. It also returns
// the snapshot of an uninterrupted crawl of it.
func killSite(t *testing.T) (string, string) {
	killOnce.Do(func() {
		killAddr = newKillSite(t)
		path := filepath.Join(os.TempDir(), fmt.Sprintf("tifa-whole-%d.db", os.Getpid()))
		defer os.Remove(path)
		defer os.Remove(path + "-wal")
		defer os.Remove(path + "-shm")
		if _, killSiteErr = crawlOnce(context.Background(), path, killAddr); killSiteErr == nil {
			killWhole = dbSnapshot(t, path)
		}
	})
	if killSiteErr != nil {
		t.Fatal(killSiteErr)
	}
	return killAddr, killWhole
}

// killGate holds the kill site's articles after the first killHeld until
// released, so a test that stops a crawl midway finds it midway, however
// fast or slow the machine: never before, never after.
type killGate struct {
	mu   sync.Mutex
	held chan struct{} // nil: open
}

const killHeld = 8

func (g *killGate) hold() {
	g.mu.Lock()
	g.held = make(chan struct{})
	g.mu.Unlock()
}

func (g *killGate) release() {
	g.mu.Lock()
	if g.held != nil {
		close(g.held)
		g.held = nil
	}
	g.mu.Unlock()
}

// wait blocks while the gate is held, or until the client goes away.
func (g *killGate) wait(r *http.Request) bool {
	g.mu.Lock()
	held := g.held
	g.mu.Unlock()
	if held == nil {
		return true
	}
	select {
	case <-held:
		return true
	case <-r.Context().Done():
		return false
	}
}

var killHold killGate

func newKillSite(t *testing.T) string {
	var articles []string
	handlers := map[string]http.HandlerFunc{}
	for i := 1; i <= killArticles; i++ {
		p := fmt.Sprintf("/a/%d.html", i)
		articles = append(articles, p)
		handlers[p] = func(w http.ResponseWriter, r *http.Request) {
			if i > killHeld && !killHold.wait(r) {
				return
			}
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			io.WriteString(w, articleHTML(fmt.Sprintf("第%d篇", i), i))
		}
	}
	return newFaultServerAddr(articles, handlers)
}

// TestKillAndResume kills a crawl (a child process, SIGKILL) once some
// articles are stored, runs it again, and checks the result equals an
// uninterrupted crawl's: nothing lost, nothing counted twice.
func TestKillAndResume(t *testing.T) {
	addr, want := killSite(t)
	ctx := context.Background()
	dir := t.TempDir()
	killed := filepath.Join(dir, "killed.db")
	killHold.hold()
	defer killHold.release()

	child := exec.Command(os.Args[0], "-test.run=^$")
	child.Env = append(os.Environ(), "TIFA_TEST_CHILD_DB="+killed, "TIFA_TEST_CHILD_ADDR="+addr)
	child.Stderr = os.Stderr
	if err := child.Start(); err != nil {
		t.Fatal(err)
	}
	// The child loads the dictionary and the lexicon before it stores
	// anything, which under -race on a busy machine takes minutes: wait for
	// the articles, for the child's end, or for the test's own deadline,
	// never for a fixed wall-clock time.
	exited := make(chan error, 1)
	go func() { exited <- child.Wait() }()
	var deadline <-chan time.Time
	if d, ok := t.Deadline(); ok {
		deadline = time.After(time.Until(d) - 30*time.Second)
	}
	stored := 0
wait:
	for stored < 5 {
		select {
		case err := <-exited:
			t.Fatalf("the crawl ended by itself (%v) after %d articles, before it could be killed", err, countArticles(ctx, killed))
		case <-deadline:
			break wait
		case <-time.After(20 * time.Millisecond):
			stored = countArticles(ctx, killed)
		}
	}
	child.Process.Signal(syscall.SIGKILL)
	<-exited
	if stored < 5 || stored > killHeld {
		t.Fatalf("killed after %d of %d articles; want 5 to %d, the gate holds the rest", stored, killArticles, killHeld)
	}
	t.Logf("killed after %d articles", countArticles(ctx, killed))
	killHold.release()

	sum, err := crawlOnce(ctx, killed, addr)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Failed || sum.Errors != 0 || sum.Pending != 0 {
		t.Errorf("resumed crawl: %+v", sum)
	}
	if got := dbSnapshot(t, killed); got != want {
		t.Errorf("killed and resumed crawl differs from an uninterrupted one:\ngot  %s\nwant %s", got, want)
	}
	// Article i mentions the term i times (title excluded): 1+2+…+24, less
	// article 10, which the fault server's robots.txt disallows.
	if !strings.Contains(want, fmt.Sprintf("stored=%d new-quality-productive-forces/faulty/2024-05-10 mentions=%d articles=%d",
		killArticles-1, killArticles*(killArticles+1)/2-10, killArticles-1)) {
		t.Errorf("uninterrupted crawl counts: %s", want)
	}
}

func countArticles(ctx context.Context, path string) int {
	if _, err := os.Stat(path); err != nil {
		return 0
	}
	db, err := sqlite.OpenReadOnly(ctx, path)
	if err != nil {
		return 0
	}
	defer db.Close()
	n, _ := db.ArticleCount(ctx)
	return n
}

func dbSnapshot(t *testing.T, path string) string {
	t.Helper()
	db, err := sqlite.OpenReadOnly(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	days, err := db.TermDays(context.Background(), tifa.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	n, _ := db.ArticleCount(context.Background())
	var b strings.Builder
	fmt.Fprintf(&b, "stored=%d", n)
	for _, d := range days {
		fmt.Fprintf(&b, " %s/%s/%s mentions=%d articles=%d", d.Term, d.Source, d.Day, d.Mentions, d.Articles)
	}
	return b.String()
}

// TestInterruptedCrawl: a crawl whose context ends (SIGINT, SIGTERM) stops,
// says so, leaves the article in flight stored or not at all, and the next
// run completes the crawl with the same counts as an uninterrupted one.
func TestInterruptedCrawl(t *testing.T) {
	addr, want := killSite(t)
	path := filepath.Join(t.TempDir(), "interrupted.db")
	ctx, cancel := context.WithCancel(context.Background())
	killHold.hold()
	defer killHold.release()
	go func() {
		for countArticles(context.Background(), path) < 3 {
			time.Sleep(10 * time.Millisecond)
		}
		cancel()
	}()
	sum, err := crawlOnce(ctx, path, addr)
	if err != nil {
		t.Fatal(err)
	}
	killHold.release()
	if sum.Reason != "interrupted" || sum.Errors != 0 || sum.New >= killArticles-1 {
		t.Errorf("interrupted crawl: %+v; want reason interrupted, no errors, not every article", sum)
	}
	if _, err := crawlOnce(context.Background(), path, addr); err != nil {
		t.Fatal(err)
	}
	if got := dbSnapshot(t, path); got != want {
		t.Errorf("interrupted and resumed crawl differs:\ngot  %s\nwant %s", got, want)
	}
}
