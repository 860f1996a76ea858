package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/tifa-project/tifa/sqlite"
)

func runCheck(ctx context.Context, e *env, args []string) error {
	fs := flagSet(e, "check", "[--db FILE] [--repair]",
		"Check the database: SQLite's integrity check, then tifa's own (the daily aggregates equal the\n"+
			"articles and mentions they summarise, stored values are ones tifa writes, frontier states are\n"+
			"valid). Prints each problem and what to do; exits 1 if there is any. --repair rebuilds the\n"+
			"daily aggregates from the stored articles and mentions (never on a damaged file).")
	var c common
	c.register(fs, e)
	repair := fs.Bool("repair", false, "rebuild the daily aggregates, then check again")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("unexpected argument %q", fs.Arg(0))
	}
	// The checks read SQLite's own pages and repair a file in place;
	// PostgreSQL has its own tools (amcheck, REINDEX) for that.
	if err := needSQLite("tifa check", c.db); err != nil {
		return err
	}
	if _, err := os.Stat(c.db); err != nil {
		return fmt.Errorf("database %s: %w (pass --db)", c.db, err)
	}
	db, err := sqlite.OpenUnchecked(ctx, c.db, !*repair)
	if errors.Is(err, sqlite.ErrDamaged) {
		// Not even the schema reads: no check can run, so say so here
		// rather than repeat the open's advice to run tifa check.
		fmt.Fprintf(e.stdout, "%s: damaged beyond checking: SQLite cannot read its schema\nwhat to do: restore the file from a backup; the WARC archive can rebuild the articles (tifa reprocess into a new database)\n", c.db)
		return errSilent
	}
	if err != nil {
		return err
	}
	defer db.Close()
	if *repair {
		if err := db.RebuildAggregates(ctx); err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "%s: daily and monthly aggregates rebuilt\n", c.db)
	}
	problems, err := db.Check(ctx)
	if err != nil {
		return err
	}
	if len(problems) == 0 {
		fmt.Fprintf(e.stdout, "%s: ok (%s)\n", c.db, strings.Join(sqlite.Checks(), ", "))
		return nil
	}
	fmt.Fprintf(e.stdout, "%s: %d problems\n", c.db, len(problems))
	var fixes []string
	said := map[string]bool{}
	for _, p := range problems {
		fmt.Fprintf(e.stdout, "  %s: %s\n", p.Check, p.What)
		if !said[p.Fix] {
			said[p.Fix] = true
			fixes = append(fixes, p.Fix)
		}
	}
	for _, f := range fixes {
		fmt.Fprintf(e.stdout, "what to do: %s\n", f)
	}
	return errSilent
}
