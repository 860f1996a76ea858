package extract

import (
	"os"
	"path/filepath"
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

// genericPages are the real pages of sites without a rule
// (../testdata/generic-zh), the pages go-trafilatura reads in a crawl.
func genericPages(b *testing.B) []corpusPage {
	b.Helper()
	paths, err := filepath.Glob(filepath.Join("..", "testdata", "generic-zh", "*", "*.html"))
	if err != nil || len(paths) == 0 {
		b.Fatalf("no generic pages: %v", err)
	}
	var out []corpusPage
	for _, path := range paths {
		raw, err := os.ReadFile(path)
		if err != nil {
			b.Fatal(err)
		}
		out = append(out, corpusPage{rel: path, raw: raw})
	}
	return out
}

// What a generic page costs, against one plain go-trafilatura run (with its
// fallbacks, as tifa eval's baseline) and a parse alone:
//
//	go test ./extract -run '^$' -bench 'GenericPages' -cpu 1
func BenchmarkGenericPagesExtract(b *testing.B) {
	benchPages(b, genericPages(b), func(_ string, raw []byte, ct string) (*Result, error) {
		return Extract("http://127.0.0.1:8080/a/1.html", raw, ct)
	})
}

func BenchmarkGenericPagesTrafilatura(b *testing.B) {
	benchPages(b, genericPages(b), func(_ string, raw []byte, ct string) (*Result, error) {
		return Trafilatura("http://127.0.0.1:8080/a/1.html", raw, ct)
	})
}

func BenchmarkGenericPagesParseOnly(b *testing.B) {
	benchPages(b, genericPages(b), func(_ string, raw []byte, _ string) (*Result, error) {
		_, err := goquery.NewDocumentFromReader(strings.NewReader(string(raw)))
		return &Result{}, err
	})
}
