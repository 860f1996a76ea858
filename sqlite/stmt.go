package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"strings"
)

// chunkRows is how many rows one multi-row statement writes. 64 rows of
// the widest table written this way (mentions, 5 columns) bind 320
// variables, far under SQLite's limit (32766 since 3.32), and one
// statement per 64 rows already takes the per-statement cost (the cgo
// call, the parse, the step) off the profile.
const chunkRows = 64

// stmts prepares each statement text once per transaction and keeps it
// for the transaction's life: a retag batch or a group of saves runs the
// same few texts hundreds of times, and preparing is a parse of the SQL.
type stmts struct {
	tx *sql.Tx
	m  map[string]*sql.Stmt
}

func newStmts(tx *sql.Tx) *stmts { return &stmts{tx: tx, m: map[string]*sql.Stmt{}} }

func (s *stmts) prepared(ctx context.Context, query string) (*sql.Stmt, error) {
	if st := s.m[query]; st != nil {
		return st, nil
	}
	st, err := s.tx.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
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
// chunk's values (as a SET's value before an IN list).
func (s *stmts) execRows(ctx context.Context, query string, cols int, lead []any, args []any) error {
	per := chunkRows * cols
	for len(args) > 0 {
		n := min(per, len(args))
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
