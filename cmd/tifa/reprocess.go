package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"time"

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
		if _, err := time.Parse(time.DateOnly, d.v); d.v != "" && err != nil {
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
	tg, err := ingest.NewTagger(cfg)
	if err != nil {
		return err
	}
	if err := recordWrite(ctx, e, db, cfg, srcs); err != nil {
		return err
	}
	var t tally
	log := logger(e)
	for _, src := range srcs {
		files, err := archive.Files(cfg.Archive, src.ID, *from, *to)
		if err != nil {
			return err
		}
		set, err := scanArchived(ctx, log, files, &t)
		if err != nil {
			return err
		}
		in := &ingest.Ingester{DB: db, Tagger: tg, Fetch: set.fetch}
		err = set.each(ctx, log, func(rec archive.Record) error {
			if !src.IsArticle(rec.URL) {
				t.skipped++
				return nil
			}
			return t.ingest(ctx, log, in, src, rec, nil)
		})
		if err != nil {
			return err
		}
	}
	fmt.Fprintf(e.stdout, "reprocess: %s\n", t)
	return t.err()
}

// tally counts what happened to archived records.
type tally struct {
	read, skipped, inserted, updated, unchanged, empty, errors int
	// damaged are the files read only in part: what was read, what was
	// skipped and where.
	damaged []*archive.ReadError
}

func (t tally) String() string {
	s := fmt.Sprintf("records=%d articles=%d new=%d updated=%d unchanged=%d skipped=%d empty=%d errors=%d",
		t.read, t.inserted+t.updated+t.unchanged, t.inserted, t.updated, t.unchanged, t.skipped, t.empty, t.errors)
	if len(t.damaged) > 0 {
		lost := 0
		for _, re := range t.damaged {
			lost += re.Skipped()
		}
		s += fmt.Sprintf(" damaged_files=%d lost_records=%d", len(t.damaged), lost)
	}
	return s
}

// err says what failed: each damaged file (records read, skipped, where),
// then the records that could not be stored.
func (t tally) err() error {
	var errs []error
	for _, re := range t.damaged {
		errs = append(errs, re)
	}
	if t.errors > 0 {
		errs = append(errs, fmt.Errorf("%d %s failed; see the messages above", t.errors, plural(t.errors, "record", "records")))
	}
	return errors.Join(errs...)
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// ingest stores one archived article page, dated by its fetch, and counts
// the outcome; after reports the outcome to the caller when not nil.
func (t *tally) ingest(ctx context.Context, log *slog.Logger, in *ingest.Ingester, src *config.Source, rec archive.Record, after func(tifa.Outcome)) error {
	if rec.Status < 200 || rec.Status > 299 {
		t.skipped++
		return nil
	}
	fetched := rec.Fetched
	if fetched.IsZero() {
		fetched = time.Now()
	}
	in.Now = func() time.Time { return fetched }
	res, err := in.Page(ctx, src, rec.URL, rec.Body, rec.Header.Get("Content-Type"))
	switch {
	case ctx.Err() != nil:
		return ctx.Err()
	case errors.Is(err, ingest.ErrNoArticle):
		t.empty++
		log.Warn("no article text", "url", rec.URL, "err", err)
		return nil
	case err != nil:
		t.errors++
		log.Error("ingest", "url", rec.URL, "err", err)
		return nil
	}
	switch res.Outcome {
	case tifa.Inserted:
		t.inserted++
	case tifa.Unchanged:
		t.unchanged++
	default:
		t.updated++
	}
	if after != nil {
		after(res.Outcome)
	}
	return nil
}

// archivedSet is a run's WARC files with, for each URL, where its last
// response is: the last fetch of a URL wins, and the further pages of a
// multi-page article are found there instead of on the network.
type archivedSet struct {
	files []string
	last  map[string]position
	// cache holds the responses of one file, for fetch.
	cache struct {
		file int
		recs map[string]archive.Record
	}
}

type position struct{ file, n int }

// scanArchived reads files once to index them. A damaged file keeps the
// records read from it and is noted in t; one that cannot be read counts an
// error.
func scanArchived(ctx context.Context, log *slog.Logger, files []string, t *tally) (*archivedSet, error) {
	s := &archivedSet{files: files, last: map[string]position{}}
	s.cache.file = -1
	for i, f := range files {
		n := 0
		err := archive.Read(ctx, f, func(rec archive.Record) error {
			s.last[rec.URL] = position{i, n}
			n++
			t.read++
			return nil
		})
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		var re *archive.ReadError
		switch {
		case errors.As(err, &re):
			t.damaged = append(t.damaged, re)
			log.Error("archive file damaged", "path", f, "records", re.Records, "skipped", re.Skipped(), "err", err)
		case err != nil:
			t.errors++
			log.Error("archive file", "path", f, "err", err)
		}
	}
	return s, nil
}

// each calls fn with the last response of every URL, in file order. An
// error of fn other than the context's is logged, not returned: fn counts
// its own failures.
func (s *archivedSet) each(ctx context.Context, log *slog.Logger, fn func(archive.Record) error) error {
	for i, f := range s.files {
		n := 0
		err := archive.Read(ctx, f, func(rec archive.Record) error {
			p := position{i, n}
			n++
			if s.last[rec.URL] != p {
				return nil
			}
			return fn(rec)
		})
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if err != nil {
			log.Debug("archive file", "path", f, "err", err) // counted by scanArchived
		}
	}
	return nil
}

// fetch answers a request for a further page of an article from the set;
// it never touches the network.
func (s *archivedSet) fetch(ctx context.Context, u string) ([]byte, string, error) {
	p, ok := s.last[u]
	if !ok {
		return nil, "", fmt.Errorf("%s: not in the archive (reprocessing does not fetch)", u)
	}
	if s.cache.file != p.file {
		recs := map[string]archive.Record{}
		err := archive.Read(ctx, s.files[p.file], func(rec archive.Record) error {
			recs[rec.URL] = rec
			return nil
		})
		var re *archive.ReadError
		if err != nil && !errors.As(err, &re) { // damage was counted by scanArchived
			return nil, "", err
		}
		s.cache.file, s.cache.recs = p.file, recs
	}
	rec, ok := s.cache.recs[u]
	if !ok {
		return nil, "", fmt.Errorf("%s: %w", u, io.ErrUnexpectedEOF)
	}
	return rec.Body, rec.Header.Get("Content-Type"), nil
}
