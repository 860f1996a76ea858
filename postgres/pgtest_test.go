package postgres

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"os"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
)

// serverDSN is the DSN of the test server: TIFA_TEST_POSTGRES, or else the
// PG* variables pg_virtualenv exports (pgx reads them from an empty DSN).
// Without either the test skips, except under CI=true, where a missing
// server is a broken CI and fails loudly instead of passing by skipping.
func serverDSN(t testing.TB) string {
	t.Helper()
	if dsn := os.Getenv("TIFA_TEST_POSTGRES"); dsn != "" {
		return dsn
	}
	if os.Getenv("PGHOST") != "" || os.Getenv("PGDATABASE") != "" {
		return ""
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("CI=true but no PostgreSQL given: set TIFA_TEST_POSTGRES=postgres://… or run the tests inside pg_virtualenv (see .ci/run)")
	}
	t.Skip("no PostgreSQL: set TIFA_TEST_POSTGRES or run under pg_virtualenv")
	return ""
}

// withParam adds a runtime parameter to dsn, in whichever form it is.
func withParam(dsn, key, value string) string {
	if IsDSN(dsn) {
		u, err := url.Parse(dsn)
		if err != nil {
			panic(err)
		}
		q := u.Query()
		q.Set(key, value)
		u.RawQuery = q.Encode()
		return u.String()
	}
	return strings.TrimSpace(dsn + " " + key + "=" + value)
}

// testDSN makes a schema of the test's own on the test server, dropped at
// the end, and returns a DSN whose tables land in it: tests run in
// parallel, and in one database, without meeting.
func testDSN(t testing.TB) string {
	t.Helper()
	dsn := serverDSN(t)
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		t.Fatalf("connect to the test server %s: %s", Redact(dsn), redactErr(err, dsn))
	}
	defer conn.Close(ctx)
	b := make([]byte, 6)
	rand.Read(b)
	schema := "tifa_test_" + hex.EncodeToString(b)
	if _, err := conn.Exec(ctx, `CREATE SCHEMA `+schema); err != nil {
		t.Fatalf("create schema %s: %v", schema, err)
	}
	t.Cleanup(func() {
		c, err := pgx.Connect(context.Background(), dsn)
		if err != nil {
			t.Errorf("drop schema %s: %v", schema, err)
			return
		}
		defer c.Close(context.Background())
		if _, err := c.Exec(context.Background(), `DROP SCHEMA `+schema+` CASCADE`); err != nil {
			t.Errorf("drop schema %s: %v", schema, err)
		}
	})
	return withParam(dsn, "search_path", schema)
}

// openTest opens a fresh tifa database in a schema of the test's own.
func openTest(t testing.TB) (*DB, string) {
	t.Helper()
	dsn := testDSN(t)
	db, err := Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db, dsn
}

// worker opens dsn as another worker named name: a second crawling machine.
func worker(t testing.TB, dsn, name string) *DB {
	t.Helper()
	db, err := Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	db.Worker = name
	t.Cleanup(func() { db.Close() })
	return db
}
