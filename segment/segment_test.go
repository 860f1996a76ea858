package segment

import (
	"strings"
	"sync"
	"testing"
)

// The lexicon pinned in every test: short words that are traps inside
// longer dictionary words, and long formulations gse does not know.
var testPinned = []string{"中美", "开放", "新质生产力", "单一窗口", "国际贸易单一窗口", "高水平对外开放"}

// mustNew loads gse once per test binary; loading costs about a second.
var (
	loadOnce sync.Once
	loaded   *Segmenter
	loadErr  error
)

func mustNew(tb testing.TB) *Segmenter {
	tb.Helper()
	loadOnce.Do(func() { loaded, loadErr = New(testPinned) })
	if loadErr != nil {
		tb.Fatalf("new segmenter: %v", loadErr)
	}
	return loaded
}

func TestCut(t *testing.T) {
	seg := mustNew(t)
	tests := []struct {
		name, text, want string // want: tokens joined with |
	}{
		// Central America is one dictionary word; a pinned 中美 must not split it.
		{"central america", "前往中美洲国家", "前往|中美洲|国家"},
		// 集中 + 美元: the 中美 across the word edge is not a word.
		{"concentrate dollars", "集中美元资金", "集中|美元|资金"},
		// Here 中美 (China–US) is a word of its own.
		{"china us relations", "推动中美关系健康发展", "推动|中美|关系|健康|发展"},
		// Pinned, so not 新/质/生产力.
		{"pinned new quality", "发展新质生产力", "发展|新质生产力"},
		// The longer pinned word wins over the shorter pinned word inside it.
		{"pinned nested", "国际贸易单一窗口建设", "国际贸易单一窗口|建设"},
		{"pinned open", "推进高水平对外开放", "推进|高水平对外开放"},
		{"open standalone", "扩大开放", "扩大|开放"},
		// Quotes are tokens of their own, so they do not hide a word edge.
		{"quoted", "“单一窗口”", "“|单一窗口|”"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := strings.Join(seg.Cut(tt.text), "|")
			if got != tt.want {
				t.Errorf("Cut(%q) = %s, want %s", tt.text, got, tt.want)
			}
		})
	}
}

// TestCutConcurrent is for -race: Cut must only read the dictionary.
func TestCutConcurrent(t *testing.T) {
	seg := mustNew(t)
	var wg sync.WaitGroup
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 50 {
				if got := seg.Cut("发展新质生产力"); len(got) != 2 {
					t.Errorf("Cut = %v, want 2 tokens", got)
					return
				}
			}
		}()
	}
	wg.Wait()
}
