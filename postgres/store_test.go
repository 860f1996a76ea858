package postgres

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

func TestRedact(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"postgres://tifa:s3cret@db.example:5432/tifa?sslmode=require", "postgres://tifa:xxxxx@db.example:5432/tifa?sslmode=require"},
		{"postgresql://tifa@db/tifa?password=s3cret&sslmode=disable", "postgresql://tifa@db/tifa?password=xxxxx&sslmode=disable"},
		{"host=db user=tifa password=s3cret dbname=tifa", "host=db user=tifa password=xxxxx dbname=tifa"},
		{"host=db password='s3 cret' dbname=tifa", "host=db password=xxxxx dbname=tifa"},
		{"postgres://tifa@db/tifa", "postgres://tifa@db/tifa"},
		{"postgres://tifa:s3cret@db:notaport%/tifa", "postgres://…(unparsable URL)"},
	} {
		if got := Redact(tc.in); got != tc.want {
			t.Errorf("Redact(%q) = %q, want %q", tc.in, got, tc.want)
		}
		if strings.Contains(Redact(tc.in), "s3cret") || strings.Contains(Redact(tc.in), "s3 cret") {
			t.Errorf("Redact(%q) shows the password", tc.in)
		}
	}
}

// A wrong password, an unparsable DSN and an unreachable server: no error
// shows the password.
func TestErrorsNeverShowThePassword(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	dsns := []string{
		"postgres://tifa:pw-s3cret-1@127.0.0.1:1/tifa?connect_timeout=5",         // nothing listens on port 1
		"postgres://tifa:pw-s3cret-1@127.0.0.1:99999/tifa",                       // no such port
		"host=127.0.0.1 port=1 user=tifa password=pw-s3cret-1 connect_timeout=5", // key=value form
		"postgres://tifa:pw-s3cret-1@127.0.0.1:1/tifa?sslmode=bogus",
	}
	if os.Getenv("TIFA_TEST_POSTGRES") != "" || os.Getenv("PGHOST") != "" {
		// A real server, a wrong password: the server's refusal is shown, the password not.
		srv := serverDSN(t)
		dsns = append(dsns, withParam(srv, "password", "pw-s3cret-1"))
	}
	for _, dsn := range dsns {
		db, err := Open(ctx, dsn)
		if err == nil {
			db.Close()
			t.Errorf("Open(%s) succeeded", Redact(dsn))
			continue
		}
		if strings.Contains(err.Error(), "pw-s3cret-1") {
			t.Errorf("Open error shows the password: %v", err)
		}
		if !strings.Contains(err.Error(), "open store") {
			t.Errorf("Open error does not say what failed: %v", err)
		}
	}
}

func TestOpenMigratesOnceAndReopens(t *testing.T) {
	ctx := context.Background()
	db, dsn := openTest(t)
	var n int
	if err := db.db.QueryRow(ctx, `SELECT COUNT(*) FROM `+migrationsTable).Scan(&n); err != nil || n != len(migrations()) {
		t.Fatalf("migrations recorded = %d, %v; want %d", n, err, len(migrations()))
	}
	// Several workers starting at once on one database: each opens it.
	var wg sync.WaitGroup
	errs := make([]error, 4)
	for i := range errs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			d, err := Open(ctx, dsn)
			if err == nil {
				d.Close()
			}
			errs[i] = err
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			t.Errorf("reopen: %v", err)
		}
	}
	ro, err := OpenReadOnly(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	if _, err := ro.ArticleCount(ctx); err != nil {
		t.Errorf("read-only count: %v", err)
	}
	if _, err := ro.Enqueue(ctx, "s", "https://a.example/1", "https://a.example/1", time.Now(), time.Time{}); err == nil {
		t.Error("a read-only open wrote to the frontier")
	}
}

