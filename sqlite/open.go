package sqlite

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/mattn/go-sqlite3"
)

// applicationID marks a SQLite file as tifa's in its header ("tifa" in
// ASCII), so tifa can tell its own database from another application's
// before it writes anything; migration 0004 sets it.
const applicationID = 0x74696661

// ErrNotTifa is returned when the file is not a tifa database.
var ErrNotTifa = errors.New("not a tifa database")

// ErrDamaged is returned when SQLite finds the file damaged.
var ErrDamaged = errors.New("database damaged")

// uri is the SQLite URI of path. The path is made absolute and escaped
// whole: SQLite decodes %XX in a URI and ends the path at ? or #, so an
// unescaped "x#y.db" would open "x" and "pct%41.db" would open "pctA.db".
func uri(path string, readOnly bool) (string, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return "", err
	}
	var b strings.Builder
	b.WriteString("file:")
	for i := 0; i < len(abs); i++ {
		c := abs[i]
		if c == '/' || c == '-' || c == '.' || c == '_' || c == '~' ||
			'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' {
			b.WriteByte(c)
		} else {
			fmt.Fprintf(&b, "%%%02X", c)
		}
	}
	// WAL lets reports read while a crawl writes; the busy timeout makes a
	// second writer wait instead of failing at once.
	if readOnly {
		b.WriteString("?mode=ro&_busy_timeout=10000&_foreign_keys=on")
	} else {
		b.WriteString("?_journal_mode=WAL&_busy_timeout=10000&_foreign_keys=on&_synchronous=NORMAL&_txlock=immediate")
	}
	return b.String(), nil
}

// identify refuses a file that is neither tifa's nor empty: migrating into
// another application's database would add tifa's tables to it.
func (db *DB) identify(ctx context.Context) error {
	var app int64
	if err := db.db.QueryRowContext(ctx, `PRAGMA application_id`).Scan(&app); err != nil {
		return db.damaged(err)
	}
	if app == applicationID {
		return nil
	}
	tables, err := db.tables(ctx)
	if err != nil {
		return db.damaged(err)
	}
	if len(tables) == 0 && app == 0 {
		return nil // empty: tifa makes it its own
	}
	if app == 0 && db.initialised(ctx) {
		return nil // made by a tifa from before the application id
	}
	what := fmt.Sprintf("it holds the tables %s", list(tables, 6))
	if app != 0 {
		what = fmt.Sprintf("its application id is 0x%08x; %s", app, what)
	}
	return fmt.Errorf("open store %s: %w: %s. tifa leaves it untouched: give --db a new file name or an existing tifa database",
		db.Path, ErrNotTifa, what)
}

// tables lists the file's own tables, SQLite's internal ones left out.
func (db *DB) tables(ctx context.Context) ([]string, error) {
	rows, err := db.db.QueryContext(ctx, `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\_%' ESCAPE '\' ORDER BY name`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			return nil, err
		}
		out = append(out, name)
	}
	return out, rows.Err()
}

// initialised reports whether tifa's first migration is recorded.
func (db *DB) initialised(ctx context.Context) bool {
	var n int
	err := db.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM migrations WHERE name = ?`, migrations()[0]).Scan(&n)
	return err == nil && n == 1
}

func list(names []string, max int) string {
	if len(names) > max {
		return strings.Join(names[:max], ", ") + fmt.Sprintf(" and %d more", len(names)-max)
	}
	return strings.Join(names, ", ")
}

// damaged turns SQLite's "malformed" and "not a database" into errors that
// name the file and say what to do; other errors pass unchanged.
func (db *DB) damaged(err error) error {
	var se sqlite3.Error
	if !errors.As(err, &se) {
		return err
	}
	switch se.Code {
	case sqlite3.ErrCorrupt:
		return fmt.Errorf("%w: %s: %v; run `tifa check --db %s` to see what is damaged, then restore the file from a backup",
			ErrDamaged, db.Path, err, db.Path)
	case sqlite3.ErrNotADB:
		return fmt.Errorf("%w: %s is not a SQLite database (%v); give --db a tifa database or a new file name", ErrNotTifa, db.Path, err)
	}
	return err
}
