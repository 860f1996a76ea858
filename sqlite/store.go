// Package sqlite keeps articles, their mentions and the per-day aggregates in
// SQLite. Every change to an article and its counts happens in one
// transaction, so a crash leaves either the old or the new article, never half.
package sqlite

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"sort"

	_ "github.com/mattn/go-sqlite3" // the SQLite driver
	"github.com/tifa-project/tifa"
)

//go:embed migration/*.sql
var migrationFS embed.FS

// ErrNotFound is tifa.ErrNotFound: a looked-up row does not exist.
var ErrNotFound = tifa.ErrNotFound

// handle is where a DB's statements go: the connection pool, or one
// connection inside a read transaction (see Read).
type handle interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
	BeginTx(ctx context.Context, opts *sql.TxOptions) (*sql.Tx, error)
}

// DB is the tifa database.
type DB struct {
	db   handle
	pool *sql.DB // nil in a read snapshot, which owns no connections
	lock locker
	prep *prepCache // the pool's write statements; nil in a read snapshot
	Path string

	// monthly is whether the database has monthly_terms (0014): a
	// read-only open of an older one sums its days instead.
	monthly bool
}

// Open opens (creating if needed) the database at path and applies pending
// migrations. A file that holds another application's tables is refused,
// never migrated into.
func Open(ctx context.Context, path string) (*DB, error) {
	return open(ctx, path, false, true)
}

// OpenReadOnly opens an existing database for queries only.
func OpenReadOnly(ctx context.Context, path string) (*DB, error) {
	return open(ctx, path, true, true)
}

// OpenUnchecked opens a database as Open (readOnly false) or OpenReadOnly
// do, but without the structural check every other open runs: for
// `tifa check`, which must open a damaged file to say what is wrong.
func OpenUnchecked(ctx context.Context, path string, readOnly bool) (*DB, error) {
	return open(ctx, path, readOnly, false)
}

func open(ctx context.Context, path string, readOnly, check bool) (*DB, error) {
	if path == "" {
		return nil, errors.New("open store: empty database path")
	}
	dsn, err := uri(path, readOnly)
	if err != nil {
		return nil, fmt.Errorf("open store %s: %w", path, err)
	}
	sdb, err := sql.Open("sqlite3", dsn)
	if err != nil {
		return nil, fmt.Errorf("open store %s: %w", path, err)
	}
	db := &DB{db: pool{sdb}, pool: sdb, Path: path, lock: &fileLocker{path: path}, prep: newPrepCache(sdb)}
	if err := db.opened(ctx, readOnly, check); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

// opened checks what was opened: a SQLite file, tifa's own (or empty),
// undamaged, at the migration this tifa knows.
func (db *DB) opened(ctx context.Context, readOnly, check bool) error {
	if err := db.pool.PingContext(ctx); err != nil {
		return db.damaged(err)
	}
	if err := db.identify(ctx); err != nil {
		if check || !errors.Is(err, ErrDamaged) {
			return err
		}
		// Unchecked is tifa check's open: it must read what it can of a
		// damaged file and say what is wrong, not refuse it.
		return nil
	}
	if check {
		if err := db.quickCheckMarked(ctx); err != nil {
			return err
		}
	}
	if readOnly {
		if err := db.checkVersion(ctx); err != nil {
			return err
		}
	} else {
		if err := db.newer(ctx); err != nil {
			return err
		}
		if err := db.migrate(ctx); err != nil {
			return fmt.Errorf("open store %s: %w", db.Path, db.damaged(err))
		}
	}
	var n int
	if err := db.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'monthly_terms'`).Scan(&n); err != nil {
		return fmt.Errorf("open store %s: %w", db.Path, db.damaged(err))
	}
	db.monthly = n == 1
	return nil
}

// Close closes the database, then releases the locks taken on it: closing
// a descriptor of the file while SQLite still has it open would drop
// SQLite's own locks (POSIX locks belong to the process, not the descriptor).
func (db *DB) Close() error {
	if db.pool == nil {
		return nil
	}
	err := errors.Join(db.prep.close(), db.pool.Close())
	if l, ok := db.lock.(interface{ close() error }); ok {
		err = errors.Join(err, l.close())
	}
	return err
}

// migrate applies, in name order, each embedded migration not yet recorded,
// each in its own transaction.
func (db *DB) migrate(ctx context.Context) error {
	if _, err := db.db.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS migrations (name TEXT PRIMARY KEY)`); err != nil {
		return fmt.Errorf("create migrations table: %w", err)
	}
	for _, name := range migrations() {
		if err := db.migrateFile(ctx, name); err != nil {
			return fmt.Errorf("migration %s: %w", name, err)
		}
	}
	return nil
}

// migrations are the embedded migration files in the order they apply.
func migrations() []string {
	names, err := fs.Glob(migrationFS, "migration/*.sql")
	if err != nil {
		panic(err) // a constant, valid pattern: cannot fail
	}
	sort.Strings(names)
	return names
}

func (db *DB) migrateFile(ctx context.Context, name string) error {
	tx, err := db.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM migrations WHERE name = ?`, name).Scan(&n); err != nil {
		return err
	} else if n > 0 {
		return nil
	}
	buf, err := fs.ReadFile(migrationFS, name)
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, string(buf)); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO migrations (name) VALUES (?)`, name); err != nil {
		return err
	}
	return tx.Commit()
}

// checkVersion makes a read-only open fail clearly on a database that this
// tifa has not migrated.
func (db *DB) checkVersion(ctx context.Context) error {
	var n int
	err := db.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM migrations`).Scan(&n)
	if err != nil {
		return fmt.Errorf("open store %s: not a tifa database (run `tifa crawl` or `tifa demo` first): %w", db.Path, db.damaged(err))
	}
	if want := len(migrations()); n < want && !db.readable(ctx, migrations()) {
		return fmt.Errorf("open store %s: database is at migration %d of %d; run any writing command (e.g. `tifa crawl`) once to upgrade it", db.Path, n, want)
	}
	return nil
}

// newer refuses to write to a database a newer tifa has migrated: this
// one does not know what its tables now mean.
func (db *DB) newer(ctx context.Context) error {
	rows, err := db.db.QueryContext(ctx, `SELECT name FROM migrations WHERE name NOT IN (`+knownMigrations()+`) ORDER BY name`)
	if err != nil {
		return nil // no migrations table yet: an empty file
	}
	defer rows.Close()
	var unknown []string
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			return db.damaged(err)
		}
		unknown = append(unknown, name)
	}
	if err := rows.Err(); err != nil {
		return db.damaged(err)
	}
	if len(unknown) > 0 {
		return fmt.Errorf("open store %s: a newer tifa has migrated it (%s); this one will not write to it: use that version", db.Path, list(unknown, 3))
	}
	return nil
}
