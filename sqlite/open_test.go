package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// TestPathIsTheFileNamed checks that the database is the file the path
// names, whatever it holds: SQLite URIs end a path at ? or # and decode %XX.
func TestPathIsTheFileNamed(t *testing.T) {
	for _, name := range []string{"x#y.db", "pct%41.db", "a?b=c.db", "with space.db", "q%3F%23.db", "新闻.db"} {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, name)
			db, err := Open(context.Background(), path)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := db.SaveArticle(context.Background(), article("http://example.com/a", "2024-05-09", "正文"), nil, "v1"); err != nil {
				t.Fatal(err)
			}
			db.Close()
			if got := dbFiles(t, dir); !reflect.DeepEqual(got, []string{name}) {
				t.Errorf("files written: %q, want just %q", got, name)
			}
			ro, err := OpenReadOnly(context.Background(), path)
			if err != nil {
				t.Fatal(err)
			}
			defer ro.Close()
			if n, err := ro.ArticleCount(context.Background()); err != nil || n != 1 {
				t.Errorf("read back: %d articles, %v; want 1", n, err)
			}
		})
	}
}

// dbFiles lists the directory without SQLite's -wal and -shm companions
// and tifa's -checked mark.
func dbFiles(t *testing.T, dir string) []string {
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		if n := e.Name(); !strings.HasSuffix(n, "-wal") && !strings.HasSuffix(n, "-shm") && !strings.HasSuffix(n, "-checked") {
			out = append(out, n)
		}
	}
	return out
}

// TestLockIsOnTheFile opens one database under other names (a symlink, a
// relative path, and a name SQLite once decoded to it): a
// second crawl through any of them must find the first one's lock.
func TestLockIsOnTheFile(t *testing.T) {
	dir := t.TempDir()
	real := filepath.Join(dir, "tifa.db")
	first, err := Open(context.Background(), real)
	if err != nil {
		t.Fatal(err)
	}
	defer first.Close()
	l, err := first.TryLock(context.Background(), "crawl")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Unlock()
	// Hard links are left out: SQLite itself refuses them (each name would
	// get its own -wal file).
	sym := filepath.Join(dir, "link.db")
	if err := os.Symlink(real, sym); err != nil {
		t.Fatal(err)
	}
	wd, _ := os.Getwd()
	rel, err := filepath.Rel(wd, real)
	if err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{sym, rel, real} {
		db, err := Open(context.Background(), path)
		if err != nil {
			t.Fatal(err)
		}
		if l2, err := db.TryLock(context.Background(), "crawl"); !errors.Is(err, ErrLocked) {
			t.Errorf("second crawl through %s: got %v, want ErrLocked", path, err)
			if err == nil {
				l2.Unlock()
			}
		}
		db.Close()
	}
	// pct%41.db is its own file now, not pctA.db under another name.
	pctA, pct41 := filepath.Join(dir, "pctA.db"), filepath.Join(dir, "pct%41.db")
	a, err := Open(context.Background(), pctA)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	la, err := a.TryLock(context.Background(), "crawl")
	if err != nil {
		t.Fatal(err)
	}
	defer la.Unlock()
	b, err := Open(context.Background(), pct41)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	if _, err := b.SaveArticle(context.Background(), article("http://example.com/a", "2024-05-09", "正文"), nil, "v1"); err != nil {
		t.Fatal(err)
	}
	if n, _ := a.ArticleCount(context.Background()); n != 0 {
		t.Errorf("an article saved through %s is in %s: the two names open one file", pct41, pctA)
	}
}

func TestLockReleasedOnUnlockAndClose(t *testing.T) {
	path := filepath.Join(t.TempDir(), "tifa.db")
	open := func() *DB {
		db, err := Open(context.Background(), path)
		if err != nil {
			t.Fatal(err)
		}
		return db
	}
	a, b := open(), open()
	defer b.Close()
	l, err := a.TryLock(context.Background(), "crawl")
	if err != nil {
		t.Fatal(err)
	}
	l.Unlock()
	l2, err := b.TryLock(context.Background(), "crawl")
	if err != nil {
		t.Fatalf("lock after unlock: %v", err)
	}
	l2.Unlock()
	if _, err := a.TryLock(context.Background(), "crawl"); err != nil {
		t.Fatal(err)
	}
	a.Close() // never unlocked: closing the database lets it go
	if l3, err := b.TryLock(context.Background(), "crawl"); err != nil {
		t.Errorf("lock after the holder closed: %v", err)
	} else {
		l3.Unlock()
	}
}

