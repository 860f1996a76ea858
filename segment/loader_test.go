package segment

import (
	"slices"
	"testing"
)

func TestLoaderKeepsWhatItBuilt(t *testing.T) {
	var l Loader
	a, err := l.New([]string{"新质生产力"})
	if err != nil {
		t.Fatal(err)
	}
	again, _ := l.New([]string{"新质生产力"})
	if again != a {
		t.Error("the same pins built a second segmenter")
	}
	b, _ := l.New([]string{"单一窗口"})
	if b == a {
		t.Fatal("other pins gave the first segmenter")
	}
	if got := a.Cut("发展新质生产力"); !slices.Contains(got, "新质生产力") {
		t.Errorf("kept segmenter lost its pin: %q", got)
	}
	if got := b.Cut("发展新质生产力"); slices.Contains(got, "新质生产力") {
		t.Errorf("a segmenter without the pin keeps 新质生产力 whole: %q; the test needs another word", got)
	}
	// A third lexicon pushes out the least recently used (a: b was used last).
	l.New([]string{"以旧换新"})
	if again, _ := l.New([]string{"单一窗口"}); again != b {
		t.Error("the most recently used segmenter was dropped")
	}
	if len(l.built) != keep {
		t.Errorf("holds %d segmenters, want at most %d", len(l.built), keep)
	}
}
