package main

import (
	"cmp"
	"context"
	"errors"
	"fmt"

	"github.com/tifa-project/tifa"
	"github.com/tifa-project/tifa/archive"
	"github.com/tifa-project/tifa/config"
	"github.com/tifa-project/tifa/crawler"
)

func runBackfill(ctx context.Context, e *env, args []string) error {
	fs := flagSet(e, "backfill", "--source ID --from YYYY-MM-DD --to YYYY-MM-DD | --status [--source ID] [--from --to]",
		"Walk a source's date-addressable archive (the People's Daily print edition: each day's pages and\n"+
			"their articles), fetch what is missing, and record per day what was expected and what is stored.\n"+
			"With --status, show the days missing or incomplete. Sources opt in with a backfill section.")
	var c common
	c.register(fs, e)
	var sources list
	fs.Var(&sources, "source", "source `ID` (default for --status: every source with a backfill section)")
	from := fs.String("from", "", "first day `YYYY-MM-DD`")
	to := fs.String("to", "", "last day `YYYY-MM-DD`")
	status := fs.Bool("status", false, "show what earlier backfills found, fetch nothing")
	all := fs.Bool("all", false, "with --status, list complete days too")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("unexpected argument %q", fs.Arg(0))
	}
	cfg, err := c.loadConfig()
	if err != nil {
		return err
	}
	srcs, err := sourcesFor(cfg, sources)
	if err != nil {
		return err
	}
	if len(sources) == 0 {
		srcs = srcs[:0]
		for i := range cfg.Sources {
			if cfg.Sources[i].Backfill != nil {
				srcs = append(srcs, &cfg.Sources[i])
			}
		}
	}
	for _, s := range srcs {
		if s.Backfill == nil {
			return usagef("source %s has no backfill section in the configuration", s.ID)
		}
	}
	if *status {
		db, err := c.openDBReadOnly(ctx)
		if err != nil {
			return err
		}
		defer db.Close()
		return backfillStatus(ctx, e, db, srcs, *from, *to, *all)
	}
	if len(sources) != 1 || *from == "" || *to == "" {
		return usagef("give one --source and both --from and --to (or --status)")
	}
	a, errA := tifa.ParseDay(*from)
	b, errB := tifa.ParseDay(*to)
	if errA != nil || errB != nil || b.Before(a) {
		return usagef("--from and --to must be days YYYY-MM-DD, in order")
	}
	db, err := c.openDB(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	lock, err := db.TryLock(ctx, "crawl")
	if err != nil {
		return err
	}
	defer lock.Unlock()
	// Backfilled pages go to the archive like crawled ones.
	arch, err := archive.NewWriter(cfg.Archive, logger(e))
	if err != nil {
		return err
	}
	defer arch.Close()
	cr, err := newCrawler(e, cfg, db, nil, arch)
	if err != nil {
		return err
	}
	if err := recordWrite(ctx, e, db, cfg, srcs); err != nil {
		return err
	}
	sum, err := cr.Backfill(ctx, srcs[0], a, b)
	if perr := printSummaries(e.stdout, []crawler.Summary{sum}); perr != nil && err == nil {
		err = perr
	}
	if errors.Is(err, context.Canceled) {
		return errors.New("interrupted; run the same backfill again to finish")
	}
	if err != nil {
		return err
	}
	return backfillStatus(ctx, e, db, srcs, *from, *to, false)
}

// backfillStatus prints, per source, the days missing (never walked, or
// unreadable) or incomplete (fewer articles stored than listed); with all,
// complete days too.
func backfillStatus(ctx context.Context, e *env, db DB, srcs []*config.Source, from, to string, all bool) error {
	bad := 0
	for _, src := range srcs {
		f, t := from, to
		if f == "" || t == "" {
			first, last, err := db.BackfillRange(ctx, src.ID)
			if err != nil {
				return err
			}
			if first == "" {
				fmt.Fprintf(e.stdout, "%s: never backfilled\n", src.ID)
				continue
			}
			f, t = cmp.Or(f, first), cmp.Or(t, last)
		}
		days, err := db.BackfillStatus(ctx, src.ID, f, t)
		if err != nil {
			return err
		}
		complete := 0
		for _, d := range days {
			state := "complete"
			switch {
			case !d.Walked:
				state = "missing: not walked"
			case d.Error != "":
				state = "missing: " + d.Error
			case d.Expected == 0:
				state = "missing: no articles listed"
			case d.Stored < d.Expected:
				state = fmt.Sprintf("incomplete: %d not stored", d.Expected-d.Stored)
			}
			if state == "complete" {
				complete++
				if !all {
					continue
				}
			} else {
				bad++
			}
			fmt.Fprintf(e.stdout, "%s %s expected=%d stored=%d %s\n", src.ID, d.Day, d.Expected, d.Stored, state)
		}
		fmt.Fprintf(e.stdout, "%s: %d of %d days from %s to %s complete\n", src.ID, complete, len(days), f, t)
	}
	if bad > 0 {
		return errSilent
	}
	return nil
}
