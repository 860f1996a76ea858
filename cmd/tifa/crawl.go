package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"sort"
	"strings"
	"time"

	"github.com/tifa-project/tifa/archive"
	"github.com/tifa-project/tifa/config"
	"github.com/tifa-project/tifa/crawler"
	"github.com/tifa-project/tifa/ingest"
)

func runCrawl(ctx context.Context, e *env, args []string) error {
	fs := flagSet(e, "crawl", "[--config FILE] [--db FILE] [--source ID ...] [--refetch] [--json] [--alerts]",
		"One crawl of the configured sources, for cron: discover article links on each source's start\n"+
			"pages, fetch the new ones politely (robots.txt, per-host delay), extract, tag and store them.\n"+
			"Prints one line per source; exits 1 when a source failed entirely or is unhealthy (e.g. its\n"+
			"start pages answered but no link matched its article patterns: try `tifa sources test ID`).")
	var c common
	c.register(fs, e)
	var sources list
	fs.Var(&sources, "source", "crawl only this source `ID` (repeatable, or comma-separated)")
	refetch := fs.Bool("refetch", false, "fetch articles already stored too, to pick up edits")
	asJSON := fs.Bool("json", false, "print the summaries as JSON, for monitoring")
	withAlerts := fs.Bool("alerts", false, "after the crawl, evaluate the alert rules and send new alerts (see tifa alerts)")
	timeout := fs.Duration("timeout", 3*time.Hour, "stop the whole crawl after this long (what is stored stays; the next run resumes)")
	fetchTimeout := fs.Duration("fetch-timeout", 30*time.Second, "give up one request after this long from when it is sent (a worker killed mid-request holds\nits host for this long and 2s more)")
	lease := fs.Duration("lease", 30*time.Second, "how long a URL this crawl claimed stays its own unrenewed (renewed every third of it while it runs): with a\nshared database, a killed crawl's URLs go to another worker this long after it died")
	round := fs.Duration("round", 10*time.Minute, "with a shared database: a source's listings read by one crawl serve the others started within this long\n(crawls started together by cron on several machines read them once, then all fetch);\na host one crawl pauses after repeated failures stays paused this long for all")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("unexpected argument %q", fs.Arg(0))
	}
	if *timeout <= 0 {
		return usagef("--timeout must be positive")
	}
	if *fetchTimeout <= 0 {
		return usagef("--fetch-timeout must be positive")
	}
	if *round < time.Second {
		return usagef("--round must be at least 1s, got %v", *round)
	}
	if *lease < time.Second {
		return usagef("--lease must be at least 1s, got %v", *lease)
	}
	cfg, err := c.loadConfig()
	if err != nil {
		return err
	}
	srcs, err := sourcesFor(cfg, sources)
	if err != nil {
		return err
	}
	db, err := c.openDB(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	// Two cron runs overlapping on a SQLite file would fetch everything
	// twice; the second one leaves at once and says why. On a server
	// database crawls on several machines are workers of one frontier.
	if !shared(db) {
		lock, err := db.TryLock(ctx, "crawl")
		if err != nil {
			return err
		}
		defer lock.Unlock()
	}
	ctx, cancel := context.WithTimeout(ctx, *timeout)
	defer cancel()
	arch, err := archive.NewWriter(cfg.Archive, logger(e))
	if err == nil && shared(db) {
		// Crawls of several machines append to files of their own, on
		// their own disks or in a directory they share.
		host, _ := os.Hostname()
		arch = arch.ForMachine(host)
	}
	if err != nil {
		return err
	}
	defer arch.Close()
	sums, err := crawl(ctx, e, cfg, db, srcs, nil, crawlOptions{refetch: *refetch, lease: *lease, fetchTimeout: *fetchTimeout, round: *round}, arch)
	if err != nil {
		return err
	}
	if err := arch.Prune(time.Now()); err != nil {
		logger(e).Error("prune archive", "err", err)
	}
	reports, err := healthReports(context.WithoutCancel(ctx), db, sums)
	if err != nil {
		return err
	}
	if *asJSON {
		err = printHealth(e.stdout, reports, true)
	} else if err = printSummaries(e.stdout, sums); err == nil {
		err = printHealth(e.stdout, unhealthyOnly(reports), false)
	}
	if *withAlerts && ctx.Err() == nil {
		// A failed source is what an unhealthy alert tells: evaluate anyway.
		if aerr := alerts(ctx, e, cfg, db, destinations(cfg, "", ""), false, http.DefaultClient); aerr != nil && err == nil {
			err = aerr
		}
	}
	if errors.Is(ctx.Err(), context.DeadlineExceeded) {
		return fmt.Errorf("stopped after --timeout %v; articles stored so far are complete, and the next crawl fetches the rest", *timeout)
	}
	if ctx.Err() != nil {
		return errors.New("interrupted; articles stored so far are complete, and the next crawl fetches the rest")
	}
	if err == nil && anyFailed(sums) {
		// Health reads the runs recorded; a run that could not be recorded
		// (the disk is full) must still fail for cron.
		err = errSilent
	}
	return err
}

