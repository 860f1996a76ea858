package sqlite

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
)

var errSnapshotWrite = errors.New("a read snapshot cannot write")

// Read runs fn with a DB whose every query reads the same snapshot of the
// database: one read transaction on one connection. A page that asks for
// two aggregates while a crawl writes gets both from the same moment,
// never one from before an article and one from after.
func (db *DB) Read(ctx context.Context, fn func(*DB) error) error {
	if db.pool == nil {
		return fn(db) // already a snapshot
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
	return fn(&DB{db: snapshot{conn}, Path: db.Path})
}

// snapshot is a connection inside a read transaction; it refuses to write.
type snapshot struct{ conn *sql.Conn }

func (s snapshot) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	return s.conn.QueryContext(ctx, query, args...)
}

func (s snapshot) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	return s.conn.QueryRowContext(ctx, query, args...)
}

func (snapshot) ExecContext(context.Context, string, ...any) (sql.Result, error) {
	return nil, errSnapshotWrite
}

func (snapshot) BeginTx(context.Context, *sql.TxOptions) (*sql.Tx, error) {
	return nil, errSnapshotWrite
}
