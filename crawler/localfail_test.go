package crawler_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/tifa-project/tifa/config"
	"github.com/tifa-project/tifa/internal/tmpfs"
)

// fillDisk leaves about room bytes free on dir's filesystem.
func fillDisk(t *testing.T, dir string, room int64) {
	t.Helper()
	var st syscall.Statfs_t
	if err := syscall.Statfs(dir, &st); err != nil {
		t.Fatal(err)
	}
	free := int64(st.Bavail) * st.Bsize
	if free <= room {
		return
	}
	if err := os.WriteFile(filepath.Join(dir, "filler"), make([]byte, free-room), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestFullDiskStopsTheSource: when the database's disk fills, during
// discovery or while storing articles, the source stops at once with the
// failure named as this machine's (disk_full), no host is paused, and the
// summary fails so that the crawl exits non-zero. Issue 11 item 5.
func TestFullDiskStopsTheSource(t *testing.T) {
	long := strings.Repeat("7", 180) // long URLs fill the frontier's pages fast
	for _, tc := range []struct {
		name  string
		room  int64
		build func(base string) map[string]http.HandlerFunc
		extra string
	}{
		{"during discovery", 64 << 10, func(base string) map[string]http.HandlerFunc {
			return map[string]http.HandlerFunc{
				"/list/": listing(base),
				"/sitemap.xml": func(w http.ResponseWriter, r *http.Request) {
					w.Header().Set("Content-Type", "application/xml")
					io.WriteString(w, `<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">`)
					for i := range 20000 {
						fmt.Fprintf(w, "<url><loc>%s/a/%s%d.html</loc></url>\n", base, long, i)
					}
					io.WriteString(w, "</urlset>")
				},
			}
		}, "    sitemaps: [%s/sitemap.xml]"},
		{"while storing", 3 << 20, func(base string) map[string]http.HandlerFunc {
			var paths []string
			for i := range 200 {
				paths = append(paths, fmt.Sprintf("/a/%d.html", i))
			}
			return map[string]http.HandlerFunc{
				"/list/": listing(base, paths...),
				"/a/": func(w http.ResponseWriter, r *http.Request) {
					w.Header().Set("Content-Type", "text/html; charset=utf-8")
					io.WriteString(w, articleHTML("文章"+r.URL.Path, 300))
				},
			}
		}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			disk := tmpfs.Mount(t, "8m")
			site := newLoopSite(t, "127.0.0.1:0", tc.build)
			extra := tc.extra
			if extra != "" {
				extra = fmt.Sprintf(extra, site.URL)
			}
			cr, cfg, db := loopCrawlerAt(t, loopSource(site, extra), filepath.Join(disk, "tifa.db"))
			cr.HostFailures = 3
			fillDisk(t, disk, tc.room)
			sum := cr.Run(context.Background(), []*config.Source{&cfg.Sources[0]})[0]
			if sum.ErrorKinds["disk_full"] != 1 || sum.Errors != 1 {
				t.Errorf("error kinds %v (%d errors); want exactly one disk_full: the source stops at the first", sum.ErrorKinds, sum.Errors)
			}
			if len(sum.Paused) != 0 {
				t.Errorf("paused %v: a full disk is not the host's failure", sum.Paused)
			}
			if !sum.Failed || !strings.Contains(sum.Reason, "disk_full") || !strings.Contains(sum.Reason, "free disk space") {
				t.Errorf("failed=%v reason %q; want the source failed, saying the disk is full and what to do", sum.Failed, sum.Reason)
			}
			stored, _ := db.ArticleCount(context.Background())
			requested := 0
			for i := range 200 {
				requested += site.count(fmt.Sprintf("/a/%d.html", i))
			}
			if requested > stored+1 {
				t.Errorf("%d article requests for %d stored: the source went on after the disk filled", requested, stored)
			}
			t.Logf("%d stored, %d requested; summary %+v", stored, requested, sum)
		})
	}
}
