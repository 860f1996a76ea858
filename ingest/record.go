package ingest

import (
	"context"
	"time"

	"github.com/tifa-project/tifa"
	"github.com/tifa-project/tifa/config"
	"github.com/tifa-project/tifa/tagger"
)

// LexiconOf is the configuration's lexicon as the store records it.
func LexiconOf(cfg *config.Config) tifa.Lexicon {
	return tifa.Lexicon{Version: tagger.VersionOf(Terms(cfg)), Origin: cfg.Name, Terms: cfg.Terms}
}

// Recorder is what Record writes to.
type Recorder interface {
	RecordLexicon(ctx context.Context, lx tifa.Lexicon, now time.Time) error
	RecordSources(ctx context.Context, srcs []*config.Source, origin string, now time.Time) error
}

// Record writes into the database what a write is about to count with: the
// configuration's lexicon, which becomes the database's current one, and
// the definitions of the sources it works on. Every command that stores
// counts calls it first, so the database can be read, and recounted,
// without the configuration.
func Record(ctx context.Context, db Recorder, cfg *config.Config, srcs []*config.Source, now time.Time) error {
	if err := db.RecordLexicon(ctx, LexiconOf(cfg), now); err != nil {
		return err
	}
	return db.RecordSources(ctx, srcs, cfg.Name, now)
}
