package tagger

import (
	"fmt"
	"math/rand/v2"
	"os"
	"strings"
	"sync"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/tifa-project/tifa/segment"
)

// benchText is testdata/news.txt (real article bodies, see
// testdata/README.md) repeated to 1 MiB.
func benchText(tb testing.TB) string {
	tb.Helper()
	b, err := os.ReadFile("testdata/news.txt")
	if err != nil {
		tb.Fatalf("read news: %v", err)
	}
	var sb strings.Builder
	for sb.Len() < 1<<20 {
		sb.Write(b)
	}
	return sb.String()
}

// benchTerms is the test lexicon plus SYNTHETIC terms up to 1,000:
// 300 four-to-six character Han strings cut from the news text (so they
// hit, like real formulations do), short two-character strings from it
// (forms that need the segmenter; 20 of them pick up words like 发展 and
// 产业, about 5,900 segmenter checks per MB, far more than a real lexicon
// of formulations would), and random four-character Han strings that
// mostly miss. Seeded, so every run uses the same lexicon.
func benchTerms(tb testing.TB, text string, short int) []Term {
	tb.Helper()
	terms := append([]Term(nil), testTerms...)
	used := map[string]bool{}
	for _, term := range terms {
		for _, z := range term.Zh {
			used[z] = true
		}
	}
	rng := rand.New(rand.NewPCG(1, 2))
	han := []rune(text)
	add := func(s string) {
		if used[s] || !allHan(s) {
			return
		}
		// A form may not be owned by two terms.
		used[s] = true
		terms = append(terms, Term{ID: fmt.Sprintf("synthetic-%03d", len(terms)), Zh: []string{s}})
	}
	for n := len(terms); len(terms) < n+300; {
		i := rng.IntN(len(han) - 6)
		add(string(han[i : i+4+rng.IntN(3)]))
	}
	for n := len(terms); len(terms) < n+short; {
		i := rng.IntN(len(han) - 2)
		add(string(han[i : i+2]))
	}
	for len(terms) < 1000 {
		var b strings.Builder
		for range 4 {
			b.WriteRune(rune(0x4E00 + rng.IntN(0x9FA5-0x4E00)))
		}
		add(b.String())
	}
	return terms
}

func allHan(s string) bool {
	for _, r := range s {
		if !unicode.Is(unicode.Han, r) {
			return false
		}
	}
	return utf8.RuneCountInString(s) > 0
}

// The benchmark segmenter pins the synthetic lexicon too, so it is not the
// one the tests use.
var (
	benchOnce sync.Once
	benchSeg  *segment.Segmenter
	benchErr  error
)

func benchTagger(b *testing.B, short int) (*Tagger, *segment.Segmenter, string) {
	b.Helper()
	text := benchText(b)
	terms := benchTerms(b, text, short)
	benchOnce.Do(func() {
		// Pin both lexicons' forms, so both Tag benchmarks see the same gse.
		pinned := append(FormsOf(benchTerms(b, text, 0)), FormsOf(benchTerms(b, text, 20))...)
		benchSeg, benchErr = segment.New(pinned)
	})
	if benchErr != nil {
		b.Fatalf("new segmenter: %v", benchErr)
	}
	tg, err := New(terms, benchSeg)
	if err != nil {
		b.Fatalf("new tagger: %v", err)
	}
	return tg, benchSeg, text
}

// BenchmarkScan is the Aho-Corasick pass alone, over already folded text.
func BenchmarkScan(b *testing.B) {
	tg, _, text := benchTagger(b, 20)
	folded := tg.fold.fold(text).b
	hits := make([]hit, 0, 1<<16)
	b.SetBytes(int64(len(text)))
	b.ResetTimer()
	for b.Loop() {
		hits = tg.ac.scan(folded, hits[:0])
	}
	b.ReportMetric(float64(len(hits)), "hits")
}

// BenchmarkFoldScan adds folding (traditional, width, case, line breaks).
func BenchmarkFoldScan(b *testing.B) {
	tg, _, text := benchTagger(b, 20)
	hits := make([]hit, 0, 1<<16)
	b.SetBytes(int64(len(text)))
	b.ResetTimer()
	for b.Loop() {
		hits = tg.ac.scan(tg.fold.fold(text).b, hits[:0])
	}
}

// BenchmarkTag is end to end: fold, scan, boundary checks, offsets,
// sentences, with the 20 synthetic short forms (segmenter-heavy).
func BenchmarkTag(b *testing.B) { benchmarkTag(b, 20) }

// BenchmarkTagFewShort has only the real short forms (中美, 开放) to check:
// closer to a lexicon of formulations.
func BenchmarkTagFewShort(b *testing.B) { benchmarkTag(b, 0) }

// BenchmarkSpansFewShort is what crawling and retagging run: Tag without
// the sentences, which the store does not keep.
func BenchmarkSpansFewShort(b *testing.B) {
	tg, _, text := benchTagger(b, 0)
	var n int
	b.SetBytes(int64(len(text)))
	b.ResetTimer()
	for b.Loop() {
		n = len(tg.Spans(text))
	}
	b.ReportMetric(float64(n), "mentions")
}

func benchmarkTag(b *testing.B, short int) {
	tg, _, text := benchTagger(b, short)
	var n int
	b.SetBytes(int64(len(text)))
	b.ResetTimer()
	for b.Loop() {
		n = len(tg.Tag(text))
	}
	b.ReportMetric(float64(n), "mentions")
}

// BenchmarkSegmentAll is the baseline this package replaces: gse over all
// the text, counting tokens that equal a form.
func BenchmarkSegmentAll(b *testing.B) {
	tg, seg, text := benchTagger(b, 20)
	forms := map[string]bool{}
	for _, f := range tg.Forms() {
		forms[f] = true
	}
	var n int
	b.SetBytes(int64(len(text)))
	b.ResetTimer()
	for b.Loop() {
		n = 0
		for _, tok := range seg.Cut(text) {
			if forms[tok] {
				n++
			}
		}
	}
	b.ReportMetric(float64(n), "mentions")
}

// BenchmarkNew is the start-up cost without gse: folding table (opencc)
// and automaton for the 1,000-term lexicon.
func BenchmarkNew(b *testing.B) {
	text := benchText(b)
	terms := benchTerms(b, text, 20)
	for b.Loop() {
		if _, err := New(terms, nopSegmenter{}); err != nil {
			b.Fatal(err)
		}
	}
}
