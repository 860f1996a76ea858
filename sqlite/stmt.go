package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"sync"
)

// chunkRows is how many rows one multi-row statement writes. 64 rows of
// the widest table written this way (mentions, 5 columns) bind 320
// variables, far under SQLite's limit (32766 since 3.32), and one
// statement per 64 rows already takes the per-statement cost (the cgo
// call, the parse, the step) off the profile.
const chunkRows = 64

// prepCache holds the pool's prepared write statements by text. database/sql
// keeps each one prepared on every connection it has run on, so a
// transaction that takes one with Tx.StmtContext reuses its connection's
// statement instead of parsing the SQL again: a crawl saves each article
// in a transaction of its own, with the same dozen texts every time.
type prepCache struct {
	pool *sql.DB
	mu   sync.Mutex
	m    map[string]*sql.Stmt
}

func newPrepCache(pool *sql.DB) *prepCache { return &prepCache{pool: pool, m: map[string]*sql.Stmt{}} }

func (c *prepCache) get(ctx context.Context, query string) (*sql.Stmt, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if st := c.m[query]; st != nil {
		return st, nil
	}
	st, err := c.pool.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	c.m[query] = st
	return st, nil
}

func (c *prepCache) close() error {
	if c == nil {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	var err error
	for _, st := range c.m {
		err = errors.Join(err, st.Close())
	}
	clear(c.m)
	return err
}

// stmts are a transaction's statements, each text prepared (or taken from
// the connection's, through cache) once and kept for the transaction's
// life: a retag batch or a group of saves runs the same few texts many
// times.
type stmts struct {
	tx    *sql.Tx
	cache *prepCache // nil: prepare per transaction
	m     map[string]*sql.Stmt
}

func newStmts(db *DB, tx *sql.Tx) *stmts {
	return &stmts{tx: tx, cache: db.prep, m: map[string]*sql.Stmt{}}
}

func (s *stmts) prepared(ctx context.Context, query string) (*sql.Stmt, error) {
	if st := s.m[query]; st != nil {
		return st, nil
	}
	var st *sql.Stmt
	if s.cache != nil {
		shared, err := s.cache.get(ctx, query)
		if err != nil {
			return nil, err
		}
		st = s.tx.StmtContext(ctx, shared)
	} else {
		var err error
		if st, err = s.tx.PrepareContext(ctx, query); err != nil {
			return nil, err
		}
	}
	s.m[query] = st
	return st, nil
}

func (s *stmts) exec(ctx context.Context, query string, args ...any) error {
	st, err := s.prepared(ctx, query)
	if err != nil {
		return err
	}
	_, err = st.ExecContext(ctx, args...)
	return err
}

func (s *stmts) query(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	st, err := s.prepared(ctx, query)
	if err != nil {
		return nil, err
	}
	return st.QueryContext(ctx, args...)
}

func (s *stmts) queryRow(ctx context.Context, query string, args ...any) *sql.Row {
	st, err := s.prepared(ctx, query)
	if err != nil {
		// A Row cannot be made to carry an error; run the text unprepared,
		// which reports the same error from Scan.
		return s.tx.QueryRowContext(ctx, query, args...)
	}
	return st.QueryRowContext(ctx, args...)
}

// close finalises the statements; the transaction stays open.
func (s *stmts) close() error {
	var err error
	for _, st := range s.m {
		err = errors.Join(err, st.Close())
	}
	clear(s.m)
	return err
}

// execRows writes rows (each cols values, flattened in args) with one
// statement per chunk of up to chunkRows rows. query holds one %v where
// the chunk's "(?, ?), (?, ?)" list goes; lead is bound before each
// chunk's values (as a SET's value before an IN list). Chunks are of a
// power of two rows, so a text has at most 7 sizes to keep prepared.
func (s *stmts) execRows(ctx context.Context, query string, cols int, lead []any, args []any) error {
	for len(args) > 0 {
		rows := chunkRows
		for rows*cols > len(args) {
			rows /= 2
		}
		n := rows * cols
		chunk := append(append(make([]any, 0, len(lead)+n), lead...), args[:n]...)
		if err := s.exec(ctx, strings.Replace(query, "%v", tuples(n/cols, cols), 1), chunk...); err != nil {
			return err
		}
		args = args[n:]
	}
	return nil
}

// tuples is "(?, ?), (?, ?)" for rows rows of cols placeholders.
func tuples(rows, cols int) string {
	one := "(" + strings.Repeat("?, ", cols-1) + "?)"
	return strings.Repeat(one+", ", rows-1) + one
}
