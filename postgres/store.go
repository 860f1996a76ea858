// Package postgres keeps tifa's articles, mentions, aggregates and crawl
// frontier in PostgreSQL, so several crawling machines and several analysts
// can share one database. It stores the same domain (package tifa) as
// package sqlite and answers the same queries with the same rows; what
// differs is what a server allows: row locks instead of one writer, a
// frontier claimed with FOR UPDATE SKIP LOCKED, advisory locks on a session.
//
// The DSN is a postgres:// URL or a key=value string, as libpq reads them
// (PGHOST, PGPASSWORD, ~/.pgpass apply too); its password is never printed:
// DB.Path and every error show it redacted. Tables go to the first schema of
// the search path, so one database can hold tifa beside other applications:
//
//	postgres://tifa@db.example/news?sslmode=verify-full&search_path=tifa
//
// Analysts and the dashboard need only read. OpenReadOnly runs every
// statement read-only, and Read takes one read-only snapshot; a role that
// can do no more is:
//
//	CREATE ROLE analyst LOGIN PASSWORD '…';
//	GRANT USAGE ON SCHEMA tifa TO analyst;
//	GRANT SELECT ON ALL TABLES IN SCHEMA tifa TO analyst;
//	ALTER DEFAULT PRIVILEGES IN SCHEMA tifa GRANT SELECT ON TABLES TO analyst;
package postgres

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"sort"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/tifa-project/tifa"
)

//go:embed migration/*.sql
var migrationFS embed.FS

// ErrNotFound is tifa.ErrNotFound: a looked-up row does not exist.
var ErrNotFound = tifa.ErrNotFound

// ErrNotTifa is returned when the schema holds another application's tables.
var ErrNotTifa = errors.New("not a tifa database")

// migrationsTable records the migrations applied. Its name is tifa's own, so
// a schema that has it is tifa's.
const migrationsTable = "tifa_migrations"

// handle is where a DB's statements go: the pool, or the read-only
// transaction a Read's context carries (see routed).
type handle interface {
	Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error)
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
	Begin(ctx context.Context) (pgx.Tx, error)
	SendBatch(ctx context.Context, b *pgx.Batch) pgx.BatchResults
}

// DB is a tifa database on a PostgreSQL server.
type DB struct {
	db   handle
	pool *pgxpool.Pool
	// Path is the DSN with its password redacted: safe to print.
	Path string
	// Worker names this process to the others sharing the database, in
	// leases, locks and runs: host name and process id.
	Worker string
	locks  *lockSet
	// readSets are the SET LOCAL statements of each Read snapshot on a
	// pool that also writes: the planner settings of readPlanning the DSN
	// leaves to tifa (see open).
	readSets []string
}

// readPlanning are the planner settings reads run with, unless the DSN
// sets them itself.
//
// plan_cache_mode: pgx prepares every statement once per connection, and
// after five runs the server would switch to a generic plan, which cannot
// see a report's day range and guesses 0.5 % of the rows for it: on a
// million articles that turned the dashboard's three-year term ranking
// into a bitmap scan of every row (590 ms, not 240) and the wide CSV's
// sort into one on disk. Reads are planned for their own values (under a
// millisecond each); writes, a few small statements repeated per article,
// keep the cached plans.
//
// random_page_cost: at the default 4 (a spinning disk's seek) the planner
// read a year's series for ten terms with a bitmap scan and a sort that
// spilled to disk (35–40 ms on the server, EXPLAIN ANALYZE) rather than
// the primary key's index scan, already in the order asked (15–17 ms).
// The aggregates tifa reads are small and hot; 1.1 is what PostgreSQL's
// manual suggests for solid-state storage.
func readPlanning() [][2]string {
	return [][2]string{{"plan_cache_mode", "force_custom_plan"}, {"random_page_cost", "1.1"}}
}

// Open connects to the database dsn names (a postgres:// URL or a
// key=value string) and applies pending migrations. A schema that holds
// another application's tables is refused, never migrated into.
func Open(ctx context.Context, dsn string) (*DB, error) {
	return open(ctx, dsn, false)
}

// OpenReadOnly connects for queries only: every statement runs in a
// read-only transaction, and nothing is migrated.
func OpenReadOnly(ctx context.Context, dsn string) (*DB, error) {
	return open(ctx, dsn, true)
}

func open(ctx context.Context, dsn string, readOnly bool) (*DB, error) {
	safe := Redact(dsn)
	cfg, err := pgxpool.ParseConfig(dsn)
	if err != nil {
		// pgconn's message may quote the DSN; say only what is safe.
		return nil, fmt.Errorf("open store %s: the DSN does not parse: %s", safe, redactErr(err, dsn))
	}
	host, _ := os.Hostname()
	worker := fmt.Sprintf("%s:%d", host, os.Getpid())
	if cfg.ConnConfig.RuntimeParams == nil {
		cfg.ConnConfig.RuntimeParams = map[string]string{}
	}
	if _, ok := cfg.ConnConfig.RuntimeParams["application_name"]; !ok {
		// What pg_stat_activity shows: how a second job names the holder of a lock.
		cfg.ConnConfig.RuntimeParams["application_name"] = "tifa " + worker
	}
	if readOnly {
		cfg.ConnConfig.RuntimeParams["default_transaction_read_only"] = "on"
	}
	var readSets []string
	for _, p := range readPlanning() {
		if _, set := cfg.ConnConfig.RuntimeParams[p[0]]; set {
			continue // the DSN's word rules
		}
		if readOnly {
			cfg.ConnConfig.RuntimeParams[p[0]] = p[1]
		} else {
			readSets = append(readSets, "SET LOCAL "+p[0]+" = "+p[1])
		}
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("open store %s: %s", safe, redactErr(err, dsn))
	}
	db := &DB{db: routed{pool}, pool: pool, Path: safe, Worker: worker, locks: &lockSet{}, readSets: readSets}
	if err := db.opened(ctx, readOnly, dsn); err != nil {
		pool.Close()
		return nil, err
	}
	return db, nil
}

