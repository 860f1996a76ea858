package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/tifa-project/tifa"
	"github.com/tifa-project/tifa/config"
	"github.com/tifa-project/tifa/replay"
	"github.com/tifa-project/tifa/report"
)

func runDemo(ctx context.Context, e *env, args []string) error {
	fs := flagSet(e, "demo", "[--db FILE] [--by day|week|month]",
		"The whole pipeline, offline: a loopback server replays real Xinhua and People's Daily pages\n"+
			"(bundled with tifa) under their original URLs, with listing pages that link them; tifa crawls\n"+
			"it with the default sources through the same HTTP, extraction, tagging and store as a live\n"+
			"crawl, into a fresh database, and prints the report.")
	dbPath := fs.String("db", "tifa-demo.db", "database `file` for the demo; replaced on every run")
	by := fs.String("by", report.Month, "period: day, week or month")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("unexpected argument %q", fs.Arg(0))
	}
	if _, err := report.PeriodOf("2024-01-01", *by); err != nil {
		return usagef("--by: %v", err)
	}
	for _, suffix := range []string{"", "-wal", "-shm"} {
		if err := os.Remove(*dbPath + suffix); err != nil && !errors.Is(err, os.ErrNotExist) {
			return fmt.Errorf("replace demo database: %w", err)
		}
	}
	cfg := config.Default()
	var srcs []*config.Source
	for _, id := range replay.DemoSources() {
		src, ok := cfg.Source(id)
		if !ok {
			return fmt.Errorf("demo: bundled pages for source %q, which the default configuration lacks", id)
		}
		// The replay server is ours; the live delays would only make the demo slow.
		src.Delay.Duration = 10 * time.Millisecond
		srcs = append(srcs, src)
	}
	site, err := replay.DemoSite(tifa.Corpus, cfg.Starts(replay.DemoSources()...))
	if err != nil {
		return err
	}
	srv, err := replay.Start(ctx, site)
	if err != nil {
		return err
	}
	defer srv.Close()

	db, err := Open(ctx, *dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	fmt.Fprintf(e.stdout, "Replaying %d saved pages of %s on %s under their original URLs.\n", len(replay.DemoPages), strings.Join(replay.DemoSources(), ", "), srv.Addr)
	if skipped := without(sourceIDs(cfg), replay.DemoSources()); len(skipped) > 0 {
		fmt.Fprintf(e.stdout, "Not crawled (no saved pages bundled yet): %s.\n", strings.Join(skipped, ", "))
	}
	fmt.Fprintln(e.stdout)
	sums, err := crawl(ctx, e, cfg, db, srcs, srv.Transport(), crawlOptions{}, nil)
	if err != nil {
		return err
	}
	if err := printSummaries(e.stdout, sums); err != nil {
		return err
	}
	for _, s := range sums {
		if s.Failed {
			return fmt.Errorf("demo: source %s failed: %s", s.Source, s.Reason)
		}
	}
	fmt.Fprintln(e.stdout)
	s, err := report.Build(ctx, db, report.Query{By: *by})
	if err != nil {
		return err
	}
	// Terms side by side read best for a first look; tifa report has the rest.
	if err := report.WritePivot(e.stdout, s, report.Mentions, false, labels(cfg)); err != nil {
		return err
	}
	fmt.Fprintln(e.stdout)
	if err := report.WritePivot(e.stdout, s, report.Share, false, labels(cfg)); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "\nThe database is %s; try:\n  tifa report --db %[2]s --term high-quality-development --by month\n  tifa snippets --db %[2]s --term high-quality-development\n  tifa export xlsx --db %[2]s --by month -o demo.xlsx\n  tifa chart --db %[2]s --term china-us --term high-quality-development --by month -o trend.png\n  tifa serve --db %[2]s\n", *dbPath, *dbPath)
	return nil
}

// without returns the ids in all that are not in some.
func without(all, some []string) []string {
	var out []string
	for _, id := range all {
		if !slices.Contains(some, id) {
			out = append(out, id)
		}
	}
	return out
}

func labels(cfg *config.Config) report.Labels {
	l := report.Labels{}
	for _, t := range cfg.Terms {
		l[t.ID] = t.Label
	}
	return l
}
