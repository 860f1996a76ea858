package main

import (
	"context"
	"fmt"

	"github.com/tifa-project/tifa"
	"github.com/tifa-project/tifa/archive"
	"github.com/tifa-project/tifa/config"
	"github.com/tifa-project/tifa/ingest"
)

func runReprocess(ctx context.Context, e *env, args []string) error {
	fs := flagSet(e, "reprocess", "[--config FILE] [--db FILE] [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--source ID ...]",
		"Extract, tag and store again the article pages kept in the archive (archive.dir in the\n"+
			"configuration), without the network: after the extractor improved. Days are the archive's\n"+
			"(fetch dates, China time); when a URL was fetched more than once in the range, the last\n"+
			"fetch counts. Idempotent: a second run finds everything unchanged.")
	var c common
	c.register(fs, e)
	var sources list
	fs.Var(&sources, "source", "only this source `ID` (repeatable, or comma-separated)")
	from := fs.String("from", "", "first fetch `day` (YYYY-MM-DD, China time)")
	to := fs.String("to", "", "last fetch `day` (YYYY-MM-DD, China time)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("unexpected argument %q", fs.Arg(0))
	}
	for _, d := range []struct{ flag, v string }{{"--from", *from}, {"--to", *to}} {
		if _, err := tifa.ParseDay(d.v); d.v != "" && err != nil {
			return usagef("%s %q is not a day in the form YYYY-MM-DD", d.flag, d.v)
		}
	}
	cfg, err := c.loadConfig()
	if err != nil {
		return err
	}
	if cfg.Archive.Dir == "" {
		return usagef("%v", archive.ErrNoArchive)
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
	tg, err := ingest.NewTagger(cfg, e.segs)
	if err != nil {
		return err
	}
	if err := recordWrite(ctx, e, db, cfg, srcs); err != nil {
		return err
	}
	in := &ingest.Ingester{Store: db, Tagger: tg}
	var t ingest.Tally
	log := logger(e)
	for _, src := range srcs {
		files, err := archive.Files(cfg.Archive, src.ID, *from, *to)
		if err != nil {
			return err
		}
		set, err := archive.Index(ctx, log, files)
		if err != nil {
			return err
		}
		owner := func(u string) (*config.Source, bool) { return src, src.IsArticle(u) }
		if err := in.Archived(ctx, log, set, &t, owner, nil); err != nil {
			return err
		}
	}
	fmt.Fprintf(e.stdout, "reprocess: %s\n", t)
	return t.Err()
}