func (db *DB) opened(ctx context.Context, readOnly bool, dsn string) error {
	if err := db.pool.Ping(ctx); err != nil {
		return fmt.Errorf("open store %s: %s; check the server is running and the DSN's host, port, user and database", db.Path, redactErr(err, dsn))
	}
	if err := db.identify(ctx); err != nil {
		return err
	}
	if readOnly {
		return db.checkVersion(ctx)
	}
	if err := db.newer(ctx); err != nil {
		return err
	}
	if err := db.migrate(ctx); err != nil {
		return fmt.Errorf("open store %s: %w", db.Path, err)
	}
	return nil
}

// Close releases the locks still held and closes the pool.
func (db *DB) Close() error {
	err := db.locks.unlockAll()
	db.pool.Close()
	return err
}

// identify refuses a schema that is neither tifa's nor empty: migrating into
// another application's schema would mix tifa's tables with its own.
func (db *DB) identify(ctx context.Context) error {
	tables, err := db.tables(ctx)
	if err != nil {
		return fmt.Errorf("open store %s: list tables: %w", db.Path, err)
	}
	if len(tables) == 0 {
		return nil
	}
	for _, t := range tables {
		if t == migrationsTable {
			return nil
		}
	}
	return fmt.Errorf("open store %s: %w: its schema holds the tables %s. tifa leaves it untouched: give a new database, or a schema of its own (search_path=tifa in the DSN, after CREATE SCHEMA tifa)",
		db.Path, ErrNotTifa, list(tables, 6))
}

// tables lists the tables of the schema tifa writes to (the first of the
// search path).
func (db *DB) tables(ctx context.Context) ([]string, error) {
	rows, err := db.db.Query(ctx, `SELECT table_name FROM information_schema.tables
		WHERE table_schema = current_schema() ORDER BY table_name COLLATE "C"`)
	if err != nil {
		return nil, err
	}
	return stringRows(rows)
}

func list(names []string, max int) string {
	if len(names) > max {
		return strings.Join(names[:max], ", ") + fmt.Sprintf(" and %d more", len(names)-max)
	}
	return strings.Join(names, ", ")
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

// migrate applies, in name order, each embedded migration not yet recorded,
// each in its own transaction. Workers started together on an empty
// database take turns on a transaction-level advisory lock: the second
// finds the work done.
func (db *DB) migrate(ctx context.Context) error {
	for _, name := range migrations() {
		if err := db.migrateFile(ctx, name); err != nil {
			return fmt.Errorf("migration %s: %w", name, err)
		}
	}
	return nil
}

func (db *DB) migrateFile(ctx context.Context, name string) error {
	tx, err := db.db.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback(ctx)
	if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1, hashtext(current_schema()))`, lockClass); err != nil {
		return err
	}
	if _, err := tx.Exec(ctx, `CREATE TABLE IF NOT EXISTS `+migrationsTable+` (name text PRIMARY KEY, applied timestamptz NOT NULL DEFAULT now())`); err != nil {
		return fmt.Errorf("create migrations table: %w", err)
	}
	var n int
	if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM `+migrationsTable+` WHERE name = $1`, name).Scan(&n); err != nil {
		return err
	} else if n > 0 {
		return nil
	}
	buf, err := fs.ReadFile(migrationFS, name)
	if err != nil {
		return err
	}
	if _, err := tx.Exec(ctx, string(buf)); err != nil {
		return err
	}
	if _, err := tx.Exec(ctx, `INSERT INTO `+migrationsTable+` (name) VALUES ($1)`, name); err != nil {
		return err
	}
	return tx.Commit(ctx)
}

// applied lists the migrations recorded, nil when there is no table yet.
func (db *DB) applied(ctx context.Context) ([]string, error) {
	var ok bool
	if err := db.db.QueryRow(ctx, `SELECT to_regclass($1) IS NOT NULL`, migrationsTable).Scan(&ok); err != nil || !ok {
		return nil, err
	}
	rows, err := db.db.Query(ctx, `SELECT name FROM `+migrationsTable+` ORDER BY name`)
	if err != nil {
		return nil, err
	}
	return stringRows(rows)
}

// checkVersion makes a read-only open fail clearly on a database that this
// tifa has not migrated.
func (db *DB) checkVersion(ctx context.Context) error {
	names, err := db.applied(ctx)
	if err != nil {
		return fmt.Errorf("open store %s: %w", db.Path, err)
	}
	if len(names) == 0 {
		return fmt.Errorf("open store %s: not a tifa database yet (run `tifa crawl` or `tifa copy` into it first)", db.Path)
	}
	if want := len(migrations()); len(names) < want {
		return fmt.Errorf("open store %s: database is at migration %d of %d; run any writing command (e.g. `tifa crawl`) once to upgrade it", db.Path, len(names), want)
	}
	return nil
}

// newer refuses to write to a database a newer tifa has migrated.
func (db *DB) newer(ctx context.Context) error {
	names, err := db.applied(ctx)
	if err != nil {
		return fmt.Errorf("open store %s: %w", db.Path, err)
	}
	known := map[string]bool{}
	for _, m := range migrations() {
		known[m] = true
	}
	var unknown []string
	for _, n := range names {
		if !known[n] {
			unknown = append(unknown, n)
		}
	}
	if len(unknown) > 0 {
		return fmt.Errorf("open store %s: a newer tifa has migrated it (%s); this one will not write to it: use that version", db.Path, list(unknown, 3))
	}
	return nil
}
