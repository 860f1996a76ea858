package replay_test

import (
	"os"
	"slices"
	"testing"

	"github.com/tifa-project/tifa/config"
	"github.com/tifa-project/tifa/replay"
)

// TestDemoPagesFitTheDefaultSources: every bundled page sits at an article
// URL of its source, linked from one of that source's start pages, and its
// file is in the corpus.
func TestDemoPagesFitTheDefaultSources(t *testing.T) {
	cfg := config.Default()
	for _, p := range replay.DemoPages {
		src, ok := cfg.Source(p.Source)
		if !ok {
			t.Errorf("%s: no source %q", p.Path, p.Source)
			continue
		}
		if !src.IsArticle(p.URL) {
			t.Errorf("%s is not an article URL of %s", p.URL, p.Source)
		}
		if !slices.Contains(src.Start, p.Listing) {
			t.Errorf("%s: listing %s is not a start page of %s", p.URL, p.Listing, p.Source)
		}
		if _, err := os.Stat("../" + p.Path); err != nil {
			t.Error(err)
		}
	}
	if _, err := replay.DemoSite(os.DirFS(".."), cfg.Starts(replay.DemoSources()...)); err != nil {
		t.Error(err)
	}
}
