package main

import (
	"context"
	"fmt"

	"github.com/tifa-project/tifa/archive"
	"github.com/tifa-project/tifa/config"
	"github.com/tifa-project/tifa/ingest"
)

func runImport(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 || args[0] != "warc" {
		if len(args) > 0 && (args[0] == "-h" || args[0] == "--help") {
			fmt.Fprintln(e.stderr, "usage: tifa import warc [--config FILE] [--db FILE] [--archive] FILE...")
			return errHelp
		}
		return usagef("say what to import: tifa import warc FILE...")
	}
	fs := flagSet(e, "import warc", "[--config FILE] [--db FILE] [--archive] FILE...",
		"Backfill from WARC files made elsewhere (.warc or .warc.gz: wget --warc-file, the Wayback\n"+
			"Machine, Common Crawl's CC-NEWS, or tifa's own archive): every HTTP response whose URL is an\n"+
			"article of a configured source is extracted, tagged and stored as if crawled on the record's\n"+
			"date; other records are counted as skipped. When a URL occurs more than once, the last\n"+
			"response counts. Idempotent: importing the same files again leaves everything unchanged.")
	var c common
	c.register(fs, e)
	toArchive := fs.Bool("archive", false, "also copy the imported responses into the archive (archive.dir)")
	files, err := parseInterleaved(fs, args[1:])
	if err != nil {
		return err
	}
	if len(files) == 0 {
		return usagef("give one or more WARC files")
	}
	cfg, err := c.loadConfig()
	if err != nil {
		return err
	}
	if *toArchive && cfg.Archive.Dir == "" {
		return usagef("--archive: %v", archive.ErrNoArchive)
	}
	log := logger(e)
	w, err := archive.NewWriter(cfg.Archive, log)
	if err != nil {
		return err
	}
	defer w.Close()
	db, err := c.openDB(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	tg, err := ingest.NewTagger(cfg, e.segs)
	if err != nil {
		return err
	}
	// Any configured source may own a record.
	all, _ := sourcesFor(cfg, nil)
	if err := recordWrite(ctx, e, db, cfg, all); err != nil {
		return err
	}
	set, err := archive.Index(ctx, log, files)
	if err != nil {
		return err
	}
	owner := func(u string) (*config.Source, bool) {
		src, ok := cfg.SourceForURL(u)
		return src, ok && src.IsArticle(u)
	}
	var stored func(*config.Source, archive.Record)
	var t ingest.Tally
	if *toArchive {
		copied := archive.NewDedup(w)
		stored = func(src *config.Source, rec archive.Record) {
			rec.Source = src.ID
			if err := copied.Write(ctx, rec); err != nil {
				t.Errors++
				log.Error("archive", "url", rec.URL, "err", err)
			}
		}
	}
	in := &ingest.Ingester{Store: db, Tagger: tg}
	if err := in.Archived(ctx, log, set, &t, owner, stored); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "import: %s\n", t)
	return t.Err()
}
