package main

import (
	"context"
	"crypto/sha256"
	"fmt"

	"github.com/tifa-project/tifa"
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
	tg, err := ingest.NewTagger(cfg)
	if err != nil {
		return err
	}
	// Any configured source may own a record.
	all, _ := sourcesFor(cfg, nil)
	if err := recordWrite(ctx, e, db, cfg, all); err != nil {
		return err
	}
	var t tally
	set, err := scanArchived(ctx, log, files, &t)
	if err != nil {
		return err
	}
	in := &ingest.Ingester{DB: db, Tagger: tg, Fetch: set.fetch}
	copied := archivedKeys{cfg: cfg.Archive, days: map[string]map[string]bool{}}
	err = set.each(ctx, log, func(rec archive.Record) error {
		src, ok := cfg.SourceForURL(rec.URL)
		if !ok || !src.IsArticle(rec.URL) {
			t.skipped++
			return nil
		}
		var after func(tifa.Outcome)
		if *toArchive {
			after = func(tifa.Outcome) {
				rec.Source = src.ID
				if err := copied.write(ctx, w, rec); err != nil {
					t.errors++
					log.Error("archive", "url", rec.URL, "err", err)
				}
			}
		}
		return t.ingest(ctx, log, in, src, rec, after)
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "import: %s\n", t)
	return t.err()
}

// archivedKeys remembers which responses the archive already holds, by day
// file, so that importing a file twice does not copy it twice.
type archivedKeys struct {
	cfg  config.Archive
	days map[string]map[string]bool // source/day -> keys
}

func archiveKey(rec archive.Record) string {
	return fmt.Sprintf("%s %d %x", rec.URL, rec.Fetched.UnixNano(), sha256.Sum256(rec.Body))
}

func (k *archivedKeys) write(ctx context.Context, w *archive.Writer, rec archive.Record) error {
	day := archive.Day(rec.Fetched)
	keys, ok := k.days[rec.Source+"/"+day]
	if !ok {
		keys = map[string]bool{}
		files, err := archive.Files(k.cfg, rec.Source, day, day)
		if err != nil {
			return err
		}
		for _, f := range files {
			// A damaged file is still appended to; its complete records count.
			_ = archive.Read(ctx, f, func(r archive.Record) error {
				keys[archiveKey(r)] = true
				return nil
			})
		}
		k.days[rec.Source+"/"+day] = keys
	}
	key := archiveKey(rec)
	if keys[key] {
		return nil
	}
	if err := w.Write(ctx, rec); err != nil {
		return err
	}
	keys[key] = true
	return nil
}
