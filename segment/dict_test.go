package segment

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/go-ego/gse"
)

// gse itself, loaded as New loads it, to hold the copy to.
var (
	gseOnce sync.Once
	gseSeg  *gse.Segmenter
	gseDict *dict
	gseErr  error
)

func mustGse(tb testing.TB) (*gse.Segmenter, *Segmenter) {
	tb.Helper()
	gseOnce.Do(func() {
		if gseSeg, gseErr = loadGse(testPinned); gseErr == nil {
			gseDict, gseErr = fromGse(gseSeg)
		}
	})
	if gseErr != nil {
		tb.Fatalf("load gse: %v", gseErr)
	}
	return gseSeg, &Segmenter{gseDict}
}

// Texts where the copy could part from gse: ASCII case, letter and digit
// runs, letters of two and three bytes, NUL bytes after a word that is the
// start of longer ones, invalid UTF-8, spaces, and the longest words.
var edgeTexts = []string{
	"", " ", "A", "ABC中国", "iPhone15发布会", "2024年GDP增长5.2%", "Ｆｕｌｌ宽度ＡＢＣ",
	"café和résumé", "中\x00国", "\x00中国", "中美\x00洲", "\xff\xfe中国\xe4", "  中国  人民 ",
	"中华人民共和国全国人民代表大会常务委员会", "新质生产力A新质生产力", "3D打印和5G",
	"国际贸易单一窗口国际贸易单一窗口", "“单一窗口”", "\t\n", "ａ",
}

func corpusLines(tb testing.TB) []string {
	tb.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "corpus.txt"))
	if err != nil {
		tb.Fatal(err)
	}
	return slices.DeleteFunc(strings.Split(string(b), "\n"), func(l string) bool { return l == "" })
}

// TestSameCutAsGse holds Cut and Bounds to gse's own Cut and Segment, on
// the edge texts and the corpus.
func TestSameCutAsGse(t *testing.T) {
	g, seg := mustGse(t)
	for _, text := range append(slices.Clone(edgeTexts), corpusLines(t)...) {
		if got, want := seg.Cut(text), g.Cut(text); !slices.Equal(got, want) {
			t.Errorf("Cut(%q) = %q, gse gives %q", text, got, want)
		}
		want := []int{}
		for _, s := range g.Segment([]byte(text)) {
			want = append(want, s.Start())
		}
		want = append(want, len(text))
		if got := seg.Bounds([]byte(text), []int{}); !slices.Equal(got, want) {
			t.Errorf("Bounds(%q) = %v, gse gives %v", text, got, want)
		}
	}
}

// TestSameCutAsGseOnPages holds the cut to gse's on whole saved pages,
// markup and scripts included: far more ASCII runs, punctuation, entities
// and mixed scripts than article text, in the real proportions.
func TestSameCutAsGseOnPages(t *testing.T) {
	if testing.Short() {
		t.Skip("cuts every saved page twice")
	}
	g, seg := mustGse(t)
	pages, err := filepath.Glob(filepath.Join("..", "testdata", "corpus", "*", "*.html"))
	if err != nil || len(pages) < 20 {
		t.Fatalf("saved pages: %d, %v", len(pages), err)
	}
	for _, p := range pages {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		got, want := seg.Cut(string(b)), g.Cut(string(b))
		if i := firstDiff(got, want); i >= 0 {
			t.Errorf("%s: word %d is %q, gse gives %q (of %d, %d words)", p, i, at(got, i), at(want, i), len(got), len(want))
		}
	}
}

func firstDiff(a, b []string) int {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return i
		}
	}
	if len(a) != len(b) {
		return min(len(a), len(b))
	}
	return -1
}

func at(s []string, i int) string {
	if i < len(s) {
		return s[i]
	}
	return "(end)"
}

func TestSplitWordsAsGse(t *testing.T) {
	var g gse.Segmenter
	for _, text := range edgeTexts {
		var want []int32
		at := 0
		for _, w := range g.SplitTextToWords([]byte(text)) {
			at += len(w)
			want = append(want, int32(at))
		}
		if got := splitWords([]byte(text), nil); !slices.Equal(got, want) {
			t.Errorf("splitWords(%q) = %v, gse's words end at %v", text, got, want)
		}
	}
}

func TestKnowsAsGse(t *testing.T) {
	g, seg := mustGse(t)
	words := []string{"", "中", "中美", "中美洲", "新质生产力", "新质", "\xe4", "\xe4\xb8", "中\x00", "中美\x00",
		"zzqx", "iphone", "iPhone", "发展", "发展中国家", "发展中国家们"}
	for _, w := range words {
		_, _, want := g.Find(w)
		if got := seg.Knows(w); got != want {
			t.Errorf("Knows(%q) = %v, gse's Find says %v", w, got, want)
		}
	}
}

// TestWordCounts checks the copy's word counts and the longest word
// against gse's dictionary, which the cut's reach depends on.
func TestWordCounts(t *testing.T) {
	g, seg := mustGse(t)
	if seg.d.maxWords != g.Dict.MaxTokenLen() {
		t.Errorf("longest word: %d words, gse says %d", seg.d.maxWords, g.Dict.MaxTokenLen())
	}
	if len(seg.d.words) != g.Dict.NumTokens() {
		t.Fatalf("%d words, gse has %d", len(seg.d.words), g.Dict.NumTokens())
	}
	for i, tok := range g.Dict.Tokens {
		if k := seg.d.key(int32(i)); k != tok.Text() || seg.d.freq[i] != tok.Freq() {
			t.Fatalf("word %d: %q %v, gse has %q %v", i, k, seg.d.freq[i], tok.Text(), tok.Freq())
		}
		if n := len(g.SplitTextToWords([]byte(tok.Text()))); int(seg.d.words[i]) != n {
			t.Fatalf("word %d %q: %d words, gse splits it into %d", i, tok.Text(), seg.d.words[i], n)
		}
		if n, ok := seg.d.walk(0, []byte(tok.Text())); !ok || seg.d.value[n] != int32(i) {
			t.Fatalf("trie does not lead %q to word %d", tok.Text(), i)
		}
	}
}

// BenchmarkBounds compares the copy's cut with gse's over the corpus: the
// tagger's per-article cost.
func BenchmarkBounds(b *testing.B) {
	g, seg := mustGse(b)
	text := []byte(strings.Join(corpusLines(b), "\n"))
	b.Run("dict", func(b *testing.B) {
		b.SetBytes(int64(len(text)))
		var dst []int
		for b.Loop() {
			dst = seg.Bounds(text, dst[:0])
		}
	})
	b.Run("gse", func(b *testing.B) {
		b.SetBytes(int64(len(text)))
		for b.Loop() {
			g.Segment(text)
		}
	})
}
