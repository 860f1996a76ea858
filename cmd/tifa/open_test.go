package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestPostgresDSNUnreachable: a PostgreSQL URL selects PostgreSQL; a
// server that is not there fails with a message that never shows the
// password, and no SQLite file named like the URL appears.
func TestPostgresDSNUnreachable(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	for _, dsn := range []string{"postgres://tifa:s3cret@127.0.0.1:1/tifa?sslmode=disable&connect_timeout=5", "POSTGRESQL://tifa:s3cret@127.0.0.1:1/tifa?connect_timeout=5"} {
		for _, args := range [][]string{{"crawl", "--db", dsn}, {"report", "--db", dsn}, {"check", "--db", dsn}} {
			code, _, stderr := runTifa(t, "", args...)
			if code != 1 || !strings.Contains(stderr, "127.0.0.1") || strings.Contains(stderr, "s3cret") {
				t.Errorf("tifa %s: exit %d, stderr %q; want exit 1 naming the server, without the password", strings.Join(args, " "), code, stderr)
			}
		}
	}
	code, _, stderr := runTifa(t, "", "check", "--db", "postgres://tifa:s3cret@127.0.0.1:1/tifa")
	if code != 1 || !strings.Contains(stderr, "needs a SQLite file") {
		t.Errorf("tifa check on PostgreSQL: exit %d, stderr %q; want exit 1 saying it needs a SQLite file", code, stderr)
	}
	if left, _ := filepath.Glob(filepath.Join(dir, "*")); len(left) > 0 {
		t.Errorf("files created: %v", left)
	}
	if _, err := os.Stat("postgres:"); err == nil {
		t.Error("a SQLite file was made from the URL")
	}
}
