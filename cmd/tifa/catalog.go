package main

import (
	"context"
	"flag"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/tifa-project/tifa"
	"github.com/tifa-project/tifa/config"
	"github.com/tifa-project/tifa/ingest"
)

// catalog is what a command knows of terms and sources: --config's when
// given, then what the database records it counted with, then the bare ids
// of terms and sources it holds counts for that nothing describes. Every
// reading command gets its terms and sources here, so a database travels
// without the configuration that built it.
type catalog struct {
	// cfg holds the known terms and sources in that order; only their
	// descriptions are filled in (nothing here is fit to crawl with).
	cfg *config.Config
	// current is the lexicon version counts should be at (--config's, else
	// the database's current one), and origin says where it came from;
	// current is empty when nothing says (an old database, mixed).
	current, origin string
	fromConfig      bool
	db              string // the database's path; empty when none was read
	// known lexicons, the current one first; counted, what the database
	// holds per term; versions, its articles by lexicon version.
	lexicons []tifa.Lexicon
	counted  []string
	totals   map[string]tifa.TermTotal // per term, when loadTotals was asked
	versions []tifa.VersionCount
}

// catalogReader is what a catalog reads of a database: the lexicons it
// records and counts with, and the sources it records and stores.
type catalogReader interface {
	Lexicons(ctx context.Context) ([]tifa.Lexicon, error)
	CountedTerms(ctx context.Context) ([]string, error)
	ArticleVersions(ctx context.Context) ([]tifa.VersionCount, error)
	Sources(ctx context.Context) ([]tifa.SourceRecord, error)
	StoredSources(ctx context.Context) ([]string, error)
}

// loadCatalog builds the catalog for c's --config (may be empty) and db,
// the database c's --db names.
func loadCatalog(ctx context.Context, c *common, db catalogReader) (*catalog, error) {
	k := &catalog{cfg: &config.Config{Name: "database " + c.db}, db: c.db}
	var err error
	if k.lexicons, err = db.Lexicons(ctx); err != nil {
		return nil, err
	}
	if k.counted, err = db.CountedTerms(ctx); err != nil {
		return nil, err
	}
	if k.versions, err = db.ArticleVersions(ctx); err != nil {
		return nil, err
	}
	// A database made before lexicons were recorded may still be counted
	// with the embedded default: its version proves it.
	if def := ingest.LexiconOf(config.Default()); k.counts(def.Version) {
		if _, ok := k.lexicon(def.Version); !ok {
			k.lexicons = append(k.lexicons, def)
		}
	}
	if c.config != "" {
		cfg, err := c.loadConfig()
		if err != nil {
			return nil, err
		}
		k.fromConfig = true
		k.cfg.Name = cfg.Name
		k.cfg.Terms = append(k.cfg.Terms, cfg.Terms...)
		k.cfg.Sources = append(k.cfg.Sources, cfg.Sources...)
		k.current, k.origin = ingest.LexiconOf(cfg).Version, cfg.Name
	} else {
		k.pickCurrent()
	}
	if lx, ok := k.lexicon(k.current); ok && !k.fromConfig {
		k.addTerms(lx.Terms)
	}
	for _, id := range k.counted {
		k.addTerms([]config.Term{k.describe(id)})
	}
	if err := k.addSources(ctx, db); err != nil {
		return nil, err
	}
	return k, nil
}

// pickCurrent finds the lexicon counts should be at without --config: the
// one the last write applied; in a database made before lexicons were
// recorded, the one every article is counted with, if there is one.
func (k *catalog) pickCurrent() {
	switch {
	case len(k.lexicons) > 0 && !k.lexicons[0].FirstUse.IsZero():
		lx := k.lexicons[0]
		k.current, k.origin = lx.Version, "the database's current lexicon, from "+lx.Origin
	case len(k.versions) == 1:
		k.current, k.origin = k.versions[0].Version, "the lexicon every article is counted with"
	}
}

