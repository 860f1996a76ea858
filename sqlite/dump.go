package sqlite

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/tifa-project/tifa"
)

// DumpRows calls fn with every row of t, in t's key order, each value in
// the engine-neutral type its column's Kind names.
func (db *DB) DumpRows(ctx context.Context, t tifa.Table, fn func(row []any) error) error {
	names := make([]string, len(t.Columns))
	for i, c := range t.Columns {
		names[i] = c.Name
	}
	rows, err := db.db.QueryContext(ctx, `SELECT `+strings.Join(names, ", ")+` FROM `+t.Name+` ORDER BY `+t.Key)
	if err != nil {
		return fmt.Errorf("dump %s from %s: %w", t.Name, db.Path, err)
	}
	defer rows.Close()
	raw := make([]any, len(t.Columns))
	ptrs := make([]any, len(t.Columns))
	for i := range raw {
		ptrs[i] = &raw[i]
	}
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return fmt.Errorf("dump %s from %s: %w", t.Name, db.Path, err)
		}
		row := make([]any, len(t.Columns))
		for i, c := range t.Columns {
			v, err := fromSQLite(c, raw[i])
			if err != nil {
				return fmt.Errorf("dump %s from %s: %w", t.Name, db.Path, err)
			}
			row[i] = v
		}
		if err := fn(row); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("dump %s from %s: %w", t.Name, db.Path, err)
	}
	return nil
}

func fromSQLite(c tifa.Column, v any) (any, error) {
	switch c.Kind {
	case tifa.Int:
		n, ok := v.(int64)
		if !ok {
			return nil, fmt.Errorf("column %s: %T is not an integer", c.Name, v)
		}
		return n, nil
	case tifa.Bool:
		n, ok := v.(int64)
		if !ok {
			return nil, fmt.Errorf("column %s: %T is not 0 or 1", c.Name, v)
		}
		return n != 0, nil
	case tifa.Bytes:
		switch b := v.(type) {
		case []byte:
			return append([]byte(nil), b...), nil
		case string:
			return []byte(b), nil
		case nil:
			return []byte{}, nil
		}
		return nil, fmt.Errorf("column %s: %T is not bytes", c.Name, v)
	}
	var s string
	switch x := v.(type) {
	case string:
		s = x
	case []byte:
		s = string(x)
	default:
		return nil, fmt.Errorf("column %s: %T is not text", c.Name, v)
	}
	if c.Kind != tifa.Time {
		return s, nil
	}
	if s == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return nil, fmt.Errorf("column %s: %w", c.Name, err)
	}
	return t.UTC(), nil // the instant; its zone is the engine's to choose
}

func toSQLite(c tifa.Column, v any) any {
	switch x := v.(type) {
	case bool:
		if x {
			return 1
		}
		return 0
	case time.Time:
		if x.IsZero() {
			return ""
		}
		if c.China {
			return x.In(tifa.China).Format(time.RFC3339)
		}
		return x.UTC().Format(time.RFC3339)
	}
	return v
}

// LoadRows stores rows of t in one transaction, leaving a row whose key is
// already there as it is: a copy run again after an interruption goes on
// where it stopped, without duplicates.
func (db *DB) LoadRows(ctx context.Context, t tifa.Table, rows [][]any) error {
	names := make([]string, len(t.Columns))
	for i, c := range t.Columns {
		names[i] = c.Name
	}
	q := `INSERT INTO ` + t.Name + ` (` + strings.Join(names, ", ") + `) VALUES (` +
		strings.TrimSuffix(strings.Repeat("?, ", len(names)), ", ") + `) ON CONFLICT DO NOTHING`
	tx, err := db.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("load %s into %s: %w", t.Name, db.Path, err)
	}
	defer tx.Rollback()
	st, err := tx.PrepareContext(ctx, q)
	if err != nil {
		return fmt.Errorf("load %s into %s: %w", t.Name, db.Path, err)
	}
	defer st.Close()
	args := make([]any, len(t.Columns))
	for _, row := range rows {
		for i, c := range t.Columns {
			args[i] = toSQLite(c, row[i])
		}
		if _, err := st.ExecContext(ctx, args...); err != nil {
			return fmt.Errorf("load %s into %s: %w", t.Name, db.Path, err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("load %s into %s: %w", t.Name, db.Path, err)
	}
	return nil
}

// CountRows is the number of rows in table.
func (db *DB) CountRows(ctx context.Context, table string) (int64, error) {
	var n int64
	if err := db.db.QueryRowContext(ctx, `SELECT count(*) FROM `+table).Scan(&n); err != nil {
		return 0, fmt.Errorf("count %s in %s: %w", table, db.Path, err)
	}
	return n, nil
}

// FinishLoad is what a load needs once every table is in: nothing on
// SQLite, whose ids go on from the largest stored.
func (db *DB) FinishLoad(ctx context.Context) error { return nil }

// AggregateProblems is what Check finds wrong with the daily aggregates:
// each a line saying so, none when they equal the sums over the articles.
func (db *DB) AggregateProblems(ctx context.Context) ([]string, error) {
	ps, err := db.Check(ctx)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, p := range ps {
		if p.Check == "aggregates" {
			out = append(out, p.What)
		}
	}
	return out, nil
}
