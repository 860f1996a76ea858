package tagger

import (
	"sync"
	"testing"

	"github.com/tifa-project/tifa/segment"
)

// testTerms is a small real lexicon: the formulations from the issue plus
// the short words that are traps (中美, 开放).
var testTerms = []Term{
	{ID: "new-quality-productive-forces", Zh: []string{"新质生产力"}, En: []string{"new quality productive forces"}},
	{ID: "single-window", Zh: []string{"单一窗口"}, En: []string{"single window"}},
	{ID: "intl-trade-single-window", Zh: []string{"国际贸易单一窗口"}},
	{ID: "high-quality-development", Zh: []string{"高质量发展"}, En: []string{"high-quality development"}},
	{ID: "high-level-opening-up", Zh: []string{"高水平对外开放"}, En: []string{"high-level opening up"}},
	{ID: "opening-up", Zh: []string{"开放"}},
	{ID: "china-us", Zh: []string{"中美"}, En: []string{"China-US", "Sino-US"}},
	{ID: "ai-plus", Zh: []string{"人工智能+"}, En: []string{"AI+"}},
}

// The real segmenter, loaded once per test binary (about a second).
var (
	segOnce sync.Once
	segVal  *segment.Segmenter
	segErr  error
)

// mustSegmenter returns the real segmenter with testTerms' forms pinned.
func mustSegmenter(tb testing.TB) *segment.Segmenter {
	tb.Helper()
	segOnce.Do(func() { segVal, segErr = segment.New(FormsOf(testTerms)) })
	if segErr != nil {
		tb.Fatalf("new segmenter: %v", segErr)
	}
	return segVal
}

func mustTagger(tb testing.TB) *Tagger {
	tb.Helper()
	tg, err := New(testTerms, mustSegmenter(tb))
	if err != nil {
		tb.Fatalf("new tagger: %v", err)
	}
	return tg
}
