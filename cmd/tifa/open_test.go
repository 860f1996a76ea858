package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestPostgresDSNNotYetBuilt: a PostgreSQL URL is refused with a message
// that names the engine and never the password, and no SQLite file named
// like the URL appears.
func TestPostgresDSNNotYetBuilt(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	for _, dsn := range []string{"postgres://tifa:s3cret@db.example/tifa?sslmode=disable", "POSTGRESQL://tifa:s3cret@localhost/tifa"} {
		for _, args := range [][]string{{"crawl", "--db", dsn}, {"report", "--db", dsn}} {
			code, _, stderr := runTifa(t, "", args...)
			if code != 1 || !strings.Contains(stderr, "PostgreSQL engine not built yet") || strings.Contains(stderr, "s3cret") {
				t.Errorf("tifa %s: exit %d, stderr %q; want exit 1 naming the missing engine, without the password", strings.Join(args, " "), code, stderr)
			}
		}
	}
	if left, _ := filepath.Glob(filepath.Join(dir, "*")); len(left) > 0 {
		t.Errorf("files created: %v", left)
	}
	if _, err := os.Stat("postgres:"); err == nil {
		t.Error("a SQLite file was made from the URL")
	}
}
