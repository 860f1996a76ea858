package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/tifa-project/tifa"
)

// BeginDiscovery makes worker the one reading source's listings this round,
// held for hold (renewed by RenewDiscovery while it reads), unless another
// discovery of the source is running or finished less than round ago: then
// it returns that one and false. The upsert locks the source's row and
// tests it on its latest version, on the server's clock, so two crawls on
// any machines never both begin.
func (db *DB) BeginDiscovery(ctx context.Context, source, worker string, round, hold time.Duration) (tifa.Discovery, bool, error) {
	if source == "" || worker == "" {
		return tifa.Discovery{}, false, fmt.Errorf("begin discovery of %q for %q: a source and a worker are required", source, worker)
	}
	var began bool
	err := db.db.QueryRow(ctx, `INSERT INTO discoveries (source, worker, started, held_until)
		VALUES ($1, $2, now(), now() + $4::interval)
		ON CONFLICT (source) DO UPDATE SET worker = excluded.worker, started = excluded.started,
			held_until = excluded.held_until, finished = NULL
		WHERE discoveries.finished <= now() - $3::interval
			OR (discoveries.finished IS NULL AND discoveries.held_until <= now())
		RETURNING true`, source, worker, round, hold).Scan(&began)
	if err == nil {
		return tifa.Discovery{Worker: worker, Running: true}, true, nil
	}
	if !errors.Is(err, pgx.ErrNoRows) {
		return tifa.Discovery{}, false, kinded(fmt.Errorf("begin discovery of %s: %w", source, err))
	}
	d, err := db.Discovery(ctx, source)
	return d, false, err
}

// RenewDiscovery extends worker's hold on its running discovery of source.
func (db *DB) RenewDiscovery(ctx context.Context, source, worker string, hold time.Duration) error {
	if _, err := db.db.Exec(ctx, `UPDATE discoveries SET held_until = now() + $3::interval
		WHERE source = $1 AND worker = $2 AND finished IS NULL`, source, worker, hold); err != nil {
		return kinded(fmt.Errorf("renew discovery of %s: %w", source, err))
	}
	return nil
}

// EndDiscovery ends worker's discovery of source: complete, it serves the
// rest of the round; otherwise (interrupted) it lapses at once, for the
// next crawl to take over.
func (db *DB) EndDiscovery(ctx context.Context, source, worker string, complete bool) error {
	q := `UPDATE discoveries SET held_until = now(), finished = now() WHERE source = $1 AND worker = $2 AND finished IS NULL`
	if !complete {
		q = `UPDATE discoveries SET held_until = '-infinity' WHERE source = $1 AND worker = $2 AND finished IS NULL`
	}
	if _, err := db.db.Exec(ctx, q, source, worker); err != nil {
		return kinded(fmt.Errorf("end discovery of %s: %w", source, err))
	}
	return nil
}

// Discovery says where the latest discovery of source stands.
func (db *DB) Discovery(ctx context.Context, source string) (tifa.Discovery, error) {
	var d tifa.Discovery
	var finished *time.Time
	err := db.db.QueryRow(ctx, `SELECT worker, finished IS NULL AND held_until > now(), finished
		FROM discoveries WHERE source = $1`, source).Scan(&d.Worker, &d.Running, &finished)
	if errors.Is(err, pgx.ErrNoRows) {
		return tifa.Discovery{}, nil
	}
	if err != nil {
		return tifa.Discovery{}, kinded(fmt.Errorf("discovery of %s: %w", source, err))
	}
	if finished != nil {
		d.Finished = *finished
	}
	return d, nil
}
