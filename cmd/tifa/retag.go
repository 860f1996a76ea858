package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/tifa-project/tifa"
	"github.com/tifa-project/tifa/config"
	"github.com/tifa-project/tifa/ingest"
)

func runRetag(ctx context.Context, e *env, args []string) error {
	fs := flagSet(e, "retag", "[--config FILE | --version V] [--db FILE] [--term ID ...] [--drop ID ...] [--dry-run]",
		"Recount the stored articles with a lexicon, without crawling: --config's, an earlier one the database\n"+
			"recorded (--version; tifa terms versions lists them), or else the database's current one (to\n"+
			"finish an interrupted retag). It says what changes before it writes, and refuses to delete the\n"+
			"counts of a term the lexicon lacks unless that term is named with --drop; earlier lexicons stay\n"+
			"recorded, so --version brings their counts back. Idempotent and resumable: run it again after an\n"+
			"interruption and it does only what is left. With --term, only those terms are recounted.")
	var c common
	c.register(fs, e)
	var terms, drop list
	fs.Var(&terms, "term", "recount only this term `ID` (repeatable, or comma-separated)")
	fs.Var(&drop, "drop", "let the recount delete the counts of this term `ID`, which the lexicon lacks (repeatable)")
	version := fs.String("version", "", "recount with this earlier lexicon `version` the database recorded (a unique prefix will do)")
	dryRun := fs.Bool("dry-run", false, "say what would change and stop")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("unexpected argument %q", fs.Arg(0))
	}
	if *version != "" && (c.config != "" || len(terms) > 0) {
		return usagef("--version brings a whole recorded lexicon back: give it without --config and --term")
	}
	var cfg *config.Config
	if c.config != "" {
		var err error
		if cfg, err = c.loadConfig(); err != nil {
			return err
		}
	}
	db, err := c.openDB(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	lx, err := retagLexicon(ctx, db, cfg, *version)
	if err != nil {
		return err
	}
	if terms, err = resolve("term", terms, termNames(lx.Terms), "in lexicon "+lx.Version); err != nil {
		return err
	}
	plan, err := ingest.PlanRetag(ctx, db, lx, terms)
	if err != nil {
		return err
	}
	printPlan(e.stdout, plan)
	if err := checkDrops(plan, drop); err != nil {
		return err
	}
	if *dryRun {
		return nil
	}
	// One retag at a time: two would each move the aggregates by the same
	// difference. On SQLite the lock is the file's one lock, so a crawl
	// cannot save an article between retag reading it and writing its new
	// counts; on PostgreSQL it is retag's own advisory lock.
	lock, err := db.TryLock(ctx, "retag")
	if err != nil {
		return err
	}
	defer lock.Unlock()
	return applyRetag(ctx, e, db, cfg, lx, terms, plan.Recount)
}

// retagLexicon is the lexicon a retag applies: --config's, a recorded
// --version, or the database's current one. Never, silently, the embedded
// default: only a database whose counts provably came from it gets it.
func retagLexicon(ctx context.Context, db DB, cfg *config.Config, version string) (tifa.Lexicon, error) {
	if cfg != nil {
		return ingest.LexiconOf(cfg), nil
	}
	if version != "" {
		lx, err := db.LexiconByVersion(ctx, version)
		if errors.Is(err, tifa.ErrNotFound) {
			return lx, fmt.Errorf("%w; the database records %s", err, recordedVersions(ctx, db))
		}
		if err != nil {
			return lx, err
		}
		return lx, ingest.Verify(lx)
	}
	all, err := db.Lexicons(ctx)
	if err != nil {
		return tifa.Lexicon{}, err
	}
	if len(all) > 0 {
		return all[0], ingest.Verify(all[0])
	}
	versions, err := db.ArticleVersions(ctx)
	if err != nil {
		return tifa.Lexicon{}, err
	}
	def := ingest.LexiconOf(config.Default())
	for _, v := range versions {
		if v.Version != def.Version {
			return tifa.Lexicon{}, fmt.Errorf("%s does not record the lexicon its counts came from (%d articles counted with version %s, made before tifa recorded lexicons): give the configuration that built it with --config, so they are not recounted with another one",
				dbName(db), v.Articles, v.Version)
		}
	}
	return def, nil
}

func recordedVersions(ctx context.Context, db DB) string {
	all, err := db.Lexicons(ctx)
	if err != nil || len(all) == 0 {
		return "no lexicon"
	}
	var vs []string
	for _, lx := range all {
		vs = append(vs, lx.Version)
	}
	return strings.Join(vs, ", ") + " (tifa terms versions)"
}

