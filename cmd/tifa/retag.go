package main

import (
	"context"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/tifa-project/tifa/ingest"
	"github.com/tifa-project/tifa/store"
)

func runRetag(ctx context.Context, e *env, args []string) error {
	fs := flagSet(e, "retag", "[--config FILE] [--db FILE] [--term ID ...]",
		"Recount the stored articles with the current lexicon, without crawling: after adding or\n"+
			"changing terms. Idempotent and resumable: run it again after an interruption and it does\n"+
			"only what is left. With --term, only those terms are recounted.")
	var c common
	c.register(fs, e)
	var terms list
	fs.Var(&terms, "term", "recount only this term `ID` (repeatable, or comma-separated)")
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
	for _, t := range terms {
		if _, ok := cfg.Term(t); !ok {
			return usagef("unknown term %q; list them with tifa terms list", t)
		}
	}
	db, err := c.openDB(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	tg, err := ingest.NewTagger(cfg)
	if err != nil {
		return err
	}
	job := store.RetagJob{Version: tg.Version(), Terms: terms}
	pending, err := db.RetagPending(ctx, job)
	if err != nil {
		return err
	}
	started := time.Now()
	bar := progressBar(e, pending)
	st, err := ingest.Retag(ctx, db, tg, terms, 500, bar)
	if bar != nil {
		fmt.Fprintln(e.stderr)
	}
	secs := time.Since(started).Seconds()
	fmt.Fprintf(e.stdout, "retag: %d articles, %.1f MB of text in %.1fs (%.0f articles/s, %.1f MB/s); lexicon %s\n",
		st.Articles, float64(st.Bytes)/1e6, secs, float64(st.Articles)/max(secs, 1e-9), float64(st.Bytes)/1e6/max(secs, 1e-9), tg.Version())
	if err != nil {
		return fmt.Errorf("interrupted after %d articles; run it again to finish: %w", st.Articles, err)
	}
	return nil
}

// progressBar draws on a terminal and stays silent in cron, where a bar
// would only fill the mail.
func progressBar(e *env, total int) func(ingest.RetagStats) {
	f, ok := e.stderr.(*os.File)
	if !ok || total == 0 {
		return nil
	}
	if fi, err := f.Stat(); err != nil || fi.Mode()&os.ModeCharDevice == 0 {
		return nil
	}
	return func(st ingest.RetagStats) {
		const width = 30
		done := min(st.Articles*width/total, width)
		fmt.Fprintf(f, "\rretag [%-*s] %d/%d", width, strings.Repeat("#", done), st.Articles, total)
	}
}
