package extract

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/tifa-project/tifa"
)

var update = flag.Bool("update", false, "rewrite testdata/golden files")

const corpusDir = "../testdata/corpus"

// testNow pins "now" so golden files and the future-date guard are stable.
var testNow = time.Date(2026, 11, 27, 12, 0, 0, 0, tifa.China)

type corpusPage struct {
	rel   string // path under corpusDir, without ".html"
	truth Truth
	raw   []byte
}

func loadCorpus(tb testing.TB) []corpusPage {
	tb.Helper()
	var pages []corpusPage
	err := filepath.WalkDir(corpusDir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".html") {
			return err
		}
		base := strings.TrimSuffix(path, ".html")
		tf, err := os.Open(base + ".truth.json")
		if err != nil {
			return nil // pages without truth are not scored
		}
		defer tf.Close()
		truth, err := ParseTruth(tf)
		if err != nil {
			return err
		}
		raw, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(corpusDir, base)
		pages = append(pages, corpusPage{rel: filepath.ToSlash(rel), truth: truth, raw: raw})
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
	sort.Slice(pages, func(i, j int) bool { return pages[i].rel < pages[j].rel })
	if len(pages) == 0 {
		tb.Fatal("no corpus pages found")
	}
	return pages
}

func (p corpusPage) url() string {
	if p.truth.URL != nil {
		return *p.truth.URL
	}
	return ""
}

// titleKeepsSuffix reports truths whose title is the raw <title> string with
// the site suffix (mozilla/readability's expected metadata says so). We strip
// suffixes on purpose, so such a truth is compared after the same cleaning.
func titleKeepsSuffix(t Truth) bool {
	return strings.Contains(t.TruthSource, "incl. site suffix")
}

// minF1 is the body F1 required per corpus directory.
var minF1 = map[string]float64{"xinhua": 0.95, "people": 0.95, "xinhua-en": 0.95, "people-en": 0.95}

func TestCorpus(t *testing.T) {
	for _, p := range loadCorpus(t) {
		t.Run(p.rel, func(t *testing.T) {
			got, err := extract(p.url(), p.raw, "", testNow)
			if err != nil {
				t.Fatalf("Extract: %v", err)
			}
			truth := p.truth
			if titleKeepsSuffix(truth) && truth.Title != nil {
				clean := cleanTitle(*truth.Title)
				truth.Title = &clean
			}
			s := Score(&got.Article, truth)
			t.Logf("%s\tmethod=%s\ttitle=%s\tdate=%s\tf1=%s\tpublished=%s/%s", p.rel, got.Method,
				mark(s.TitleChecked, s.TitleOK), mark(s.DateChecked, s.DateOK), f1Mark(s),
				got.Published.Format(time.DateTime), got.PublishedSource)
			if s.TitleChecked && !s.TitleOK {
				t.Errorf("title: got %q, want %q", got.Title, *truth.Title)
			}
			if s.DateChecked && !s.DateOK {
				t.Errorf("published: got %v (%s), want %q", got.Published, got.PublishedSource, *truth.Published)
			}
			dir := strings.SplitN(p.rel, "/", 2)[0]
			if want, ok := minF1[dir]; ok && s.BodyChecked && s.F1 < want {
				t.Errorf("body F1: got %.3f, want >= %.2f", s.F1, want)
			}
			for _, snip := range s.MissingSnippets {
				t.Errorf("body lacks %q", snip)
			}
			for _, snip := range s.ForbiddenSnippets {
				t.Errorf("body contains forbidden %q", snip)
			}
			if strings.ContainsRune(got.Body, '\uFFFD') || strings.ContainsRune(got.Title, '\uFFFD') {
				t.Errorf("body or title holds U+FFFD: the page was decoded wrongly")
			}
			if strings.Contains(got.Body, "责任编辑") {
				t.Errorf("body contains 责任编辑")
			}
			if got.Body == "" || strings.Contains(got.Body, "\n\n") {
				t.Errorf("body empty or has empty paragraphs")
			}
			if !got.Published.IsZero() && got.Published.Location() != tifa.China {
				t.Errorf("published not in China time: %v", got.Published)
			}
			checkGolden(t, p.rel, got)
		})
	}
}

// mark renders a check for the log table: "-" when the truth has no value.
func mark(checked, ok bool) string {
	switch {
	case !checked:
		return "-"
	case ok:
		return "ok"
	}
	return "FAIL"
}

func f1Mark(s Scores) string {
	if !s.BodyChecked {
		return "-"
	}
	return fmt.Sprintf("%.3f", s.F1)
}

func checkGolden(t *testing.T, rel string, got *Result) {
	t.Helper()
	path := filepath.Join("testdata", "golden", strings.ReplaceAll(rel, "/", "__")+".json")
	b, err := json.MarshalIndent(got, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	b = append(b, '\n')
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, b, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("read golden (run go test ./extract -update): %v", err)
	}
	if !bytes.Equal(b, want) {
		t.Errorf("article differs from %s (run go test ./extract -update and review the diff)", path)
	}
}

func BenchmarkExtract(b *testing.B) {
	pages := loadCorpus(b)
	var size int64
	for _, p := range pages {
		size += int64(len(p.raw))
	}
	b.SetBytes(size)
	b.ReportAllocs()
	for b.Loop() {
		for _, p := range pages {
			if _, err := Extract(p.url(), p.raw, ""); err != nil {
				b.Fatal(err)
			}
		}
	}
}
