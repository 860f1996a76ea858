package tagger

import (
	"os"
	"slices"
	"strings"
	"testing"
)

// Boundaries are byte offsets summed over tokens, which is only right if
// gse gives back the text it was given. On folded text it does (it
// lower-cases ASCII, which folding already did); this checks real news.
func TestCutRejoinsFoldedNews(t *testing.T) {
	tg := mustTagger(t)
	b, err := os.ReadFile("testdata/news.txt")
	if err != nil {
		t.Fatal(err)
	}
	fd := tg.fold.fold(string(b))
	cut := tg.cut(fd.b, 0, len(fd.b), true)
	if cut.bounds == nil {
		n := 0
		for _, tok := range cut.tokens {
			n += len(tok)
		}
		t.Fatalf("tokens add up to %d bytes, folded text has %d", n, len(fd.b))
	}
	// The fast path (offsets without word strings) cuts exactly the same.
	if fast := tg.cut(fd.b, 0, len(fd.b), false); !slices.Equal(fast.bounds, cut.bounds) {
		t.Errorf("offsets differ from the words' (%d vs %d boundaries)", len(fast.bounds), len(cut.bounds))
	}
}

func TestClause(t *testing.T) {
	tests := []struct {
		name, text, form, want string
	}{
		{"between commas", "首先，推动中美关系发展，其次", "中美", "推动中美关系发展"},
		{"text edges", "中美关系", "中美", "中美关系"},
		// Long run-on text is capped at clauseReach bytes either side.
		{"capped", "一二三四五六七八九十一二三四五六七八九十中美一二三四五六七八九十一二三四五六七八九十", "中美",
			"九十一二三四五六七八九十中美一二三四五六七八九十一二"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := []byte(tt.text)
			i := strings.Index(tt.text, tt.form)
			cs, ce := clause(b, i, i+len(tt.form))
			if got := string(b[cs:ce]); got != tt.want {
				t.Errorf("clause = %q, want %q", got, tt.want)
			}
		})
	}
}
