package postgres

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
)

// Read runs fn with a DB whose every query reads one snapshot: a read-only,
// repeatable-read transaction. A dashboard page that asks for two
// aggregates while crawls write gets both from the same moment, and cannot
// write (the role the dashboard runs as need not be able to either).
func (db *DB) Read(ctx context.Context, fn func(*DB) error) error {
	if db.pool == nil {
		return fn(db) // already a snapshot
	}
	tx, err := db.pool.BeginTx(ctx, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly})
	if err != nil {
		return fmt.Errorf("read %s: %w", db.Path, err)
	}
	defer tx.Rollback(context.Background())
	return fn(&DB{db: tx, Path: db.Path, Worker: db.Worker})
}
