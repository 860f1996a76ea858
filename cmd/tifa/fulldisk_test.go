//go:build linux

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
	"regexp"
	"strings"
	"testing"

	_ "github.com/mattn/go-sqlite3"

	"github.com/tifa-project/tifa/internal/tmpfs"
)

// diskSite is a loopback news site: a list page linking n articles of
// about 7 KB of text that gzip does not shrink much.
func diskSite(t *testing.T, n int) *httptest.Server {
	t.Helper()
	han := []rune("发展新质生产力推动高质量经济社会改革开放科技创新产业升级区域协调绿色转型民生保障")
	mux := http.NewServeMux()
	mux.HandleFunc("/list/", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, "<html><body>")
		for i := range n {
			fmt.Fprintf(w, `<a href="/a/%d.html">文章%d</a>`, i, i)
		}
		fmt.Fprint(w, "</body></html>")
	})
	mux.HandleFunc("/a/", func(w http.ResponseWriter, r *http.Request) {
		var i int
		if _, err := fmt.Sscanf(r.URL.Path, "/a/%d.html", &i); err != nil || i >= n {
			http.NotFound(w, r)
			return
		}
		rng := rand.New(rand.NewPCG(uint64(i), 7))
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, `<!DOCTYPE html><html><head><meta charset="utf-8"><title>第%d篇 新质生产力</title>`+
			`<meta name="publishdate" content="2024-05-10"></head><body><article><h1>第%d篇 新质生产力</h1>`, i, i)
		for range 20 {
			p := make([]rune, 120)
			for j := range p {
				p[j] = han[rng.IntN(len(han))]
			}
			fmt.Fprintf(w, "<p>新质生产力%s。</p>\n", string(p))
		}
		fmt.Fprint(w, "</article></body></html>")
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

func diskConfig(t *testing.T, srvURL, archiveDir string) string {
	t.Helper()
	re := "https?" + regexp.QuoteMeta(strings.TrimPrefix(srvURL, "http"))
	yaml := fmt.Sprintf(`sources:
  - id: site
    start: [%s/list/]
    hosts: [127.0.0.1]
    article: ['^%s/a/\d+\.html$']
    delay: 1ms
    max_pages: 1000
terms:
  - id: new-quality-productive-forces
    zh: [新质生产力]
archive:
  dir: %s
`, srvURL, re, archiveDir)
	p := filepath.Join(t.TempDir(), "tifa.yaml")
	if err := os.WriteFile(p, []byte(yaml), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestCrawlFullDisk crawls with the archive and the database on a small
// filesystem that fills during the crawl, frees it, crawls again and
// reprocesses the whole archive into a fresh database: the first crawl says
// the disk is full and exits 1, no record is lost (every article is in the
// archive and reads back), and the database is whole.
func TestCrawlFullDisk(t *testing.T) {
	const n = 40
	srv := diskSite(t, n)
	disk := tmpfs.Mount(t, "16m") // the crawl needs about 2 MB, and SQLite's WAL up to 4 MB more
	filler := filepath.Join(disk, "filler")
	full := tmpfs.Fill(t, filler)
	if err := os.Truncate(filler, full-(1<<20)); err != nil { // 1 MiB left: part of the site
		t.Fatal(err)
	}
	cfgPath := diskConfig(t, srv.URL, filepath.Join(disk, "archive"))
	db := filepath.Join(disk, "tifa.db")

	code, out, stderr := runTifa(t, "", "crawl", "--config", cfgPath, "--db", db)
	t.Logf("crawl on a full disk: exit %d\n%s", code, out)
	if code != 1 || !strings.Contains(out, "disk_full") {
		t.Errorf("crawl on a full disk: exit %d, want 1 and the failure counted as disk_full\n%s\n%s", code, out, lastLines(stderr, 5))
	}
	if strings.Contains(out, "network") || strings.Contains(out, "paused=") {
		t.Errorf("a full disk was taken for the site's failure:\n%s", out)
	}

	if err := os.Remove(filler); err != nil {
		t.Fatal(err)
	}
	code, out, stderr = runTifa(t, "", "crawl", "--config", cfgPath, "--db", db)
	t.Logf("crawl again: exit %d\n%s", code, out)
	if code != 0 {
		t.Fatalf("crawl after freeing the disk: exit %d\n%s\n%s", code, out, lastLines(stderr, 5))
	}
	if got := articles(t, db); got != n {
		t.Errorf("crawl database: %d articles, want %d", got, n)
	}
	fresh := filepath.Join(t.TempDir(), "fresh.db")
	code, out, stderr = runTifa(t, "", "reprocess", "--config", cfgPath, "--db", fresh)
	if want := fmt.Sprintf("articles=%d new=%d", n, n); code != 0 || !strings.Contains(out, want) || strings.Contains(out, "damaged") {
		t.Errorf("reprocess: exit %d, %s; want %s and nothing damaged\n%s", code, strings.TrimSpace(out), want, lastLines(stderr, 5))
	}
}

// articles counts the articles of the database at path, after SQLite's own
// check of the file.
func articles(t *testing.T, path string) int {
	t.Helper()
	db, err := sql.Open("sqlite3", "file:"+path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var ok string
	if err := db.QueryRowContext(context.Background(), "PRAGMA integrity_check").Scan(&ok); err != nil || ok != "ok" {
		t.Errorf("integrity_check: %q, %v", ok, err)
	}
	var n int
	if err := db.QueryRowContext(context.Background(), "SELECT count(*) FROM articles").Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return strings.Join(lines[max(0, len(lines)-n):], "\n")
}
