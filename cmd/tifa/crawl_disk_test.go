package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"

	"github.com/tifa-project/tifa/internal/tmpfs"
	"github.com/tifa-project/tifa/sqlite"
)

// TestCrawlOnAFullDiskExitsNonZero: cron must see a crawl whose database
// disk filled: exit 1, the source FAILED with the disk named, nothing
// blamed on the site. Issue 11 item 5.
func TestCrawlOnAFullDiskExitsNonZero(t *testing.T) {
	disk := tmpfs.Mount(t, "8m")
	mux := http.NewServeMux()
	srv := httptest.NewServer(mux)
	defer srv.Close()
	mux.HandleFunc("/list/", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		io.WriteString(w, "<html><body>")
		for i := range 100 {
			fmt.Fprintf(w, `<a href="/a/%d.html">%d</a>`, i, i)
		}
		io.WriteString(w, "</body></html>")
	})
	mux.HandleFunc("/a/", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, `<html><head><meta charset="utf-8"><title>%s</title></head><body><article><h1>%s</h1>`, r.URL.Path, r.URL.Path)
		for range 300 {
			io.WriteString(w, "<p>各地因地制宜发展新质生产力，推动产业升级，记者在调研中看到许多企业加快技术改造和设备更新的步伐。</p>")
		}
		io.WriteString(w, "</article></body></html>")
	})
	addr := regexp.QuoteMeta(srv.Listener.Addr().String())
	cfgPath := filepath.Join(t.TempDir(), "tifa.yaml")
	os.WriteFile(cfgPath, []byte(fmt.Sprintf(`
sources:
  - id: loop
    start: [%s/list/]
    hosts: [127.0.0.1]
    article: ['^https?://%s/a/\d+\.html$']
    delay: 1ms
terms:
  - id: new-quality-productive-forces
    zh: [新质生产力]
`, srv.URL, addr)), 0o644)
	dbPath := filepath.Join(disk, "tifa.db")
	db, err := sqlite.Open(context.Background(), dbPath)
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	var st syscall.Statfs_t
	syscall.Statfs(disk, &st)
	os.WriteFile(filepath.Join(disk, "filler"), make([]byte, int64(st.Bavail)*st.Bsize-(1<<20)), 0o644)

	code, stdout, stderr := runTifa(t, "", "crawl", "--config", cfgPath, "--db", dbPath)
	if code != 1 || !strings.Contains(stdout, "FAILED: stopped at once by a failure on this machine") || !strings.Contains(stdout, "disk_full=1") {
		t.Errorf("exit %d, stdout %q, stderr %q; want 1 and the source FAILED with one disk_full", code, stdout, stderr)
	}
	if strings.Contains(stdout, "network") || strings.Contains(stdout, "paused=") {
		t.Errorf("stdout %q: a full disk is not the site's failure", stdout)
	}
}
