package segment

import (
	"bufio"
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden from the current segmenter")

// goldenCut is what testdata/corpus.golden holds: the cut and the word
// starts of every corpus line, and the words containing each pin.
func goldenCut(t *testing.T, seg *Segmenter, pins []string) *bytes.Buffer {
	t.Helper()
	var got bytes.Buffer
	for _, line := range readLines(t, filepath.Join("testdata", "corpus.txt")) {
		fmt.Fprintln(&got, strings.Join(seg.Cut(line), "|"))
		var bounds []string
		for _, b := range seg.Bounds([]byte(line), nil) {
			bounds = append(bounds, fmt.Sprint(b))
		}
		fmt.Fprintln(&got, strings.Join(bounds, " "))
	}
	for _, w := range pins {
		fmt.Fprintf(&got, "%s contained in: %s\n", w, strings.Join(seg.WordsContaining(w, 10), " "))
	}
	return &got
}

// TestCutCorpusGolden pins the segmentation of real article text (bodies
// extracted from ../shared/corpus pages, testdata/corpus.txt) with the
// default lexicon's forms pinned (testdata/pins.txt): how the dictionary
// is built may change for speed, the cut may not. The golden file was
// written by the segmenter that loaded gse's dictionary and then pinned in
// a second pass.
func TestCutCorpusGolden(t *testing.T) {
	pins := readLines(t, filepath.Join("testdata", "pins.txt"))
	seg, err := New(pins)
	if err != nil {
		t.Fatalf("new segmenter with testdata/pins.txt: %v", err)
	}
	got := goldenCut(t, seg, pins)
	golden := filepath.Join("testdata", "corpus.golden")
	if *update {
		if err := os.WriteFile(golden, got.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("read %s (run go test -update to create it): %v", golden, err)
	}
	if !bytes.Equal(got.Bytes(), want) {
		gl, wl := strings.Split(got.String(), "\n"), strings.Split(string(want), "\n")
		for i := range min(len(gl), len(wl)) {
			if gl[i] != wl[i] {
				t.Fatalf("%s line %d differs:\n got %s\nwant %s", golden, i+1, gl[i], wl[i])
			}
		}
		t.Fatalf("%s: got %d lines, want %d", golden, len(gl), len(wl))
	}
}

func readLines(t *testing.T, path string) []string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var lines []string
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		if l := sc.Text(); l != "" {
			lines = append(lines, l)
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatalf("read %s: %v", path, err)
	}
	return lines
}

// BenchmarkNew is what every command that tags pays before its first
// article: gse's dictionary loaded, the default lexicon pinned.
func BenchmarkNew(b *testing.B) {
	pins := []string{"中美", "新质生产力", "高水平对外开放", "国际贸易单一窗口"}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := New(pins); err != nil {
			b.Fatal(err)
		}
	}
}
