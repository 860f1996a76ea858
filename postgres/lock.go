package postgres

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/tifa-project/tifa"
)

// ErrLocked is returned when another session holds the lock.
var ErrLocked = tifa.ErrLocked

// lockClass is the first key of tifa's advisory locks ("tifa" in ASCII);
// the second is a hash of the lock's name and the schema, so two tifa
// databases in one cluster do not lock each other.
const lockClass = 0x74696661

// Lock is a session-level advisory lock, held on one connection taken from
// the pool until Unlock. A holder that dies, even by kill -9, loses its
// connection, and the server releases the lock with it.
type Lock struct {
	conn *pgx.Conn // out of the pool: a held lock does not use up a pooled connection
	name string
	set  *lockSet
	once sync.Once
	err  error
}

// lockSet is the locks a DB holds, released by Close.
type lockSet struct {
	mu   sync.Mutex
	held map[*Lock]bool
}

func (s *lockSet) add(l *Lock) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.held == nil {
		s.held = map[*Lock]bool{}
	}
	s.held[l] = true
}

func (s *lockSet) remove(l *Lock) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.held, l)
}

// unlockAll releases every lock still held.
func (s *lockSet) unlockAll() error {
	s.mu.Lock()
	var all []*Lock
	for l := range s.held {
		all = append(all, l)
	}
	s.mu.Unlock()
	var err error
	for _, l := range all {
		err = errors.Join(err, l.Unlock())
	}
	return err
}

// TryLock takes the lock named name (e.g. "retag", "backfill xinhua") or
// fails at once with ErrLocked and who holds it.
func (db *DB) TryLock(ctx context.Context, name string) (tifa.Lock, error) {
	if ctx.Value(snapshotKey{db.pool}) != nil {
		return nil, fmt.Errorf("lock %s on %s: a read snapshot takes no locks", name, db.Path)
	}
	conn, err := db.pool.Acquire(ctx)
	if err != nil {
		return nil, fmt.Errorf("lock %s on %s: %w", name, db.Path, err)
	}
	var ok bool
	if err := conn.QueryRow(ctx, `SELECT pg_try_advisory_lock($1, hashtext(current_schema() || ':' || $2))`, lockClass, name).Scan(&ok); err != nil {
		conn.Release()
		return nil, fmt.Errorf("lock %s on %s: %w", name, db.Path, err)
	}
	if !ok {
		holder := db.holder(ctx, conn, name)
		conn.Release()
		return nil, fmt.Errorf("%s: another %s is running on this database (%s): %w", db.Path, name, holder, ErrLocked)
	}
	l := &Lock{conn: conn.Hijack(), name: name, set: db.locks}
	db.locks.add(l)
	return l, nil
}

// holder describes the session holding lock name, from pg_stat_activity:
// tifa names its sessions "tifa host:pid".
func (db *DB) holder(ctx context.Context, conn *pgxpool.Conn, name string) string {
	var app, addr string
	var pid int
	err := conn.QueryRow(ctx, `SELECT COALESCE(a.application_name, ''), COALESCE(host(a.client_addr), 'local'), l.pid
		FROM pg_locks l LEFT JOIN pg_stat_activity a ON a.pid = l.pid
		WHERE l.locktype = 'advisory' AND l.granted AND l.classid = $1::int4::oid
		  AND l.objid = hashtext(current_schema() || ':' || $2)::oid AND l.objsubid = 2 LIMIT 1`,
		lockClass, name).Scan(&app, &addr, &pid)
	if err != nil {
		return "holder unknown"
	}
	if app == "" {
		app = "an unnamed client"
	}
	return fmt.Sprintf("held by %s from %s, server pid %d", app, addr, pid)
}

// Unlock releases the lock and returns its connection to the pool.
// Closing the lock's session ends the lock, whatever state the session is in.
func (l *Lock) Unlock() error {
	l.once.Do(func() {
		l.set.remove(l)
		ctx := context.Background()
		// Unlocked here, not by closing alone: the server ends a closed
		// session's locks only once its backend has exited, a moment later.
		var ok bool
		err := l.conn.QueryRow(ctx, `SELECT pg_advisory_unlock($1, hashtext(current_schema() || ':' || $2))`, lockClass, l.name).Scan(&ok)
		if err == nil && !ok {
			err = errors.New("the session did not hold it")
		}
		l.err = errors.Join(err, l.conn.Close(ctx))
		if l.err != nil {
			l.err = fmt.Errorf("unlock %s: %w", l.name, l.err)
		}
	})
	return l.err
}
