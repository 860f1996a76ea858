package tagger

import "testing"

func BenchmarkScanSmall(b *testing.B) {
	text := benchText(b)
	tg, err := New(testTerms, nopSegmenter{})
	if err != nil {
		b.Fatal(err)
	}
	folded := tg.fold.fold(text).b
	b.Logf("width %d states %d", tg.ac.width, len(tg.ac.outs))
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		tg.ac.scan(folded, nil)
	}
}
func BenchmarkScanBigInfo(b *testing.B) {
	tg, _, _ := benchTagger(b)
	b.Logf("width %d states %d", tg.ac.width, len(tg.ac.outs))
	for b.Loop() {
	}
}

func BenchmarkCountChecked(b *testing.B) {
	tg, _, text := benchTagger(b)
	fd := tg.fold.fold(text)
	hits := tg.ac.scan(fd.b, nil)
	per := map[string]int{}
	n := 0
	for _, h := range hits {
		if tg.forms[h.pattern].checked {
			n++
			per[tg.forms[h.pattern].folded]++
		}
	}
	b.Logf("hits %d checked %d %v", len(hits), n, per)
	for b.Loop() {
	}
}
