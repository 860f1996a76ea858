package sqlite

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
)

var errSnapshotWrite = errors.New("a read snapshot cannot write")

// snapshotKey marks, in a context, the read snapshot taken on one pool.
type snapshotKey struct{ pool *sql.DB }

// Read runs fn with a context in which every query of db reads the same
// snapshot of the database: one read transaction on one connection. A page
// that asks for two aggregates while a crawl writes gets both from the same
// moment, never one from before an article and one from after. The
// snapshot travels in the context, not in a second handle, so a reader
// declared elsewhere (report, dashboard) needs no type of this package; a
// write under that context fails, and a Read inside one reuses it.
func (db *DB) Read(ctx context.Context, fn func(ctx context.Context) error) error {
	key := snapshotKey{db.pool}
	if ctx.Value(key) != nil {
		return fn(ctx) // already a snapshot
	}
	conn, err := db.pool.Conn(ctx)
	if err != nil {
		return fmt.Errorf("read %s: %w", db.Path, db.damaged(err))
	}
	defer conn.Close()
	// A deferred BEGIN, not BeginTx: the writable handle's transactions
	// begin IMMEDIATE, which would take the write lock for a read.
	if _, err := conn.ExecContext(ctx, `BEGIN DEFERRED`); err != nil {
		return fmt.Errorf("read %s: %w", db.Path, err)
	}
	defer func() {
		if _, err := conn.ExecContext(context.Background(), `ROLLBACK`); err != nil {
			// The transaction's state is unknown (an interrupted query may
			// have ended it): keep the connection out of the pool.
			conn.Raw(func(any) error { return driver.ErrBadConn })
		}
	}()
	return fn(context.WithValue(ctx, key, conn))
}

// pool is a DB's connection pool; a statement whose context carries a read
// snapshot of this pool (see Read) goes to the snapshot's connection, and a
// write there is refused.
type pool struct{ *sql.DB }

func (p pool) snapshot(ctx context.Context) *sql.Conn {
	conn, _ := ctx.Value(snapshotKey{p.DB}).(*sql.Conn)
	return conn
}

func (p pool) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	if conn := p.snapshot(ctx); conn != nil {
		return conn.QueryContext(ctx, query, args...)
	}
	return p.DB.QueryContext(ctx, query, args...)
}

func (p pool) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	if conn := p.snapshot(ctx); conn != nil {
		return conn.QueryRowContext(ctx, query, args...)
	}
	return p.DB.QueryRowContext(ctx, query, args...)
}

func (p pool) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	if p.snapshot(ctx) != nil {
		return nil, errSnapshotWrite
	}
	return p.DB.ExecContext(ctx, query, args...)
}

func (p pool) BeginTx(ctx context.Context, opts *sql.TxOptions) (*sql.Tx, error) {
	if p.snapshot(ctx) != nil {
		return nil, errSnapshotWrite
	}
	return p.DB.BeginTx(ctx, opts)
}
