package postgres

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"

	"github.com/tifa-project/tifa"
)

// nullable are the time columns that hold NULL for none; the others hold
// -infinity (due at once, as SQLite's empty text is).
var nullable = map[string]bool{"frontier.feed_date": true, "alert_deliveries.sent": true}

// DumpRows calls fn with every row of t, in t's key order, each value in
// the engine-neutral type its column's Kind names.
func (db *DB) DumpRows(ctx context.Context, t tifa.Table, fn func(row []any) error) error {
	exprs := make([]string, len(t.Columns))
	for i, c := range t.Columns {
		exprs[i] = c.Name
		if c.Kind == tifa.Day {
			exprs[i] = dayCol(c.Name)
		}
	}
	rows, err := db.db.Query(ctx, `SELECT `+strings.Join(exprs, ", ")+` FROM `+t.Name+` ORDER BY `+t.Key)
	if err != nil {
		return fmt.Errorf("dump %s from %s: %w", t.Name, db.Path, err)
	}
	defer rows.Close()
	for rows.Next() {
		row := make([]any, len(t.Columns))
		dest := make([]any, len(t.Columns))
		times := make([]pgtype.Timestamptz, len(t.Columns))
		for i, c := range t.Columns {
			switch c.Kind {
			case tifa.Text, tifa.Day:
				row[i] = new(string)
			case tifa.Int:
				row[i] = new(int64)
			case tifa.Bool:
				row[i] = new(bool)
			case tifa.Bytes:
				row[i] = new([]byte)
			case tifa.Time:
				row[i] = &times[i]
			}
			dest[i] = row[i]
		}
		if err := rows.Scan(dest...); err != nil {
			return fmt.Errorf("dump %s from %s: %w", t.Name, db.Path, err)
		}
		for i, c := range t.Columns {
			switch p := row[i].(type) {
			case *string:
				row[i] = *p
			case *int64:
				row[i] = *p
			case *bool:
				row[i] = *p
			case *[]byte:
				if *p == nil {
					*p = []byte{}
				}
				row[i] = *p
			case *pgtype.Timestamptz:
				var v time.Time
				if p.Valid && p.InfinityModifier == pgtype.Finite {
					v = p.Time.UTC()
				}
				row[i] = v
			default:
				return fmt.Errorf("dump %s from %s: column %s: unexpected %T", t.Name, db.Path, c.Name, p)
			}
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

// LoadRows stores rows of t in one transaction, leaving a row whose key is
// already there as it is: a copy run again after an interruption goes on
// where it stopped, without duplicates. A frontier row gets the host its
// fetch URL names, which the claim queries work by.
func (db *DB) LoadRows(ctx context.Context, t tifa.Table, rows [][]any) error {
	names := make([]string, len(t.Columns))
	marks := make([]string, len(t.Columns))
	for i, c := range t.Columns {
		names[i] = c.Name
		marks[i] = "$" + strconv.Itoa(i+1)
		if c.Kind == tifa.Day {
			marks[i] += "::date"
		}
	}
	frontier := t.Name == "frontier"
	fetchAt := -1
	if frontier {
		for i, c := range t.Columns {
			if c.Name == "fetch_url" {
				fetchAt = i
			}
		}
		if fetchAt < 0 {
			return fmt.Errorf("load frontier into %s: no fetch_url column", db.Path)
		}
		names = append(names, "host")
		marks = append(marks, "$"+strconv.Itoa(len(marks)+1))
	}
	q := `INSERT INTO ` + t.Name + ` (` + strings.Join(names, ", ") + `) VALUES (` + strings.Join(marks, ", ") + `) ON CONFLICT DO NOTHING`
	err := db.tx(ctx, func(tx pgx.Tx) error {
		var b pgx.Batch
		for _, row := range rows {
			args := make([]any, 0, len(names))
			for i, c := range t.Columns {
				v := row[i]
				if tm, ok := v.(time.Time); ok {
					switch {
					case !tm.IsZero():
						v = tm
					case nullable[t.Name+"."+c.Name]:
						v = nil
					default:
						v = pgtype.Timestamptz{InfinityModifier: pgtype.NegativeInfinity, Valid: true}
					}
				}
				args = append(args, v)
			}
			if frontier {
				host := hostOf(row[fetchAt].(string))
				b.Queue(`INSERT INTO hosts (host) VALUES ($1) ON CONFLICT (host) DO NOTHING`, host)
				args = append(args, host)
			}
			b.Queue(q, args...)
		}
		return tx.SendBatch(ctx, &b).Close()
	})
	if err != nil {
		return fmt.Errorf("load %s into %s: %w", t.Name, db.Path, err)
	}
	return nil
}

// CountRows is the number of rows in table.
func (db *DB) CountRows(ctx context.Context, table string) (int64, error) {
	var n int64
	if err := db.db.QueryRow(ctx, `SELECT count(*) FROM `+table).Scan(&n); err != nil {
		return 0, fmt.Errorf("count %s in %s: %w", table, db.Path, err)
	}
	return n, nil
}

// FinishLoad moves the identity sequences past the ids a load stored with
// the rows, so the next article or run saved does not collide with one,
// writes monthly_terms again compactly, and gathers the planner's
// statistics of the loaded tables: until autovacuum gets to them (a minute
// or more after a load, and later on a busy server) the first reports are
// planned for empty tables.
//
// The load's daily rows reached monthly_terms through its row trigger, one
// update of a month's row per day, and every update leaves a dead version
// behind: a copy of a million articles left 65,711 rows in 66 MB, and the
// dashboard's ranking read all of it (a 22 ms scan; 6 ms over the 4.9 MB
// the same rows take written at once). Autovacuum frees such space for
// reuse but does not give it back.
func (db *DB) FinishLoad(ctx context.Context) error {
	for _, t := range []string{"articles", "runs"} {
		if _, err := db.db.Exec(ctx, `SELECT setval(pg_get_serial_sequence('`+t+`', 'id'), COALESCE(MAX(id), 0) + 1, false) FROM `+t); err != nil {
			return fmt.Errorf("finish the load into %s: %s ids: %w", db.Path, t, err)
		}
	}
	err := db.tx(ctx, func(tx pgx.Tx) error {
		_, err := tx.Exec(ctx, `TRUNCATE monthly_terms; INSERT INTO monthly_terms (term, source, month, mentions, nested, articles) `+monthSums)
		return err
	})
	if err != nil {
		return fmt.Errorf("finish the load into %s: monthly counts: %w", db.Path, err)
	}
	names := []string{"monthly_terms"}
	for _, t := range tifa.DumpTables() {
		names = append(names, t.Name)
	}
	if _, err := db.db.Exec(ctx, `ANALYZE `+strings.Join(names, ", ")); err != nil {
		return fmt.Errorf("finish the load into %s: analyze: %w", db.Path, err)
	}
	return nil
}

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
