package main

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// damagedDemo copies the demo database and writes random bytes over the
// root page of an index no report reads, so only a check finds it.
func damagedDemo(t *testing.T) string {
	t.Helper()
	good := demoDB(t)
	sdb, err := sql.Open("sqlite3", "file:"+good+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	var page int
	err = sdb.QueryRow(`SELECT rootpage FROM sqlite_master WHERE name = 'articles_source_day'`).Scan(&page)
	sdb.Close()
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(good)
	if err != nil {
		t.Fatal(err)
	}
	r := rand.New(rand.NewPCG(1, 2))
	for i := (page - 1) * 4096; i < page*4096; i++ {
		data[i] = byte(r.Uint32())
	}
	bad := filepath.Join(t.TempDir(), "damaged.db")
	if err := os.WriteFile(bad, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return bad
}

// TestDamagedDatabaseFailsEveryCommand: a database with random bytes in a
// page makes report, crawl and serve fail, and tifa check says what is
// wrong, where they all used to exit 0.
func TestDamagedDatabaseFailsEveryCommand(t *testing.T) {
	bad := damagedDemo(t)
	site := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, `<html><body><a href="/a/1.html">1</a></body></html>`)
	}))
	defer site.Close()
	cfg := filepath.Join(t.TempDir(), "tifa.yaml")
	os.WriteFile(cfg, []byte(fmt.Sprintf(`sources:
  - id: local
    start: [%s/]
    hosts: [127.0.0.1]
    article: ['^%s/a/\d+\.html$']
    delay: 0s
terms:
  - id: nqpf
    zh: [新质生产力]
`, site.URL, strings.ReplaceAll(site.URL, ".", `\.`))), 0o644)

	for _, args := range [][]string{
		{"report", "--db", bad},
		{"crawl", "--db", bad, "--config", cfg},
	} {
		code, _, stderr := runTifa(t, "", args...)
		if code == 0 || !strings.Contains(stderr, bad) || !strings.Contains(stderr, "tifa check") {
			t.Errorf("tifa %s on a damaged database: exit %d, stderr %q; want non-zero, naming the file and tifa check", args[0], code, stderr)
		}
	}

	// serve either fails at once or prints its address; which comes first
	// is decided by the open, not by time.
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var errb syncBuffer
	out := &firstWrite{c: make(chan struct{})}
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, []string{"serve", "--db", bad, "--addr", "127.0.0.1:0"}, strings.NewReader(""), out, &errb)
	}()
	select {
	case code := <-done:
		if code == 0 || !strings.Contains(errb.String(), "tifa check") {
			t.Errorf("serve on a damaged database: exit %d, stderr %q; want non-zero and tifa check", code, errb.String())
		}
	case <-out.c:
		cancel()
		<-done
		t.Errorf("serve on a damaged database started")
	}
	code, stdout, _ := runTifa(t, "", "check", "--db", bad)
	if code != 1 || !strings.Contains(stdout, "integrity:") || !strings.Contains(stdout, "what to do:") {
		t.Errorf("check of a damaged database: exit %d, stdout %q; want 1, the integrity problem and what to do", code, stdout)
	}
}

// TestCheckAndRepair: a sound database checks ok; aggregates knocked out
// of step are found, and --repair puts them back.
func TestCheckAndRepair(t *testing.T) {
	db := demoDB(t)
	if code, out, stderr := runTifa(t, "", "check", "--db", db); code != 0 || !strings.Contains(out, ": ok") {
		t.Fatalf("check of the demo: exit %d, %q %q; want 0 and ok", code, out, stderr)
	}
	sdb, err := sql.Open("sqlite3", db)
	if err != nil {
		t.Fatal(err)
	}
	_, err = sdb.Exec(`UPDATE daily_terms SET mentions = mentions + 5 WHERE (term, source, day) = (SELECT term, source, day FROM daily_terms LIMIT 1)`)
	if err == nil {
		// An article whose lexicon record is lost would never be retagged.
		_, err = sdb.Exec(`DELETE FROM article_lexicon WHERE article_id = (SELECT MIN(id) FROM articles)`)
	}
	sdb.Close()
	if err != nil {
		t.Fatal(err)
	}
	code, out, _ := runTifa(t, "", "check", "--db", db)
	if code != 1 || !strings.Contains(out, "daily term counts differ") || !strings.Contains(out, "1 articles have no record of the lexicon") ||
		!strings.Contains(out, "tifa check --db "+db+" --repair") {
		t.Errorf("check after tampering: exit %d, %q; want 1, the aggregates and the lexicon record named and --repair suggested", code, out)
	}
	if code, out, stderr := runTifa(t, "", "check", "--db", db, "--repair"); code != 0 || !strings.Contains(out, "rebuilt") || !strings.Contains(out, ": ok") {
		t.Errorf("check --repair: exit %d, %q %q; want 0, rebuilt and ok", code, out, stderr)
	}
}

// firstWrite closes c when something is first written to it.
type firstWrite struct {
	c    chan struct{}
	once sync.Once
}

func (f *firstWrite) Write(p []byte) (int, error) {
	f.once.Do(func() { close(f.c) })
	return len(p), nil
}

// TestCheckUnreadableSchema: when random bytes hit the schema itself no
// check can run; tifa check says so and what to do, instead of sending the
// user back to tifa check.
func TestCheckUnreadableSchema(t *testing.T) {
	data, err := os.ReadFile(demoDB(t))
	if err != nil {
		t.Fatal(err)
	}
	r := rand.New(rand.NewPCG(3, 4))
	for i := 100; i < 4096; i++ { // page 1 past the file header: sqlite_master
		data[i] = byte(r.Uint32())
	}
	bad := filepath.Join(t.TempDir(), "schema.db")
	if err := os.WriteFile(bad, data, 0o644); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr := runTifa(t, "", "check", "--db", bad)
	if code != 1 || !strings.Contains(stdout, "damaged beyond checking") || !strings.Contains(stdout, "restore the file from a backup") {
		t.Errorf("check of a database whose schema is unreadable: exit %d, stdout %q, stderr %q; want 1 and what to do", code, stdout, stderr)
	}
}
