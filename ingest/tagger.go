package ingest

import (
	"fmt"

	"github.com/tifa-project/tifa/config"
	"github.com/tifa-project/tifa/segment"
	"github.com/tifa-project/tifa/tagger"
)

// Terms converts the configured terms into the tagger's lexicon.
func Terms(cfg *config.Config) []tagger.Term {
	out := make([]tagger.Term, 0, len(cfg.Terms))
	for _, t := range cfg.Terms {
		out = append(out, tagger.Term{ID: t.ID, Zh: t.Zh, En: t.En, Ambiguous: t.Ambiguous})
	}
	return out
}

// NewTagger loads gse with the lexicon pinned, through segs (nil: afresh),
// and builds the tagger. Loading costs seconds and 200 MiB, so only
// commands that tag call it.
func NewTagger(cfg *config.Config, segs *segment.Loader) (*tagger.Tagger, error) {
	terms := Terms(cfg)
	seg, err := segs.New(tagger.FormsOf(terms))
	if err != nil {
		return nil, fmt.Errorf("load segmenter: %w", err)
	}
	t, err := tagger.New(terms, seg)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", cfg.Name, err)
	}
	return t, nil
}