func anyFailed(sums []crawler.Summary) bool {
	for _, s := range sums {
		if s.Failed {
			return true
		}
	}
	return false
}

// crawlOptions are tifa crawl's flags for the crawler; zero values are the
// crawler's defaults.
type crawlOptions struct {
	refetch                    bool
	lease, fetchTimeout, round time.Duration
}

// crawl is the pipeline both crawl and demo run: only the transport differs.
func crawl(ctx context.Context, e *env, cfg *config.Config, db DB, srcs []*config.Source, rt http.RoundTripper, opt crawlOptions, arch *archive.Writer) ([]crawler.Summary, error) {
	cr, err := newCrawler(e, cfg, db, rt, arch)
	if err != nil {
		return nil, err
	}
	if err := recordWrite(ctx, e, db, cfg, srcs); err != nil {
		return nil, err
	}
	cr.Refetch, cr.Lease, cr.RequestTimeout, cr.Round = opt.refetch, opt.lease, opt.fetchTimeout, opt.round
	return cr.Run(ctx, srcs), nil
}

// The ingester is what the crawler hands pages to, and what counts the
// terms of `tifa sources test`'s samples.
var (
	_ crawler.Handler = (*ingest.Ingester)(nil)
	_ crawler.Counter = (*ingest.Ingester)(nil)
)

// newCrawler wires a crawler the way every fetching command needs it: the
// tagger (gse loads here), the store, the archive and the transport.
func newCrawler(e *env, cfg *config.Config, db DB, rt http.RoundTripper, arch *archive.Writer) (*crawler.Crawler, error) {
	tg, err := ingest.NewTagger(cfg, e.segs)
	if err != nil {
		return nil, err
	}
	// The workers' saves are committed together when they come together;
	// both engines can, the check keeps a store that cannot working.
	var store ingest.Store = db
	if gs, ok := db.(ingest.GroupSaver); ok {
		store = &ingest.Grouped{DB: gs}
	}
	return &crawler.Crawler{
		Config:    cfg,
		DB:        db,
		Handler:   &ingest.Ingester{Store: store, Tagger: tg},
		Logger:    logger(e),
		Transport: rt,
		Archive:   arch,
		Shared:    shared(db),
	}, nil
}

// unhealthyOnly keeps the reports with findings: after the summary lines a
// cron mail need not say "healthy" for every source.
func unhealthyOnly(reports []sourceReport) []sourceReport {
	var out []sourceReport
	for _, r := range reports {
		if len(r.Health) > 0 {
			out = append(out, r)
		}
	}
	return out
}

// printSummaries writes one line per source; it does not judge them, health does.
func printSummaries(w io.Writer, sums []crawler.Summary) error {
	for _, s := range sums {
		fmt.Fprintf(w, "%-13s fetched=%d found=%d new=%d updated=%d unchanged=%d known=%d blocked=%d errors=%d empty=%d pending=%d mentions=%d",
			s.Source, s.Fetched, s.Found, s.New, s.Updated, s.Unchanged, s.Known, s.Blocked, s.Errors, s.Empty, s.Pending, s.Mentions)
		if len(s.ErrorKinds) > 0 {
			fmt.Fprintf(w, " (%s)", kinds(s.ErrorKinds))
		}
		if s.NotModified > 0 {
			// Links of an unchanged listing still count: say where they came from.
			fmt.Fprintf(w, " unchanged_listings=%d", s.NotModified)
		}
		if len(s.Paused) > 0 {
			fmt.Fprintf(w, " paused=%s", strings.Join(s.Paused, ","))
		}
		if len(s.Capped) > 0 {
			fmt.Fprintf(w, " capped=(%s)", kinds(s.Capped))
		}
		if s.Worker != "" {
			fmt.Fprintf(w, " worker=%s", s.Worker)
		}
		if s.ListingsBy != "" {
			fmt.Fprintf(w, " listings_by=%s", s.ListingsBy)
		}
		if s.Failed {
			fmt.Fprintf(w, " FAILED: %s", s.Reason)
		} else if s.Reason != "" {
			fmt.Fprintf(w, " (%s)", s.Reason)
		}
		if _, err := fmt.Fprintln(w); err != nil {
			return err
		}
	}
	return nil
}

// kinds renders error counts by kind in a stable order: "http_5xx=3 timeout=1".
func kinds(m map[string]int) string {
	var parts []string
	for k, n := range m {
		parts = append(parts, fmt.Sprintf("%s=%d", k, n))
	}
	sort.Strings(parts)
	return strings.Join(parts, " ")
}
