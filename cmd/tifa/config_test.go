package main

import (
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestCrawlRefusesConfigThatWouldCrash: an empty host used to panic in the
// crawler and max_pages: -5 to fetch nothing and exit 0; both are refused
// before anything is fetched, at the file's line and field.
func TestCrawlRefusesConfigThatWouldCrash(t *testing.T) {
	for _, tt := range []struct{ name, hosts, extra, want string }{
		{"empty host", `["", 127.0.0.1]`, "", ":4: sources[0].hosts[0]: empty host"},
		{"negative max_pages", `[127.0.0.1]`, "    max_pages: -5\n", ":6: sources[0].max_pages: -5 would fetch nothing"},
		{"delay without unit", `[127.0.0.1]`, "    delay: 2\n", `:6: sources[0].delay: "2" has no unit: write 2s, 2m or 2h (e.g. 30m, 3h)`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			cfg := filepath.Join(dir, "tifa.yaml")
			os.WriteFile(cfg, []byte(`sources:
  - id: local
    start: [http://127.0.0.1:9/]
    hosts: `+tt.hosts+`
    article: ['^http://127\.0\.0\.1:9/a/']
`+tt.extra+`terms:
  - id: nqpf
    zh: [新质生产力]
`), 0o644)
			db := filepath.Join(dir, "tifa.db")
			code, _, stderr := runTifa(t, "", "crawl", "--config", cfg, "--db", db)
			if code == 0 || !strings.Contains(stderr, cfg+tt.want) {
				t.Errorf("exit %d, stderr %q; want non-zero and %q", code, stderr, cfg+tt.want)
			}
			if _, err := os.Stat(db); err == nil {
				t.Error("the database was created for a configuration that was refused")
			}
		})
	}
}

// TestCrawlLeavesAnotherApplicationsFileAlone: crawl --db on another
// application's SQLite file fails, naming it, and adds no table to it.
func TestCrawlLeavesAnotherApplicationsFileAlone(t *testing.T) {
	path := filepath.Join(t.TempDir(), "photos.db")
	sdb, err := sql.Open("sqlite3", path)
	if err != nil {
		t.Fatal(err)
	}
	defer sdb.Close()
	if _, err := sdb.Exec(`CREATE TABLE photos (id INTEGER PRIMARY KEY, name TEXT)`); err != nil {
		t.Fatal(err)
	}
	code, _, stderr := runTifa(t, "", "crawl", "--db", path, "--source", "xinhua")
	if code == 0 || !strings.Contains(stderr, path) || !strings.Contains(stderr, "not a tifa database") {
		t.Errorf("crawl on another application's file: exit %d, stderr %q; want non-zero, naming it", code, stderr)
	}
	var n int
	if err := sdb.QueryRow(`SELECT COUNT(*) FROM sqlite_master WHERE type = 'table'`).Scan(&n); err != nil || n != 1 {
		t.Errorf("the file holds %d tables (%v), want its one", n, err)
	}
}
