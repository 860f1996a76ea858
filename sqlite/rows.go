package sqlite

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"slices"
)

// eachRow runs a query on the driver's connection itself and calls row with
// each row's values, reused from row to row. It is for the few queries that
// return tens of thousands of rows (a year of daily aggregates):
// database/sql's Scan converts every column by reflection, and an int
// column even by formatting and parsing it again, most of what such a
// query cost beyond SQLite's own work.
func (db *DB) eachRow(ctx context.Context, query string, args []any, ncol int, row func([]driver.Value) error) error {
	p, ok := db.db.(pool)
	if !ok {
		return errors.New("query on a handle without a connection pool")
	}
	conn, release, err := p.conn(ctx)
	if err != nil {
		return err
	}
	defer release()
	named := make([]driver.NamedValue, len(args))
	for i, a := range args {
		v, err := driver.DefaultParameterConverter.ConvertValue(a)
		if err != nil {
			return fmt.Errorf("argument %d: %w", i+1, err)
		}
		named[i] = driver.NamedValue{Ordinal: i + 1, Value: v}
	}
	return conn.Raw(func(dc any) error {
		q, ok := dc.(driver.QueryerContext)
		if !ok {
			return fmt.Errorf("driver connection %T cannot query", dc)
		}
		rows, err := q.QueryContext(ctx, query, named)
		if err != nil {
			return err
		}
		defer rows.Close()
		if n := len(rows.Columns()); n != ncol {
			return fmt.Errorf("query returns %d columns, want %d", n, ncol)
		}
		dest := make([]driver.Value, ncol)
		for {
			if err := rows.Next(dest); errors.Is(err, io.EOF) {
				return nil
			} else if err != nil {
				return err
			}
			if err := row(dest); err != nil {
				return err
			}
		}
	})
}

// conn is the read snapshot's connection when ctx carries one, else one
// of the pool's, held until release.
func (p pool) conn(ctx context.Context) (*sql.Conn, func(), error) {
	if c := p.snapshot(ctx); c != nil {
		return c, func() {}, nil
	}
	c, err := p.DB.Conn(ctx)
	if err != nil {
		return nil, nil, err
	}
	return c, func() { c.Close() }, nil
}

// intOf is an integer column's value: SQLite's int64 at once, anything
// else converted as database/sql's Scan into an int would.
func intOf(v driver.Value) (int, error) {
	if n, ok := v.(int64); ok {
		return int(n), nil
	}
	var n sql.NullInt64
	if err := n.Scan(v); err != nil {
		return 0, err
	}
	if !n.Valid {
		return 0, errors.New("converting NULL to int is unsupported")
	}
	return int(n.Int64), nil
}

// interner turns a text column's values into strings, one copy of each
// distinct value: a year of ten terms is 56,000 rows naming a few hundred
// distinct strings.
type interner map[string]string

func (in interner) of(v driver.Value) string {
	s := textOf(v)
	if t, ok := in[s]; ok {
		return t
	}
	in[s] = s
	return s
}

// textOf is a text column's value as a string: a BLOB or number where
// text belongs converted, NULL as "".
func textOf(v driver.Value) string {
	if s, ok := v.(string); ok {
		return s
	}
	var ns sql.NullString
	ns.Scan(v)
	return ns.String
}

// appendDoubling is append that doubles a full slice however long it is:
// append grows a long one by a quarter at a time, which for the 56,000
// rows of a year copies and clears (and makes the GC scan) five times
// the final slice instead of twice.
func appendDoubling[T any](s []T, v T) []T {
	if len(s) == cap(s) {
		s = slices.Grow(s, max(len(s), 64))
	}
	return append(s, v)
}
