package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"maps"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/tifa-project/tifa"
	"github.com/tifa-project/tifa/archive"
	"github.com/tifa-project/tifa/config"
	"github.com/tifa-project/tifa/extract"
)

func runArchive(ctx context.Context, e *env, args []string) error {
	if len(args) > 0 {
		switch args[0] {
		case "show":
			return runArchiveShow(ctx, e, args[1:])
		case "prune":
			return runArchivePrune(ctx, e, args[1:])
		case "-h", "--help":
			fmt.Fprintln(e.stderr, "usage: tifa archive show URL [--config FILE] [--date YYYY-MM-DD] [--raw]\n"+
				"       tifa archive prune [--config FILE]")
			return errHelp
		}
	}
	return usagef("say what to do: tifa archive show URL or tifa archive prune")
}

// shown is what tifa archive show prints: the fetch, then what tifa extract
// would say about the page.
type shown struct {
	Fetched string `json:"fetched"` // RFC 3339, China time
	Status  int    `json:"status"`
	File    string `json:"archive_file"`
	// Machine wrote the file (crawls sharing a database name their files
	// by machine); omitted for a crawl with a database of its own.
	Machine string `json:"machine,omitempty"`
	extracted
}

func runArchiveShow(ctx context.Context, e *env, args []string) error {
	fs := flagSet(e, "archive show", "URL [--config FILE] [--date YYYY-MM-DD] [--raw]",
		"What the archived page said when it was fetched: its title, date and body as tifa extract\n"+
			"prints them (with the fetch time, status and archive file), or with --raw the stored bytes.\n"+
			"--date picks the fetch day (China time); without it, the latest fetch. Never fetches.")
	var c common
	c.registerConfig(fs)
	date := fs.String("date", "", "fetch `day` (YYYY-MM-DD, China time; default: the latest fetch)")
	raw := fs.Bool("raw", false, "print the stored response body as it was fetched")
	pos, err := parseInterleaved(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("give one URL")
	}
	pageURL := pos[0]
	if _, err := tifa.ParseDay(*date); *date != "" && err != nil {
		return usagef("--date %q is not a day in the form YYYY-MM-DD", *date)
	}
	cfg, err := c.loadConfig()
	if err != nil {
		return err
	}
	if cfg.Archive.Dir == "" {
		return usagef("%v", archive.ErrNoArchive)
	}
	source := ""
	if src, ok := cfg.SourceForURL(pageURL); ok {
		source = src.ID
	}
	rec, file, err := findArchived(ctx, cfg.Archive, source, pageURL, *date)
	if err != nil {
		return err
	}
	if *raw {
		_, err := e.stdout.Write(rec.Body)
		return err
	}
	art, err := extract.Extract(rec.URL, rec.Body, rec.Header.Get("Content-Type"))
	if err != nil {
		return fmt.Errorf("%s: %w (try --raw)", pageURL, err)
	}
	out := shown{Status: rec.Status, File: file, Machine: archive.Machine(file), extracted: toExtracted(cfg, &art.Article)}
	if !rec.Fetched.IsZero() {
		out.Fetched = rec.Fetched.In(tifa.China).Format(time.RFC3339)
	}
	enc := json.NewEncoder(e.stdout)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(out)
}

// findArchived returns the last response for pageURL fetched on day (any
// day if empty), reading the newest days first; of one day's files (one
// per machine when crawls share a database), the latest fetch.
func findArchived(ctx context.Context, cfg config.Archive, source, pageURL, day string) (archive.Record, string, error) {
	files, err := archive.Files(cfg, source, day, day)
	if err != nil {
		return archive.Record{}, "", err
	}
	slices.Reverse(files)
	var damaged []error
	machines := map[string]bool{}
	var found *archive.Record
	foundIn, foundDay := "", ""
	for _, f := range files {
		d := filepath.Base(f)[:10]
		if found != nil && d != foundDay {
			break
		}
		machines[archive.Machine(f)] = true
		err := archive.Read(ctx, f, func(r archive.Record) error {
			if r.URL == pageURL && (found == nil || !r.Fetched.Before(found.Fetched)) {
				found, foundIn, foundDay = &r, f, d
			}
			return nil
		})
		var re *archive.ReadError
		if errors.As(err, &re) {
			damaged = append(damaged, re)
		} else if err != nil {
			return archive.Record{}, "", err
		}
	}
	if found != nil {
		return *found, foundIn, nil
	}
	where := "in the archive"
	if day != "" {
		where += " on " + day
	}
	if len(damaged) > 0 {
		// The page may be in what was skipped: say so rather than "not there".
		return archive.Record{}, "", fmt.Errorf("%s: not %s, which has damaged files: %w", pageURL, where, errors.Join(damaged...))
	}
	delete(machines, "")
	if len(machines) > 0 {
		// Crawls sharing a database keep an archive per machine unless
		// archive.dir is a directory they share: the page may be on another.
		return archive.Record{}, "", fmt.Errorf("%s: not %s %s, which holds the files of %s; a crawl on another machine keeps its own unless archive.dir is shared: run tifa archive show there",
			pageURL, where, cfg.Dir, strings.Join(slices.Sorted(maps.Keys(machines)), ", "))
	}
	return archive.Record{}, "", fmt.Errorf("%s: not %s", pageURL, where)
}

func runArchivePrune(ctx context.Context, e *env, args []string) error {
	fs := flagSet(e, "archive prune", "[--config FILE]",
		"Delete whole day files of the archive, oldest first, as archive.retention and\n"+
			"archive.max_bytes in the configuration say; today's files are kept.")
	var c common
	c.registerConfig(fs)
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
	if cfg.Archive.Dir == "" {
		return usagef("%v", archive.ErrNoArchive)
	}
	w, err := archive.NewWriter(cfg.Archive, logger(e))
	if err != nil {
		return err
	}
	defer w.Close()
	return w.Prune(time.Now())
}

// parseInterleaved parses flags given before, between or after the
// positional arguments, which it returns.
func parseInterleaved(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := parse(fs, args); err != nil {
			return nil, err
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		pos, args = append(pos, args[0]), args[1:]
	}
}
