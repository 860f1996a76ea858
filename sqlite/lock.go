package sqlite

import (
	"context"
	"errors"
	"fmt"
	"os"
	"sync"
	"syscall"

	"github.com/tifa-project/tifa"
)

// ErrLocked is returned when another process holds the lock.
var ErrLocked = tifa.ErrLocked

// locker is how an engine takes a named lock that lasts as long as the
// holder's process: a file lock for SQLite, and for a server database an
// advisory lock on the session.
type locker interface {
	tryLock(name string) (unlock func() error, err error)
}

// Lock is an exclusive lock on the database, held until Unlock or until
// the process ends, however it ends, so a killed crawl never leaves it stuck.
type Lock struct{ unlock func() error }

// TryLock takes the lock named name (e.g. "crawl") or fails at once with
// ErrLocked. ctx is for engines whose lock is a round trip; a file lock
// does not wait.
func (db *DB) TryLock(ctx context.Context, name string) (tifa.Lock, error) {
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("lock %s on %s: %w", name, db.Path, err)
	}
	if db.lock == nil {
		return nil, fmt.Errorf("lock %s on %s: a read snapshot takes no locks", name, db.Path)
	}
	unlock, err := db.lock.tryLock(name)
	if err != nil {
		return nil, err
	}
	return &Lock{unlock: unlock}, nil
}

// Unlock releases the lock.
func (l *Lock) Unlock() error { return l.unlock() }

// fileLocker locks the database file itself (flock on its inode), so every
// name that reaches the file (a symlink, a hard link, ./tifa.db and an
// absolute path) meets the same lock. SQLite's own locks are POSIX record
// locks, which flock does not touch; but closing any descriptor of the file
// drops the process's POSIX locks, so descriptors are closed only after the
// database is (DB.Close), never at Unlock.
//
// A file has one such lock: name is for messages (SQLite needs one only,
// the crawl's).
type fileLocker struct {
	path string
	mu   sync.Mutex
	held []*os.File // locked or unlocked, closed by close
}

func (l *fileLocker) tryLock(name string) (func() error, error) {
	f, err := os.Open(l.path)
	if err != nil {
		return nil, fmt.Errorf("lock %s: %w", l.path, err)
	}
	l.mu.Lock()
	l.held = append(l.held, f)
	l.mu.Unlock()
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		if errors.Is(err, syscall.EWOULDBLOCK) {
			// The file has one lock for every job, so the holder may be
			// another kind than the one asking: say which could be.
			return nil, fmt.Errorf("%s: cannot %s: another crawl, backfill or retag is running on this database (a SQLite file takes one at a time): %w", l.path, name, ErrLocked)
		}
		return nil, fmt.Errorf("lock %s: %w", l.path, err)
	}
	var once sync.Once
	return func() error {
		var err error
		once.Do(func() { err = syscall.Flock(int(f.Fd()), syscall.LOCK_UN) })
		return err
	}, nil
}

// open opens the file for reading and keeps the descriptor until close,
// for the same reason the locks' descriptors are kept.
func (l *fileLocker) open(path string) (*os.File, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	l.mu.Lock()
	l.held = append(l.held, f)
	l.mu.Unlock()
	return f, nil
}

// close closes the lock descriptors; the kernel drops any lock still held.
func (l *fileLocker) close() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	var err error
	for _, f := range l.held {
		err = errors.Join(err, f.Close())
	}
	l.held = nil
	return err
}
