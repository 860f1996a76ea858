package main

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"net/url"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/tifa-project/tifa"
	"github.com/tifa-project/tifa/postgres"
	"github.com/tifa-project/tifa/sqlite"
)

// testPostgres makes a schema of the test's own on the test server
// (TIFA_TEST_POSTGRES, or the PG* variables pg_virtualenv exports), dropped
// at the end, and returns a postgres:// URL whose tables land in it.
// Without a server the test skips, except under CI=true, where it fails.
func testPostgres(t *testing.T) string {
	t.Helper()
	dsn := os.Getenv("TIFA_TEST_POSTGRES")
	if dsn == "" && os.Getenv("PGHOST") == "" && os.Getenv("PGDATABASE") == "" {
		if os.Getenv("CI") == "true" {
			t.Fatal("CI=true but no PostgreSQL given: set TIFA_TEST_POSTGRES=postgres://… or run the tests inside pg_virtualenv (see .ci/run)")
		}
		t.Skip("no PostgreSQL: set TIFA_TEST_POSTGRES or run under pg_virtualenv")
	}
	if dsn == "" {
		dsn = "postgres:///" + url.PathEscape(os.Getenv("PGDATABASE")) // host, port, user, password from PG*
	}
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		t.Fatalf("connect to the test server %s: %v", redact(dsn), err)
	}
	defer conn.Close(ctx)
	b := make([]byte, 6)
	rand.Read(b)
	schema := "tifa_cmd_" + hex.EncodeToString(b)
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
	u, err := url.Parse(dsn)
	if err != nil {
		t.Fatalf("TIFA_TEST_POSTGRES: %v", err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

// demoWithState is the demo database plus what the demo leaves empty:
// frontier URLs (waiting, retried, given up, with a feed date), HTTP
// validators, backfill records and alerts with a delivery, so a copy is
// checked on every table.
func demoWithState(t *testing.T) string {
	t.Helper()
	path := demoDB(t)
	ctx := context.Background()
	db, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	now := time.Date(2024, 5, 20, 9, 30, 0, 0, time.UTC)
	feed := time.Date(2024, 5, 19, 0, 0, 0, 0, tifa.China)
	for i, u := range []string{"http://a.example/1", "http://a.example/2", "http://b.example:8080/3"} {
		fd := time.Time{}
		if i == 1 {
			fd = feed
		}
		if _, err := db.Enqueue(ctx, "xinhua", u, u+"?from=feed", now, fd); err != nil {
			t.Fatal(err)
		}
	}
	steps := []error{
		db.Retry(ctx, "http://a.example/2", now.Add(time.Hour), errors.New("http_503: HTTP 503"), false),
		db.Retry(ctx, "http://b.example:8080/3", now, errors.New("http_404: HTTP 404"), true),
		db.SetValidators(ctx, "http://a.example/1", tifa.Validators{ETag: `"e1"`, LastModified: "Mon, 20 May 2024 09:00:00 GMT", Body: []byte("<html>页</html>"), ContentType: "text/html", Sig: "s1"}),
		db.BackfillURL(ctx, "people", "2024-05-19", "http://a.example/1"),
		db.BackfillWalked(ctx, "people", "2024-05-19", now, ""),
		db.BackfillWalked(ctx, "people", "2024-05-18", now, "http_500: HTTP 500"),
	}
	if _, err := db.RecordAlert(ctx, "surge|hqd|2024-05-20", "surge", []byte(`{"term":"hqd"}`), []string{"slack https://hooks.example/1", "json https://hooks.example/2"}, now); err != nil {
		t.Fatal(err)
	}
	steps = append(steps, db.AlertDelivered(ctx, "surge|hqd|2024-05-20", "slack https://hooks.example/1", 1, nil, now))
	for _, err := range steps {
		if err != nil {
			t.Fatal(err)
		}
	}
	return path
}

func mustCopy(t *testing.T, from, to string) string {
	t.Helper()
	code, out, stderr := runTifa(t, "", "copy", "--from", from, "--to", to)
	if code != 0 {
		t.Fatalf("copy %s to %s: exit %d: %s", from, to, code, stderr)
	}
	return out
}

// readings are reading commands whose output must not depend on the engine.
var readings = [][]string{
	{"report", "--by", "month"},
	{"export", "csv", "--by", "day"},
	{"export", "csv", "--by", "month", "--term", "high-quality-development"},
	{"first"},
	{"top", "--from", "2024-01-01"},
}

func readAll(t *testing.T, db string) []string {
	t.Helper()
	var outs []string
	for _, args := range readings {
		code, out, stderr := runTifa(t, "", append(args, "--db", db)...)
		if code != 0 {
			t.Fatalf("tifa %s on %s: exit %d: %s", strings.Join(args, " "), redactAny(db), code, stderr)
		}
		outs = append(outs, out)
	}
	return outs
}

func sameReadings(t *testing.T, a, b string) {
	t.Helper()
	x, y := readAll(t, a), readAll(t, b)
	for i := range readings {
		if x[i] != y[i] {
			t.Errorf("tifa %s: %s and %s differ:\n%s\n----\n%s", strings.Join(readings[i], " "), redactAny(a), redactAny(b), x[i], y[i])
		}
	}
}

// sameTables compares every table a copy moves, row by row.
func sameTables(t *testing.T, a, b string) {
	t.Helper()
	ctx := context.Background()
	da, err := sqlite.OpenReadOnly(ctx, a)
	if err != nil {
		t.Fatal(err)
	}
	defer da.Close()
	db, err := sqlite.OpenReadOnly(ctx, b)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, tb := range tifa.DumpTables() {
		x, err := dumpAll(ctx, da, tb)
		if err != nil {
			t.Fatal(err)
		}
		y, err := dumpAll(ctx, db, tb)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(x, y) {
			t.Errorf("table %s: %d rows in %s, %d in %s, not the same", tb.Name, len(x), a, len(y), b)
		}
	}
}

// TestCopySQLiteToSQLite: a copy holds every row of every table, and the
// reading commands print the same; a second run adds nothing.
func TestCopySQLiteToSQLite(t *testing.T) {
	a := demoWithState(t)
	b := filepath.Join(t.TempDir(), "copy.db")
	out := mustCopy(t, a, b)
	if !strings.Contains(out, "verified") {
		t.Errorf("copy said %q; want it to say it verified", out)
	}
	again := mustCopy(t, a, b)
	if again != out {
		t.Errorf("second copy said %q, first %q", again, out)
	}
	sameTables(t, a, b)
	sameReadings(t, a, b)

	// An interrupted copy: some tables half there, some not at all.
	ctx := context.Background()
	raw, err := sql.Open("sqlite3", b)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{
		`DELETE FROM mentions WHERE article_id IN (SELECT article_id FROM mentions ORDER BY article_id LIMIT 3)`,
		`DELETE FROM daily_terms WHERE day > '2024-05-10'`,
		`DELETE FROM frontier`, `DELETE FROM alert_deliveries`,
	} {
		if _, err := raw.ExecContext(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	raw.Close()
	if resumed := mustCopy(t, a, b); resumed != out {
		t.Errorf("resumed copy said %q, first %q", resumed, out)
	}
	sameTables(t, a, b)

	other := filepath.Join(t.TempDir(), "other.db")
	if code, _, stderr := runTifa(t, "", "copy", "--from", other, "--to", b); code != 1 || !strings.Contains(stderr, other) {
		t.Errorf("copy from a missing file: exit %d, stderr %q; want exit 1 naming it", code, stderr)
	}
}

// TestCopyRefusesAnotherHistory: a destination holding articles the source
// lacks is refused, and left as it was.
func TestCopyRefusesAnotherHistory(t *testing.T) {
	a := demoDB(t)
	empty := filepath.Join(t.TempDir(), "empty.db")
	if code, _, stderr := runTifa(t, "", "copy", "--from", empty, "--to", a); code != 1 {
		t.Fatalf("copy from a missing file: exit %d: %s", code, stderr)
	}
	ctx := context.Background()
	db, err := sqlite.Open(ctx, empty)
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	before := readAll(t, a)
	code, _, stderr := runTifa(t, "", "copy", "--from", empty, "--to", a)
	if code != 1 || !strings.Contains(stderr, "copy into an empty database") {
		t.Errorf("copy into a database with other articles: exit %d, stderr %q; want exit 1 saying to copy into an empty one", code, stderr)
	}
	if after := readAll(t, a); !reflect.DeepEqual(before, after) {
		t.Error("the refused copy changed the destination")
	}
}

// TestCopyThroughPostgres: SQLite → PostgreSQL → SQLite gives identical
// tables and exports, and the reading commands print byte for byte the same
// on PostgreSQL as on SQLite.
func TestCopyThroughPostgres(t *testing.T) {
	pg := testPostgres(t)
	a := demoWithState(t)
	out := mustCopy(t, a, pg)
	if strings.Contains(out, "password") || !strings.Contains(out, "verified") {
		t.Errorf("copy said %q", out)
	}
	if again := mustCopy(t, a, pg); again != out {
		t.Errorf("second copy said %q, first %q", again, out)
	}
	sameReadings(t, a, pg)
	analyzed(t, pg)
	// TIFA_DB names the database when --db is not given.
	_, want, _ := runTifa(t, "", "report", "--by", "month", "--db", a)
	t.Setenv("TIFA_DB", pg)
	if code, got, stderr := runTifa(t, "", "report", "--by", "month"); code != 0 || got != want {
		t.Errorf("report with TIFA_DB a PostgreSQL URL: exit %d, %s\n%s\nwant\n%s", code, stderr, got, want)
	}

	// The copied frontier is claimable: each URL has its host.
	ctx := context.Background()
	db, err := postgres.Open(ctx, pg)
	if err != nil {
		t.Fatal(err)
	}
	got, err := db.ClaimHosts(ctx, tifa.Claim{Source: "xinhua", Worker: "w1", N: 5, Now: time.Date(2024, 5, 20, 9, 30, 0, 0, time.UTC), Lease: time.Minute})
	db.Close()
	if err != nil || len(got) != 1 || got[0].URL != "http://a.example/1" {
		t.Errorf("claim from the copied frontier: %+v, %v; want the one URL due, http://a.example/1", got, err)
	}
	b := filepath.Join(t.TempDir(), "back.db")
	mustCopy(t, pg, b)
	sameTables(t, a, b)
	sameReadings(t, a, b)
}

// An unknown --version is answered the same on either engine: the message
// lists the versions the database does record (on PostgreSQL it once did
// not, the engine's own not-found error going unrecognised).
func TestRetagUnknownVersionNamesRecorded(t *testing.T) {
	src := demoDB(t)
	for name, db := range map[string]string{"sqlite": src, "postgres": testPostgres(t)} {
		t.Run(name, func(t *testing.T) {
			if name == "postgres" {
				mustCopy(t, src, db)
			}
			code, _, stderr := runTifa(t, "", "retag", "--db", db, "--version", "nope")
			if code == 0 || !strings.Contains(stderr, `lexicon version "nope"`) || !strings.Contains(stderr, "the database records") {
				t.Errorf("retag --version nope on %s: exit %d, %s; want a failure listing the recorded versions", name, code, stderr)
			}
		})
	}
}

// A retag is single-instance: while another holds the database's retag
// lock (on SQLite the file's one lock, which a crawl holds too), retag
// refuses before writing anything and says who runs, and the counts stay.
func TestRetagIsSingleInstance(t *testing.T) {
	src := demoDB(t)
	_, def, _ := runTifa(t, "", "config", "show")
	cfg := filepath.Join(t.TempDir(), "tifa.yaml")
	if err := os.WriteFile(cfg, []byte(def+"  - id: rise-of-central-china\n    zh: [中部地区崛起]\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for name, db := range map[string]string{"sqlite": src, "postgres": testPostgres(t)} {
		t.Run(name, func(t *testing.T) {
			if name == "postgres" {
				mustCopy(t, src, db)
			}
			ctx := context.Background()
			other, err := Open(ctx, db)
			if err != nil {
				t.Fatal(err)
			}
			defer other.Close()
			lock, err := other.TryLock(ctx, "retag")
			if err != nil {
				t.Fatal(err)
			}
			report := func() string {
				_, out, _ := runTifa(t, "", "report", "--db", db, "--by", "month")
				return out
			}
			before := report()
			code, out, stderr := runTifa(t, "", "retag", "--db", db, "--config", cfg)
			want := "another retag is running"
			if name == "sqlite" {
				want = "cannot retag: another crawl, backfill or retag is running"
			}
			if code == 0 || !strings.Contains(stderr, want) {
				t.Errorf("retag beside another on %s: exit %d\n%s\n%s\nwant a refusal saying another retag runs", name, code, out, stderr)
			}
			if got := report(); got != before || !strings.Contains(got, "mentions") {
				t.Errorf("a refused retag changed the report:\n%s\nwas:\n%s", got, before)
			}
			lock.Unlock()
			if code, out, stderr := runTifa(t, "", "retag", "--db", db, "--config", cfg); code != 0 {
				t.Errorf("retag once the lock is free: exit %d\n%s\n%s", code, out, stderr)
			}
		})
	}
}

// analyzed fails unless the copy left the planner statistics of its
// tables (ANALYZE sets reltuples, -1 until a table was ever analyzed or
// vacuumed; autovacuum waits a minute at least, longer than this test).
func analyzed(t *testing.T, pg string) {
	t.Helper()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, pg)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	for _, table := range []string{"articles", "mentions", "daily_terms", "daily_sources"} {
		var n float64
		if err := conn.QueryRow(ctx, `SELECT reltuples FROM pg_class WHERE oid = $1::regclass`, table).Scan(&n); err != nil {
			t.Fatalf("statistics of %s: %v", table, err)
		}
		if n <= 0 {
			t.Errorf("after tifa copy, %s has reltuples %v: never analyzed, so the first reports are planned for an empty table", table, n)
		}
	}
}
