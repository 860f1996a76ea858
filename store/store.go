// Package store keeps articles, their mentions and the per-day aggregates in
// SQLite. Every change to an article and its counts happens in one
// transaction, so a crash leaves either the old or the new article, never half.
package store

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"sort"

	_ "github.com/mattn/go-sqlite3" // the SQLite driver
)

//go:embed migration/*.sql
var migrationFS embed.FS

// ErrNotFound is returned when a looked-up row does not exist.
var ErrNotFound = errors.New("not found")

// DB is the tifa database.
type DB struct {
	db   *sql.DB
	Path string
}

// Open opens (creating if needed) the database at path and applies pending
// migrations. With readOnly the file must exist and nothing is written.
func Open(ctx context.Context, path string) (*DB, error) {
	return open(ctx, path, false)
}

// OpenReadOnly opens an existing database for queries only.
func OpenReadOnly(ctx context.Context, path string) (*DB, error) {
	return open(ctx, path, true)
}

func open(ctx context.Context, path string, readOnly bool) (*DB, error) {
	if path == "" {
		return nil, errors.New("open store: empty database path")
	}
	// WAL lets reports read while a crawl writes; the busy timeout makes a
	// second writer wait instead of failing at once.
	dsn := "file:" + path + "?_journal_mode=WAL&_busy_timeout=10000&_foreign_keys=on&_synchronous=NORMAL&_txlock=immediate"
	if readOnly {
		dsn = "file:" + path + "?mode=ro&_busy_timeout=10000&_foreign_keys=on"
	}
	sdb, err := sql.Open("sqlite3", dsn)
	if err != nil {
		return nil, fmt.Errorf("open store %s: %w", path, err)
	}
	db := &DB{db: sdb, Path: path}
	if err := sdb.PingContext(ctx); err != nil {
		sdb.Close()
		return nil, fmt.Errorf("open store %s: %w", path, err)
	}
	if readOnly {
		if err := db.checkVersion(ctx); err != nil {
			sdb.Close()
			return nil, err
		}
		return db, nil
	}
	if err := db.migrate(ctx); err != nil {
		sdb.Close()
		return nil, fmt.Errorf("open store %s: %w", path, err)
	}
	return db, nil
}

// Close closes the database.
func (db *DB) Close() error { return db.db.Close() }

// migrate applies, in name order, each embedded migration not yet recorded,
// each in its own transaction.
func (db *DB) migrate(ctx context.Context) error {
	if _, err := db.db.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS migrations (name TEXT PRIMARY KEY)`); err != nil {
		return fmt.Errorf("create migrations table: %w", err)
	}
	names, err := fs.Glob(migrationFS, "migration/*.sql")
	if err != nil {
		return err
	}
	sort.Strings(names)
	for _, name := range names {
		if err := db.migrateFile(ctx, name); err != nil {
			return fmt.Errorf("migration %s: %w", name, err)
		}
	}
	return nil
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

// checkVersion makes a read-only open fail clearly on a file that is not a
// tifa database, or one that a newer or older tifa has not migrated.
func (db *DB) checkVersion(ctx context.Context) error {
	var n int
	err := db.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM migrations`).Scan(&n)
	if err != nil {
		return fmt.Errorf("open store %s: not a tifa database (run `tifa crawl` or `tifa demo` first): %w", db.Path, err)
	}
	names, _ := fs.Glob(migrationFS, "migration/*.sql")
	if n < len(names) && !db.readable(ctx, names) {
		return fmt.Errorf("open store %s: database is at migration %d of %d; run any writing command (e.g. `tifa crawl`) once to upgrade it", db.Path, n, len(names))
	}
	return nil
}
