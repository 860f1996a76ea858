package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/tifa-project/tifa"
)

// BeginDiscovery makes worker the one reading source's listings this round,
// held for hold (renewed by RenewDiscovery while it reads), unless another
// discovery of the source is running or finished less than round ago: then
// it returns that one and false. The upsert tests the row on its latest
// version, on the store's clock, so two crawls never both begin.
func (db *DB) BeginDiscovery(ctx context.Context, source, worker string, round, hold time.Duration) (tifa.Discovery, bool, error) {
	if source == "" || worker == "" {
		return tifa.Discovery{}, false, fmt.Errorf("begin discovery of %q for %q: a source and a worker are required", source, worker)
	}
	var began int
	err := db.db.QueryRowContext(ctx, `INSERT INTO discoveries (source, worker, started, held_until, finished)
		VALUES (?1, ?2, `+storeNow+`, `+storeNow+` + ?4, 0)
		ON CONFLICT (source) DO UPDATE SET worker = excluded.worker, started = excluded.started,
			held_until = excluded.held_until, finished = 0
		WHERE (finished > 0 AND finished <= `+storeNow+` - ?3) OR (finished = 0 AND held_until <= `+storeNow+`)
		RETURNING 1`, source, worker, round.Milliseconds(), hold.Milliseconds()).Scan(&began)
	if err == nil {
		return tifa.Discovery{Worker: worker, Running: true}, true, nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return tifa.Discovery{}, false, kinded(fmt.Errorf("begin discovery of %s: %w", source, err))
	}
	d, err := db.Discovery(ctx, source)
	return d, false, err
}

// RenewDiscovery extends worker's hold on its running discovery of source.
func (db *DB) RenewDiscovery(ctx context.Context, source, worker string, hold time.Duration) error {
	_, err := db.db.ExecContext(ctx, `UPDATE discoveries SET held_until = `+storeNow+` + ?3
		WHERE source = ?1 AND worker = ?2 AND finished = 0`, source, worker, hold.Milliseconds())
	if err != nil {
		return kinded(fmt.Errorf("renew discovery of %s: %w", source, err))
	}
	return nil
}

// EndDiscovery ends worker's discovery of source: complete, it serves the
// rest of the round; otherwise (interrupted) it lapses at once, for the
// next crawl to take over.
func (db *DB) EndDiscovery(ctx context.Context, source, worker string, complete bool) error {
	q := `UPDATE discoveries SET held_until = ` + storeNow + `, finished = ` + storeNow + ` WHERE source = ?1 AND worker = ?2 AND finished = 0`
	if !complete {
		q = `UPDATE discoveries SET held_until = 0 WHERE source = ?1 AND worker = ?2 AND finished = 0`
	}
	if _, err := db.db.ExecContext(ctx, q, source, worker); err != nil {
		return kinded(fmt.Errorf("end discovery of %s: %w", source, err))
	}
	return nil
}

// Discovery says where the latest discovery of source stands.
func (db *DB) Discovery(ctx context.Context, source string) (tifa.Discovery, error) {
	var d tifa.Discovery
	var running bool
	var finished int64
	err := db.db.QueryRowContext(ctx, `SELECT worker, finished = 0 AND held_until > `+storeNow+`, finished
		FROM discoveries WHERE source = ?`, source).Scan(&d.Worker, &running, &finished)
	if errors.Is(err, sql.ErrNoRows) {
		return tifa.Discovery{}, nil
	}
	if err != nil {
		return tifa.Discovery{}, kinded(fmt.Errorf("discovery of %s: %w", source, err))
	}
	d.Running = running
	if finished > 0 {
		d.Finished = time.UnixMilli(finished)
	}
	return d, nil
}
