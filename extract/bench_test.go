package extract

import (
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
)

// rulePages are the corpus pages a site rule extracts: the pages the speed
// target (at least 3× go-trafilatura per core) is about.
func rulePages(b *testing.B) []corpusPage {
	b.Helper()
	var out []corpusPage
	for _, p := range loadCorpus(b) {
		a, err := extract(p.url(), p.raw, "", testNow)
		if err == nil && a.Method != "generic" {
			out = append(out, p)
		}
	}
	return out
}

func benchPages(b *testing.B, pages []corpusPage, fn func(string, []byte, string) (*Result, error)) {
	var size int64
	for _, p := range pages {
		size += int64(len(p.raw))
	}
	b.SetBytes(size)
	b.ReportAllocs()
	n := 0
	for b.Loop() {
		for _, p := range pages {
			if _, err := fn(p.url(), p.raw, ""); err != nil {
				b.Fatal(err)
			}
		}
		n += len(pages)
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "pages/s")
}

// Compare with: go test ./extract -run '^$' -bench 'RulePages' -cpu 1
func BenchmarkRulePagesExtract(b *testing.B)     { benchPages(b, rulePages(b), Extract) }
func BenchmarkRulePagesTrafilatura(b *testing.B) { benchPages(b, rulePages(b), Trafilatura) }

// BenchmarkParseOnly is the floor: decoding and parsing the HTML alone.
func BenchmarkParseOnly(b *testing.B) {
	pages := rulePages(b)
	for b.Loop() {
		for _, p := range pages {
			if _, err := goquery.NewDocumentFromReader(strings.NewReader(string(p.raw))); err != nil {
				b.Fatal(err)
			}
		}
	}
}
