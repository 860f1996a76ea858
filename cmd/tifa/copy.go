package main

import (
	"context"
	"fmt"
	"os"
	"slices"

	"github.com/tifa-project/tifa"
)

// dumper is what tifa copy needs of each side: a whole database, table by
// table, in engine-neutral rows.
type dumper interface {
	DumpRows(ctx context.Context, t tifa.Table, fn func(row []any) error) error
	LoadRows(ctx context.Context, t tifa.Table, rows [][]any) error
	CountRows(ctx context.Context, table string) (int64, error)
	FinishLoad(ctx context.Context) error
	AggregateProblems(ctx context.Context) ([]string, error)
}

// copyBatch rows go in one transaction: an interrupted copy loses at most
// one batch of work, and a run again skips what is there.
const copyBatch = 1000

func runCopy(ctx context.Context, e *env, args []string) error {
	fs := flagSet(e, "copy", "--from SRC --to DST", "Copy a whole tifa database to another, each a SQLite file or a postgres:// URL: articles,\n"+
		"mentions, aggregates, frontier, runs, lexicons, backfill records, alerts. Run it again after\n"+
		"an interruption to go on; it verifies the row counts and the aggregates at the end.")
	from := fs.String("from", "", "the database to copy, `SRC`: a SQLite file or a postgres:// URL")
	to := fs.String("to", "", "the database to copy into, `DST`: empty or a copy begun earlier; a SQLite file or a postgres:// URL")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("unexpected argument %q", fs.Arg(0))
	}
	if *from == "" || *to == "" {
		return usagef("give both --from and --to")
	}
	if *from == *to {
		return usagef("--from and --to are the same database")
	}
	src, err := openForCopy(ctx, *from, true)
	if err != nil {
		return err
	}
	defer src.Close()
	dst, err := openForCopy(ctx, *to, false)
	if err != nil {
		return err
	}
	defer dst.Close()
	return copyDB(ctx, e, src, dst, redactAny(*from), redactAny(*to))
}

// copyStore is one side of a copy.
type copyStore interface {
	dumper
	Close() error
}

func openForCopy(ctx context.Context, dsn string, readOnly bool) (copyStore, error) {
	var db DB
	var err error
	if readOnly {
		if _, serr := os.Stat(dsn); serr != nil && !isPostgres(dsn) {
			return nil, fmt.Errorf("--from %s: %w", dsn, serr)
		}
		db, err = OpenReadOnly(ctx, dsn)
	} else {
		db, err = Open(ctx, dsn)
	}
	if err != nil {
		return nil, err
	}
	s, ok := db.(copyStore)
	if !ok {
		db.Close()
		return nil, fmt.Errorf("copy: %s cannot be dumped", redactAny(dsn))
	}
	return s, nil
}

// redactAny names a database in messages: a path as given, a DSN without
// its password.
func redactAny(dsn string) string {
	if isPostgres(dsn) {
		return redact(lowerScheme(dsn))
	}
	return dsn
}

func copyDB(ctx context.Context, e *env, src, dst dumper, from, to string) error {
	tables := tifa.DumpTables()
	counts := make(map[string]int64, len(tables))
	for _, t := range tables {
		n, err := src.CountRows(ctx, t.Name)
		if err != nil {
			return err
		}
		counts[t.Name] = n
	}
	if err := sameHistory(ctx, src, dst, from, to, counts); err != nil {
		return err
	}
	for _, t := range tables {
		have, err := dst.CountRows(ctx, t.Name)
		if err != nil {
			return err
		}
		if have == counts[t.Name] {
			continue // copied by an earlier run
		}
		batch := make([][]any, 0, copyBatch)
		flush := func() error {
			if len(batch) == 0 {
				return nil
			}
			err := dst.LoadRows(ctx, t, batch)
			batch = batch[:0]
			return err
		}
		err = src.DumpRows(ctx, t, func(row []any) error {
			batch = append(batch, row)
			if len(batch) == copyBatch {
				return flush()
			}
			return nil
		})
		if err == nil {
			err = flush()
		}
		if err != nil {
			return fmt.Errorf("copy %s from %s to %s: %w (run tifa copy again to go on)", t.Name, from, to, err)
		}
	}
	if err := dst.FinishLoad(ctx); err != nil {
		return err
	}
	return verifyCopy(ctx, e, src, dst, from, to, tables, counts)
}

