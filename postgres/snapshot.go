package postgres

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
)

// snapshotKey marks, in a context, the read snapshot taken on one pool.
type snapshotKey struct{ pool *pgxpool.Pool }

// Read runs fn with a context in which every query of db reads one
// snapshot: a read-only, repeatable-read transaction. A dashboard page that
// asks for two aggregates while crawls write gets both from the same
// moment, and cannot write (the role the dashboard runs as need not be able
// to either). The snapshot travels in the context, as SQLite's does, so a
// reader declared elsewhere needs no type of this package; a Read inside
// one reuses it.
func (db *DB) Read(ctx context.Context, fn func(ctx context.Context) error) error {
	key := snapshotKey{db.pool}
	if ctx.Value(key) != nil {
		return fn(ctx) // already a snapshot
	}
	tx, err := db.pool.BeginTx(ctx, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly})
	if err != nil {
		return fmt.Errorf("read %s: %w", db.Path, err)
	}
	defer tx.Rollback(context.Background())
	for _, q := range db.readSets {
		if _, err := tx.Exec(ctx, q); err != nil {
			return fmt.Errorf("read %s: %w", db.Path, err)
		}
	}
	return fn(context.WithValue(ctx, key, tx))
}

// routed sends each statement to the read snapshot its context carries,
// else to the pool.
type routed struct{ pool *pgxpool.Pool }

func (r routed) on(ctx context.Context) handle {
	if tx, ok := ctx.Value(snapshotKey{r.pool}).(pgx.Tx); ok {
		return tx
	}
	return r.pool
}

func (r routed) Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error) {
	return r.on(ctx).Exec(ctx, sql, args...)
}

func (r routed) Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error) {
	return r.on(ctx).Query(ctx, sql, args...)
}

func (r routed) QueryRow(ctx context.Context, sql string, args ...any) pgx.Row {
	return r.on(ctx).QueryRow(ctx, sql, args...)
}

func (r routed) Begin(ctx context.Context) (pgx.Tx, error) { return r.on(ctx).Begin(ctx) }

func (r routed) SendBatch(ctx context.Context, b *pgx.Batch) pgx.BatchResults {
	return r.on(ctx).SendBatch(ctx, b)
}
