package segment

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"log/slog"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/go-ego/gse"
)

// tinyDict is a dict copied from a gse dictionary of words alone, as
// fromGse copies the full one, without loading it.
func tinyDict(t *testing.T, words ...string) *dict {
	t.Helper()
	seg := &gse.Segmenter{SkipLog: true, NotLoadHMM: true, Dict: gse.NewDict()}
	seg.Init()
	for i, w := range words {
		if err := seg.AddToken(w, float64(10+i)); err != nil {
			t.Fatal(err)
		}
	}
	seg.CalcToken()
	d, err := fromGse(seg)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestCacheRoundTrip(t *testing.T) {
	d := tinyDict(t, "中国", "中", "中国人", "人民", "国人", "ab")
	path := filepath.Join(t.TempDir(), "x"+cacheExt)
	key := cacheKey("test", []string{"中国"})
	if err := writeCache(path, key, d); err != nil {
		t.Fatal(err)
	}
	got, err := readCache(path, key)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, d) {
		t.Errorf("read back %+v, wrote %+v", got, d)
	}
	if got := strings.Join((&Segmenter{got}).Cut("中国人民"), "|"); got != "中国|人民" {
		t.Errorf("cut with the read dict: %s, want 中国|人民", got)
	}
}

// TestCacheRejects: a file that is not exactly what was written for the
// key reads as an error, never as a dict.
func TestCacheRejects(t *testing.T) {
	d := tinyDict(t, "中国", "中", "中国人", "人民")
	key := cacheKey("test", nil)
	good := filepath.Join(t.TempDir(), "good"+cacheExt)
	if err := writeCache(good, key, d); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(good)
	if err != nil {
		t.Fatal(err)
	}
	// A payload that passes the CRC but points past the words.
	bad := slices.Clone(d.value)
	bad[1] = int32(len(d.words))
	badIndex := encodeFile(key, encode(&dict{label: d.label, first: d.first, value: bad,
		words: d.words, dist: d.dist, freq: d.freq, end: d.end, text: d.text, maxWords: d.maxWords}))
	tests := []struct {
		name string
		data []byte
		key  [32]byte
		want string
	}{
		{"empty", nil, key, "not a segment cache"},
		{"truncated", b[:len(b)-3], key, "header says"},
		{"other key", b, cacheKey("test", []string{"中国"}), "another dictionary"},
		{"flipped byte", flip(b, len(b)-2), key, "checksum"},
		{"other magic", flip(b, 2), key, "not a segment cache"},
		{"bad index", badIndex, key, "no such word"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "f"+cacheExt)
			if err := os.WriteFile(path, tt.data, 0o644); err != nil {
				t.Fatal(err)
			}
			if _, err := readCache(path, tt.key); err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("readCache: %v, want an error with %q", err, tt.want)
			}
		})
	}
}

func flip(b []byte, i int) []byte {
	b = slices.Clone(b)
	b[i] ^= 0x40
	return b
}

// encodeFile frames payload as writeCache does, with a right CRC.
func encodeFile(key [32]byte, payload []byte) []byte {
	b := append([]byte(cacheMagic), key[:]...)
	b = binary.LittleEndian.AppendUint64(b, uint64(len(payload)))
	b = binary.LittleEndian.AppendUint32(b, crc32.Checksum(payload, castagnoli))
	return append(b, payload...)
}

func TestCachePrunesLeastRecentlyUsed(t *testing.T) {
	dir := t.TempDir()
	old := time.Now().Add(-time.Hour)
	for i := range cacheFiles + 2 {
		path := filepath.Join(dir, fmt.Sprintf("%d%s", i, cacheExt))
		if err := os.WriteFile(path, nil, 0o644); err != nil {
			t.Fatal(err)
		}
		// 0 is the oldest, cacheFiles+1 the newest.
		at := old.Add(time.Duration(i) * time.Minute)
		if err := os.Chtimes(path, at, at); err != nil {
			t.Fatal(err)
		}
	}
	other := filepath.Join(dir, "notes.txt")
	if err := os.WriteFile(other, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := writeCache(filepath.Join(dir, "new"+cacheExt), cacheKey("test", nil), tinyDict(t, "中国")); err != nil {
		t.Fatal(err)
	}
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range ents {
		got = append(got, e.Name())
	}
	want := []string{"3.dict", "4.dict", "5.dict", "new.dict", "notes.txt"}
	if !slices.Equal(got, want) {
		t.Errorf("left %v, want %v", got, want)
	}
}

// TestLoaderReadsWhatItWrote: a second process's Loader (a new one on the
// same directory) takes the file, and one that cannot be read is built
// over.
func TestLoaderReadsWhatItWrote(t *testing.T) {
	dir := t.TempDir()
	pins := []string{"新质生产力"}
	key := cacheKey("test", pins)
	path := cachePath(dir, key)
	// A file for these pins holding a tiny dict: only a Loader that reads
	// it cuts 新质生产力 into single characters.
	if err := writeCache(path, key, tinyDict(t, "生产")); err != nil {
		t.Fatal(err)
	}
	seg, err := (&Loader{Dir: dir, dictID: "test"}).New(pins)
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(seg.Cut("新质生产力"), "|"); got != "新|质|生产|力" {
		t.Fatalf("Cut = %s, want the cached dict's 新|质|生产|力", got)
	}
	// Corrupt, so the next Loader builds gse's and writes it.
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, flip(b, len(b)-1), 0o644); err != nil {
		t.Fatal(err)
	}
	var log bytes.Buffer
	seg, err = (&Loader{Dir: dir, Log: newTextLogger(&log), dictID: "test"}).New(pins)
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(seg.Cut("发展新质生产力"), "|"); got != "发展|新质生产力" {
		t.Errorf("Cut after a corrupt file = %s, want 发展|新质生产力", got)
	}
	if !strings.Contains(log.String(), "checksum") {
		t.Errorf("log %q does not report the corrupt file", log.String())
	}
	if d, err := readCache(path, key); err != nil || !reflect.DeepEqual(d, seg.d) {
		t.Errorf("rebuilt file reads back %v, equal: %v", err, err == nil && reflect.DeepEqual(d, seg.d))
	}
}

// TestCutCorpusGoldenFromCache runs the golden test's cut with a
// segmenter read back from the cache.
func TestCutCorpusGoldenFromCache(t *testing.T) {
	dir := t.TempDir()
	pins := readLines(t, filepath.Join("testdata", "pins.txt"))
	if _, err := (&Loader{Dir: dir, dictID: "test"}).New(pins); err != nil {
		t.Fatal(err)
	}
	key := cacheKey("test", pins)
	d, err := readCache(cachePath(dir, key), key)
	if err != nil {
		t.Fatal(err)
	}
	got := goldenCut(t, &Segmenter{d}, pins)
	want, err := os.ReadFile(filepath.Join("testdata", "corpus.golden"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got.Bytes(), want) {
		t.Error("the cached segmenter's cut differs from testdata/corpus.golden")
	}
}

// BenchmarkLoad is what a command that tags pays once the dictionary for
// its lexicon is on disk: reading and checking the file.
func BenchmarkLoad(b *testing.B) {
	dir := b.TempDir()
	pins := []string{"中美", "新质生产力", "高水平对外开放", "国际贸易单一窗口"}
	if _, err := (&Loader{Dir: dir, dictID: "bench"}).New(pins); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := (&Loader{Dir: dir, dictID: "bench"}).New(pins); err != nil {
			b.Fatal(err)
		}
	}
}

func newTextLogger(w *bytes.Buffer) *slog.Logger { return slog.New(slog.NewTextHandler(w, nil)) }