// sameHistory refuses a destination that holds what the source does not:
// a copy adds to an empty database, or finishes one it began, and never
// mixes two histories.
func sameHistory(ctx context.Context, src, dst dumper, from, to string, counts map[string]int64) error {
	for _, t := range tifa.DumpTables() {
		n, err := dst.CountRows(ctx, t.Name)
		if err != nil {
			return err
		}
		if n > counts[t.Name] {
			return fmt.Errorf("copy to %s: it already holds %d rows of %s, %s only %d: copy into an empty database", to, n, t.Name, from, counts[t.Name])
		}
	}
	keys := tifa.Table{Name: "articles", Key: "id", Columns: []tifa.Column{{Name: "id", Kind: tifa.Int}, {Name: "key", Kind: tifa.Text}}}
	want := map[int64]string{}
	if err := src.DumpRows(ctx, keys, func(row []any) error {
		want[row[0].(int64)] = row[1].(string)
		return nil
	}); err != nil {
		return err
	}
	return dst.DumpRows(ctx, keys, func(row []any) error {
		id, key := row[0].(int64), row[1].(string)
		if want[id] != key {
			return fmt.Errorf("copy to %s: it already holds article %d %s, which %s does not: copy into an empty database", to, id, key, from)
		}
		return nil
	})
}

// verifyCopy compares the row counts of every table and the daily
// aggregates row by row, and has the destination recompute its aggregates
// from the copied mentions.
func verifyCopy(ctx context.Context, e *env, src, dst dumper, from, to string, tables []tifa.Table, counts map[string]int64) error {
	for _, t := range tables {
		n, err := dst.CountRows(ctx, t.Name)
		if err != nil {
			return err
		}
		if n != counts[t.Name] {
			return fmt.Errorf("copy verify: %s has %d rows of %s, %s %d (run tifa copy again)", to, n, t.Name, from, counts[t.Name])
		}
	}
	for _, t := range tables {
		if t.Name != "daily_terms" && t.Name != "daily_sources" {
			continue
		}
		a, err := dumpAll(ctx, src, t)
		if err != nil {
			return err
		}
		b, err := dumpAll(ctx, dst, t)
		if err != nil {
			return err
		}
		if i := firstDiff(a, b); i >= 0 {
			return fmt.Errorf("copy verify: %s row %d differs: %v in %s, %v in %s", t.Name, i+1, at(a, i), from, at(b, i), to)
		}
	}
	problems, err := dst.AggregateProblems(ctx)
	if err != nil {
		return err
	}
	if len(problems) > 0 {
		return fmt.Errorf("copy verify: %s's aggregates do not equal the sums over its articles: %s", to, problems[0])
	}
	fmt.Fprintf(e.stdout, "copied %s to %s: %d articles, %d mentions, %d runs, %d frontier URLs, %d lexicons; verified: row counts of %d tables equal, aggregates equal and recomputed\n",
		from, to, counts["articles"], counts["mentions"], counts["runs"], counts["frontier"], counts["lexicons"], len(tables))
	return nil
}

func dumpAll(ctx context.Context, d dumper, t tifa.Table) ([][]any, error) {
	var out [][]any
	err := d.DumpRows(ctx, t, func(row []any) error {
		out = append(out, row)
		return nil
	})
	return out, err
}

func firstDiff(a, b [][]any) int {
	for i := range min(len(a), len(b)) {
		if !slices.Equal(a[i], b[i]) {
			return i
		}
	}
	if len(a) != len(b) {
		return min(len(a), len(b))
	}
	return -1
}

func at(rows [][]any, i int) any {
	if i < len(rows) {
		return rows[i]
	}
	return "no row"
}