// restorable is the recorded lexicon every article is counted with now,
// which --version can bring back; empty when there is no one such.
func restorable(p *ingest.RetagPlan) string {
	if len(p.From) == 1 && p.From[0].Lexicon != nil {
		return p.From[0].Version
	}
	return ""
}

// printPlan says which lexicon the retag applies and what changes, before
// anything is written.
func printPlan(w io.Writer, p *ingest.RetagPlan) {
	fmt.Fprintf(w, "retag: lexicon %s (%d terms, from %s)\n", p.To.Version, len(p.To.Terms), p.To.Origin)
	for _, f := range p.From {
		desc := "not recorded"
		if f.Lexicon != nil {
			desc = fmt.Sprintf("%d terms, from %s", len(f.Lexicon.Terms), f.Lexicon.Origin)
		}
		fmt.Fprintf(w, "  counted now:   %d articles with %s (%s)\n", f.Articles, f.Version, desc)
	}
	for _, t := range p.Added {
		fmt.Fprintf(w, "  added:         %s\n", termNames([]config.Term{t})[0].display)
	}
	for _, r := range p.Removed {
		fmt.Fprintf(w, "  removed:       %s: %d mentions in %d articles\n", termNames([]config.Term{r.Term})[0].display, r.Mentions, r.Articles)
	}
	for _, c := range p.Changed {
		var parts []string
		for _, f := range c.Added {
			parts = append(parts, "+"+f)
		}
		for _, f := range c.Removed {
			parts = append(parts, "-"+f)
		}
		if c.Ambiguous != c.WasAmbig {
			parts = append(parts, fmt.Sprintf("ambiguous %t", c.Ambiguous))
		}
		fmt.Fprintf(w, "  forms changed: %s: %s\n", c.ID, strings.Join(parts, " "))
	}
	fmt.Fprintf(w, "  to recount:    %d of %d articles\n", p.Recount, p.Articles)
}

// checkDrops refuses a recount that would delete counts not named in
// --drop, and a --drop that names nothing the recount deletes.
func checkDrops(p *ingest.RetagPlan, drop []string) error {
	dropped := p.Dropped()
	for _, id := range drop {
		if !slices.ContainsFunc(dropped, func(r ingest.Removed) bool { return r.Term.ID == id }) {
			if _, ok := p.To.Term(id); ok {
				return usagef("--drop %s: lexicon %s keeps that term", id, p.To.Version)
			}
			return usagef("--drop %s: the database holds no counts of that term", id)
		}
	}
	var refused []string
	for _, r := range dropped {
		if !slices.Contains(drop, r.Term.ID) {
			refused = append(refused, r.Term.ID)
		}
	}
	if len(refused) == 0 {
		return nil
	}
	back := "only a retag with the configuration that counted them brings them back"
	if v := restorable(p); v != "" {
		back = "tifa retag --version " + v + " brings them back"
	}
	return fmt.Errorf("refusing to recount: lexicon %s lacks %s, whose counts the database holds (see above), and the recount would delete them. "+
		"Add the terms to the configuration to keep them, or name them with --drop %s to delete them (%s)",
		p.To.Version, strings.Join(refused, ", "), strings.Join(refused, ","), back)
}

// applyRetag records the lexicon as current, then recounts.
func applyRetag(ctx context.Context, e *env, db DB, cfg *config.Config, lx tifa.Lexicon, terms []string, pending int) error {
	now := time.Now()
	if err := db.RecordLexicon(ctx, lx, now); err != nil {
		return err
	}
	if cfg != nil {
		// What the database holds articles of, as this configuration defines it.
		stored, err := db.StoredSources(ctx)
		if err != nil {
			return err
		}
		var srcs []*config.Source
		for _, id := range stored {
			if s, ok := cfg.Source(id); ok {
				srcs = append(srcs, s)
			}
		}
		if err := db.RecordSources(ctx, srcs, cfg.Name, now); err != nil {
			return err
		}
	}
	if pending == 0 {
		_, err := fmt.Fprintf(e.stdout, "retag: nothing to recount; lexicon %s is current\n", lx.Version)
		return err
	}
	tg, err := ingest.NewTagger(&config.Config{Name: "lexicon " + lx.Version + " (" + lx.Origin + ")", Terms: lx.Terms}, e.segs)
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
		return fmt.Errorf("interrupted after %d articles; run tifa retag again to finish (it resumes with lexicon %s): %w", st.Articles, lx.Version, err)
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