// lexicon returns the known lexicon of a version.
func (k *catalog) lexicon(version string) (tifa.Lexicon, bool) {
	i := slices.IndexFunc(k.lexicons, func(lx tifa.Lexicon) bool { return lx.Version == version })
	if i < 0 {
		return tifa.Lexicon{}, false
	}
	return k.lexicons[i], true
}

func (k *catalog) counts(version string) bool {
	return slices.ContainsFunc(k.versions, func(v tifa.VersionCount) bool { return v.Version == version })
}

// describe is a term's latest known definition, or its bare id.
func (k *catalog) describe(id string) config.Term {
	for _, lx := range k.lexicons {
		if t, ok := lx.Term(id); ok {
			return t
		}
	}
	return config.Term{ID: id}
}

func (k *catalog) addTerms(terms []config.Term) {
	for _, t := range terms {
		if _, ok := k.cfg.Term(t.ID); !ok {
			k.cfg.Terms = append(k.cfg.Terms, t)
		}
	}
}

// addSources adds the recorded definitions, then the ids of sources with
// stored articles that no record describes.
func (k *catalog) addSources(ctx context.Context, db catalogReader) error {
	recs, err := db.Sources(ctx)
	if err != nil {
		return err
	}
	for _, r := range recs {
		if _, ok := k.cfg.Source(r.ID); !ok {
			k.cfg.Sources = append(k.cfg.Sources, r.Source)
		}
	}
	stored, err := db.StoredSources(ctx)
	if err != nil {
		return err
	}
	for _, id := range stored {
		if _, ok := k.cfg.Source(id); !ok {
			k.cfg.Sources = append(k.cfg.Sources, config.Source{ID: id})
		}
	}
	return nil
}

// totals is what a catalog reads to say how much is stored of a term.
type totals interface {
	Total(ctx context.Context, term string) (tifa.TermTotal, error)
}

// loadTotals sums what the database holds for each known term.
func (k *catalog) loadTotals(ctx context.Context, db totals) error {
	k.totals = map[string]tifa.TermTotal{}
	for _, t := range k.cfg.Terms {
		tt, err := db.Total(ctx, t.ID)
		if err != nil {
			return err
		}
		k.totals[t.ID] = tt
	}
	return nil
}

// stale says how many articles are counted with another lexicon than
// current and, when nothing says which is current, whether they are mixed.
func (k *catalog) stale() (n int, mixed bool) {
	for _, v := range k.versions {
		if v.Version != k.current {
			n += v.Articles
		}
	}
	return n, k.current == "" && len(k.versions) > 1
}

// readingConfig says what --config is to a command that only reads.
func readingConfig(fs *flag.FlagSet) {
	fs.Lookup("config").Usage = "configuration `file` whose terms and sources come before the database's (not needed: the database records its own)"
}

// recordWrite records what a write counts with before it stores anything,
// and warns when that lexicon lacks terms the database holds counts of: a
// cron job given the wrong configuration would otherwise quietly stop
// counting them.
func recordWrite(ctx context.Context, e *env, db DB, cfg *config.Config, srcs []*config.Source) error {
	counted, err := db.CountedTerms(ctx)
	if err != nil {
		return err
	}
	var lacks []string
	for _, id := range counted {
		if _, ok := cfg.Term(id); !ok {
			lacks = append(lacks, id)
		}
	}
	if len(lacks) > 0 {
		fmt.Fprintf(e.stderr, "tifa: warning: %s has no term %s, which %s holds counts of: articles stored now are not counted for them. "+
			"If that is not meant, give --config with the configuration that built the database (tifa terms versions says which).\n",
			cfg.Name, strings.Join(lacks, ", "), dbName(db))
	}
	if err := ingest.Record(ctx, db, cfg, srcs, time.Now()); err != nil {
		return fmt.Errorf("record the configuration in %s: %w", dbName(db), err)
	}
	return nil
}