func TestRefusesAnotherApplicationsSchema(t *testing.T) {
	ctx := context.Background()
	dsn := testDSN(t)
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := conn.Exec(ctx, `CREATE TABLE invoices (id int); CREATE TABLE customers (id int)`); err != nil {
		t.Fatal(err)
	}
	conn.Close(ctx)
	_, err = Open(ctx, dsn)
	if !errors.Is(err, ErrNotTifa) || !strings.Contains(err.Error(), "customers, invoices") {
		t.Fatalf("Open of another application's schema: %v; want ErrNotTifa naming its tables", err)
	}
	// Untouched: no tifa table was added.
	conn, err = pgx.Connect(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	var n int
	if err := conn.QueryRow(ctx, `SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = current_schema()`).Scan(&n); err != nil || n != 2 {
		t.Errorf("tables after the refused open = %d, %v; want the 2 it had", n, err)
	}
	if _, err := OpenReadOnly(ctx, dsn); !errors.Is(err, ErrNotTifa) {
		t.Errorf("read-only open of another application's schema: %v; want ErrNotTifa", err)
	}
}

func TestReadOnlyOfEmptySchemaSaysWhatToDo(t *testing.T) {
	_, err := OpenReadOnly(context.Background(), testDSN(t))
	if err == nil || !strings.Contains(err.Error(), "not a tifa database yet") {
		t.Fatalf("read-only open of an empty schema: %v", err)
	}
}

func TestRefusesToWriteWhatANewerTifaMigrated(t *testing.T) {
	ctx := context.Background()
	db, dsn := openTest(t)
	if _, err := db.db.Exec(ctx, `INSERT INTO `+migrationsTable+` (name) VALUES ('migration/9999_future.sql')`); err != nil {
		t.Fatal(err)
	}
	if _, err := Open(ctx, dsn); err == nil || !strings.Contains(err.Error(), "a newer tifa has migrated it (migration/9999_future.sql)") {
		t.Fatalf("Open of a newer database: %v", err)
	}
}

func TestAdvisoryLockSaysWhoHoldsIt(t *testing.T) {
	ctx := context.Background()
	db, dsn := openTest(t)
	other := worker(t, dsn, "machine-b:42")
	l, err := db.TryLock(ctx, "retag")
	if err != nil {
		t.Fatal(err)
	}
	_, err = other.TryLock(ctx, "retag")
	if !errors.Is(err, ErrLocked) || !strings.Contains(err.Error(), "another retag is running") ||
		!strings.Contains(err.Error(), "held by tifa "+db.Worker) {
		t.Fatalf("second TryLock: %v; want ErrLocked naming the holder tifa %s", err, db.Worker)
	}
	// Another name is another lock.
	l2, err := other.TryLock(ctx, "backfill xinhua")
	if err != nil {
		t.Fatalf("TryLock of another name: %v", err)
	}
	l2.Unlock()
	if err := l.Unlock(); err != nil {
		t.Fatal(err)
	}
	l3, err := other.TryLock(ctx, "retag")
	if err != nil {
		t.Fatalf("TryLock after Unlock: %v", err)
	}
	// A holder whose sessions end (a process killed) leaves the lock free.
	other.Close()
	l4, err := db.TryLock(ctx, "retag")
	if err != nil {
		t.Fatalf("TryLock after the holder's pool closed: %v", err)
	}
	l4.Unlock()
	_ = l3
}

func TestErrorKind(t *testing.T) {
	db, _ := openTest(t)
	_, err := db.db.Exec(context.Background(), `SELECT * FROM no_such_table`)
	if got := ErrorKind(err); got != KindDB {
		t.Errorf("ErrorKind(%v) = %q, want %q", err, got, KindDB)
	}
	if got := ErrorKind(errors.New("a site's 404")); got != "" {
		t.Errorf("ErrorKind of a plain error = %q, want empty", got)
	}
}

// The read-only role the package documents can report and read a snapshot,
// and cannot write.
func TestReadOnlyRole(t *testing.T) {
	ctx := context.Background()
	db, dsn := openTest(t)
	if _, err := db.SaveArticle(ctx, article("http://www.news.cn/a/1.html", "2024-05-09", "新质生产力"), []Count{{Term: "nqpf", Count: 1}}, "v1"); err != nil {
		t.Fatal(err)
	}
	var schema string
	if err := db.db.QueryRow(ctx, `SELECT current_schema()`).Scan(&schema); err != nil {
		t.Fatal(err)
	}
	var writer string
	if err := db.db.QueryRow(ctx, `SELECT current_user`).Scan(&writer); err != nil {
		t.Fatal(err)
	}
	role := "analyst_" + schema
	for _, q := range []string{
		// The README's grants, word for word but for the names.
		`CREATE ROLE ` + role + ` LOGIN PASSWORD 'analyst-pw'`,
		`GRANT USAGE ON SCHEMA ` + schema + ` TO ` + role,
		`GRANT SELECT ON ALL TABLES IN SCHEMA ` + schema + ` TO ` + role,
		`ALTER DEFAULT PRIVILEGES FOR ROLE "` + writer + `" IN SCHEMA ` + schema + ` GRANT SELECT ON TABLES TO ` + role,
		// A table a later migration makes, after the grants: the next
		// tifa's writer adds one, and the analyst must still read.
		`CREATE TABLE later_migration (x int)`,
	} {
		if _, err := db.db.Exec(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	t.Cleanup(func() {
		db.db.Exec(context.Background(), `DROP OWNED BY `+role)
		db.db.Exec(context.Background(), `DROP ROLE `+role)
	})
	ro, err := OpenReadOnly(ctx, withParam(withParam(dsn, "user", role), "password", "analyst-pw"))
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	err = ro.Read(ctx, func(ctx context.Context) error {
		days, err := ro.TermDays(ctx, Filter{})
		if err == nil && len(days) != 1 {
			err = fmt.Errorf("term days %+v, want one", days)
		}
		if err != nil {
			return err
		}
		top, err := ro.MostMentioned(ctx, Filter{From: "2024-05-01", To: "2024-05-31"}, 3)
		if err == nil && len(top) != 1 {
			err = fmt.Errorf("most mentioned %v, want nqpf", top)
		}
		if err != nil {
			return err
		}
		var n int
		return ro.db.QueryRow(ctx, `SELECT COUNT(*) FROM later_migration`).Scan(&n)
	})
	if err != nil {
		t.Fatalf("read as the analyst: %v", err)
	}
	if _, err := ro.Enqueue(ctx, "s", "http://a.example/1", "http://a.example/1", t0, time.Time{}); err == nil {
		t.Error("the read-only role wrote to the frontier")
	}
	if err := db.Read(ctx, func(ctx context.Context) error {
		_, err := db.Enqueue(ctx, "s", "http://a.example/1", "http://a.example/1", t0, time.Time{})
		return err
	}); err == nil {
		t.Error("a read snapshot wrote to the frontier")
	}
}

// TestQueriesPlannedForTheirValues: reads plan each statement for its own
// values (a generic plan cannot see a report's day range) and price random
// reads as cached ones, on a read-only handle and in a Read snapshot of a
// writing one; writes keep cached plans and the server's costs; a DSN that
// says otherwise is obeyed, setting by setting.
func TestQueriesPlannedForTheirValues(t *testing.T) {
	ctx := context.Background()
	_, dsn := openTest(t) // made a tifa database
	show := func(db *DB, ctx context.Context) string {
		var m, c string
		if err := db.db.QueryRow(ctx, `SELECT current_setting('plan_cache_mode'), current_setting('random_page_cost')`).Scan(&m, &c); err != nil {
			t.Fatal(err)
		}
		return m + " " + c
	}
	for _, c := range []struct {
		dsn                 string
		readOnly            bool
		outside, inSnapshot string
	}{
		{dsn, true, "force_custom_plan 1.1", "force_custom_plan 1.1"},
		{dsn, false, "auto 4", "force_custom_plan 1.1"},
		{withParam(dsn, "plan_cache_mode", "auto"), true, "auto 1.1", "auto 1.1"},
		{withParam(dsn, "plan_cache_mode", "force_generic_plan"), false, "force_generic_plan 4", "force_generic_plan 1.1"},
		{withParam(dsn, "random_page_cost", "2.5"), true, "force_custom_plan 2.5", "force_custom_plan 2.5"},
		{withParam(dsn, "random_page_cost", "3"), false, "auto 3", "force_custom_plan 3"},
	} {
		open := Open
		if c.readOnly {
			open = OpenReadOnly
		}
		db, err := open(ctx, c.dsn)
		if err != nil {
			t.Fatal(err)
		}
		var in string
		err = db.Read(ctx, func(ctx context.Context) error { in = show(db, ctx); return nil })
		out := show(db, ctx)
		db.Close()
		if err != nil || out != c.outside || in != c.inSnapshot {
			t.Errorf("read-only %v, %s: plan_cache_mode and random_page_cost %q, in a Read %q (%v); want %q, %q", c.readOnly, c.dsn, out, in, err, c.outside, c.inSnapshot)
		}
	}
}