// TestRefusesAnotherApplicationsFile: tifa must not add its tables to a
// SQLite file it did not make, nor open a file that is not SQLite.
func TestRefusesAnotherApplicationsFile(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	other := filepath.Join(dir, "notes.db")
	sdb, err := sql.Open("sqlite3", other)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{`CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT)`, `INSERT INTO notes (text) VALUES ('keep me')`} {
		if _, err := sdb.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	sdb.Close()
	appID := filepath.Join(dir, "app.db")
	sdb, _ = sql.Open("sqlite3", appID)
	if _, err := sdb.Exec(`PRAGMA application_id = 1234`); err != nil {
		t.Fatal(err)
	}
	sdb.Close()
	text := filepath.Join(dir, "notes.txt")
	os.WriteFile(text, []byte(strings.Repeat("not a database\n", 100)), 0o644)

	for _, tt := range []struct{ path, want string }{
		{other, "it holds the tables notes"},
		{appID, "its application id is 0x000004d2"},
		{text, "is not a SQLite database"},
	} {
		for _, opener := range []func(context.Context, string) (*DB, error){Open, OpenReadOnly} {
			db, err := opener(ctx, tt.path)
			if err == nil {
				db.Close()
			}
			if !errors.Is(err, ErrNotTifa) || !strings.Contains(err.Error(), tt.path) || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("open %s: got %v; want ErrNotTifa naming the file and saying %q", tt.path, err, tt.want)
			}
		}
	}
	sdb, _ = sql.Open("sqlite3", other)
	defer sdb.Close()
	var tables []string
	rows, err := sdb.Query(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var n string
		rows.Scan(&n)
		tables = append(tables, n)
	}
	if !reflect.DeepEqual(tables, []string{"notes"}) {
		t.Errorf("the other application's file now holds %v, want only its notes", tables)
	}
}

// TestOpensEmptyAndOlderTifaFiles: an empty file becomes tifa's; a tifa
// database from before the application id is still tifa's.
func TestOpensEmptyAndOlderTifaFiles(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	empty := filepath.Join(dir, "empty.db")
	os.WriteFile(empty, nil, 0o644)
	db, err := Open(ctx, empty)
	if err != nil {
		t.Fatalf("empty file: %v", err)
	}
	var app int64
	db.db.QueryRowContext(ctx, `PRAGMA application_id`).Scan(&app)
	if app != applicationID {
		t.Errorf("application id %#x, want %#x", app, applicationID)
	}
	db.db.ExecContext(ctx, `PRAGMA application_id = 0`)
	db.Close()
	for _, opener := range []func(context.Context, string) (*DB, error){Open, OpenReadOnly} {
		db, err := opener(ctx, empty)
		if err != nil {
			t.Errorf("tifa database without the application id: %v", err)
			continue
		}
		db.Close()
	}
}

// TestReadIsOneSnapshot: an article saved between two queries of one Read
// is seen by neither; the next Read sees it.
func TestReadIsOneSnapshot(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "tifa.db")
	w, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	if _, err := w.SaveArticle(ctx, article("http://example.com/1", "2024-05-09", "正文"), nil, "v1"); err != nil {
		t.Fatal(err)
	}
	for _, reader := range []func() (*DB, error){
		func() (*DB, error) { return w, nil }, // the writer's own handle
		func() (*DB, error) { return OpenReadOnly(ctx, path) },
	} {
		db, err := reader()
		if err != nil {
			t.Fatal(err)
		}
		before, _ := db.ArticleCount(ctx)
		err = db.Read(ctx, func(snap context.Context) error {
			first, err := db.ArticleCount(snap)
			if err != nil {
				return err
			}
			a := article(fmt.Sprintf("http://example.com/%d", before+1), "2024-05-10", "正文")
			if _, err := w.SaveArticle(ctx, a, nil, "v1"); err != nil {
				return err
			}
			second, err := db.ArticleCount(snap)
			if err != nil {
				return err
			}
			if first != before || second != first {
				t.Errorf("one snapshot counted %d, then %d after a write; want %d both times", first, second, before)
			}
			if _, err := db.SaveArticle(snap, a, nil, "v2"); err == nil {
				t.Error("a read snapshot wrote")
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if after, _ := db.ArticleCount(ctx); after != before+1 {
			t.Errorf("after the snapshot: %d articles, want %d", after, before+1)
		}
		if db != w {
			db.Close()
		}
	}
}

func TestRefusesToWriteWhatANewerTifaMigrated(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "tifa.db")
	db, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	db.db.ExecContext(ctx, `INSERT INTO migrations (name) VALUES ('migration/9999_future.sql')`)
	db.Close()
	if db, err := Open(ctx, path); err == nil || !strings.Contains(err.Error(), "newer tifa") {
		if err == nil {
			db.Close()
		}
		t.Errorf("writable open: got %v, want a refusal naming a newer tifa", err)
	}
	ro, err := OpenReadOnly(ctx, path)
	if err != nil {
		t.Errorf("read-only open: %v", err)
	} else {
		ro.Close()
	}
}
