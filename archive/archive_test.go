package archive

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/nlnwa/gowarc/v3"

	"github.com/tifa-project/tifa"
	"github.com/tifa-project/tifa/config"
)

func mustWriter(t *testing.T, cfg config.Archive) *Writer {
	t.Helper()
	w, err := NewWriter(cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { w.Close() })
	return w
}

// readAll reads every response record of path.
func readAll(t *testing.T, path string) []Record {
	t.Helper()
	var out []Record
	if err := Read(context.Background(), path, func(r Record) error { out = append(out, r); return nil }); err != nil {
		t.Fatalf("Read %s: %v", path, err)
	}
	return out
}

func testRecords() []Record {
	day1 := time.Date(2026, 3, 4, 23, 30, 0, 123456789, time.UTC) // 2026-03-05 in China
	day2 := day1.Add(24 * time.Hour)
	var recs []Record
	for _, src := range []string{"xinhua", "people"} {
		for d, t := range []time.Time{day1, day2} {
			for i := range 3 {
				h := http.Header{}
				h.Set("Content-Type", "text/html; charset=GBK")
				h.Add("Set-Cookie", "a=1")
				h.Add("Set-Cookie", "b=2")
				h.Set("Last-Modified", "Tue, 03 Mar 2026 10:00:00 GMT")
				body := append([]byte(fmt.Sprintf("<html>%s %d %d ", src, d, i)), 0xd6, 0xd0, 0xb9, 0xfa, 0, '\r', '\n')
				recs = append(recs, Record{
					Source: src, URL: fmt.Sprintf("http://www.%s.cn/a/%d/%d.html", src, d, i),
					Fetched: t.Add(time.Duration(i) * time.Minute), Status: 200 + i, Header: h, Body: body,
				})
			}
		}
	}
	return recs
}

func TestWriteReadRoundTrip(t *testing.T) {
	cfg := config.Archive{Dir: t.TempDir()}
	w := mustWriter(t, cfg)
	recs := testRecords()
	var wg sync.WaitGroup
	for _, r := range recs {
		wg.Go(func() {
			if err := w.Write(context.Background(), r); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()

	files, err := Files(cfg, "", "", "")
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"2026-03-05/people", "2026-03-05/xinhua", "2026-03-06/people", "2026-03-06/xinhua"}
	var got []string
	for _, f := range files {
		got = append(got, strings.TrimSuffix(filepath.Base(f), ".warc.gz")+"/"+filepath.Base(filepath.Dir(f)))
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("files: got %v, want %v", got, want)
	}

	byURL := map[string]Record{}
	for _, f := range files {
		if n := gzipMembers(t, f); n != 4 {
			t.Errorf("%s: got %d gzip members, want 4 (warcinfo and 3 responses)", f, n)
		}
		for _, r := range readAll(t, f) {
			byURL[r.URL] = r
		}
	}
	for _, w := range recs {
		g, ok := byURL[w.URL]
		if !ok {
			t.Errorf("%s: not read back", w.URL)
			continue
		}
		if !g.Fetched.Equal(w.Fetched) || g.Status != w.Status || !bytes.Equal(g.Body, w.Body) || !reflect.DeepEqual(g.Header, w.Header) {
			t.Errorf("%s:\ngot  %v %d %v %q\nwant %v %d %v %q", w.URL, g.Fetched, g.Status, g.Header, g.Body, w.Fetched, w.Status, w.Header, w.Body)
		}
	}
}

// gzipMembers counts the gzip members of a file.
func gzipMembers(t *testing.T, path string) int {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	br := bufio.NewReader(f)
	zr, err := gzip.NewReader(br)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for {
		zr.Multistream(false)
		if _, err := io.Copy(io.Discard, zr); err != nil {
			t.Fatal(err)
		}
		n++
		if err := zr.Reset(br); errors.Is(err, io.EOF) {
			return n
		} else if err != nil {
			t.Fatal(err)
		}
	}
}

func TestWriteAppendsAcrossWriters(t *testing.T) {
	cfg := config.Archive{Dir: t.TempDir()}
	rec := testRecords()[0]
	for range 2 {
		w := mustWriter(t, cfg)
		if err := w.Write(context.Background(), rec); err != nil {
			t.Fatal(err)
		}
		w.Close()
	}
	files, _ := Files(cfg, "xinhua", "", "")
	if len(files) != 1 {
		t.Fatalf("got %d files, want 1", len(files))
	}
	if got := len(readAll(t, files[0])); got != 2 {
		t.Errorf("got %d records, want 2", got)
	}
	if n := gzipMembers(t, files[0]); n != 3 {
		t.Errorf("got %d gzip members, want 3 (one warcinfo, two responses)", n)
	}
}

func TestReadTruncated(t *testing.T) {
	cfg := config.Archive{Dir: t.TempDir()}
	w := mustWriter(t, cfg)
	recs := testRecords()[:3]
	for _, r := range recs {
		if err := w.Write(context.Background(), r); err != nil {
			t.Fatal(err)
		}
	}
	files, _ := Files(cfg, "xinhua", "", "")
	full, err := os.ReadFile(files[0])
	if err != nil {
		t.Fatal(err)
	}
	for _, cut := range []int{30, 60} {
		p := filepath.Join(t.TempDir(), "cut.warc.gz")
		if err := os.WriteFile(p, full[:len(full)-cut], 0o644); err != nil {
			t.Fatal(err)
		}
		var got []string
		err := Read(context.Background(), p, func(r Record) error { got = append(got, r.URL); return nil })
		var re *ReadError
		if !errors.Is(err, ErrTruncated) || !errors.As(err, &re) || re.Records != 2 || re.Skipped() != 1 ||
			!strings.Contains(err.Error(), "2 response records read, 1 record skipped") {
			t.Errorf("cut %d: got error %v, want ErrTruncated after 2 records, 1 skipped", cut, err)
		}
		if want := []string{recs[0].URL, recs[1].URL}; !reflect.DeepEqual(got, want) {
			t.Errorf("cut %d: got %v, want %v", cut, got, want)
		}
	}
}

func TestFilesRange(t *testing.T) {
	cfg := config.Archive{Dir: t.TempDir()}
	for _, name := range []string{"xinhua/2026-01-01.warc.gz", "xinhua/2026-01-02.warc.gz", "xinhua/2026-01-03.warc.gz",
		"xinhua/notes.txt", "people/2026-01-02.warc.gz"} {
		touch(t, filepath.Join(cfg.Dir, name), 1)
	}
	tests := []struct {
		source, from, to string
		want             []string
	}{
		{"xinhua", "", "", []string{"xinhua/2026-01-01", "xinhua/2026-01-02", "xinhua/2026-01-03"}},
		{"xinhua", "2026-01-02", "2026-01-02", []string{"xinhua/2026-01-02"}},
		{"", "2026-01-02", "", []string{"people/2026-01-02", "xinhua/2026-01-02", "xinhua/2026-01-03"}},
		{"gmw", "", "", nil},
	}
	for _, tt := range tests {
		files, err := Files(cfg, tt.source, tt.from, tt.to)
		if err != nil {
			t.Fatal(err)
		}
		if got := rel(cfg.Dir, files); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Files(%q, %q, %q): got %v, want %v", tt.source, tt.from, tt.to, got, tt.want)
		}
	}
	if _, err := Files(cfg, "", "2026-1-2", ""); err == nil {
		t.Error("bad date: got no error")
	}
	if _, err := Files(config.Archive{}, "", "", ""); !errors.Is(err, ErrNoArchive) {
		t.Errorf("no dir: got %v, want ErrNoArchive", err)
	}
}

func touch(t *testing.T, p string, size int) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, make([]byte, size), 0o644); err != nil {
		t.Fatal(err)
	}
}

func rel(dir string, files []string) []string {
	var out []string
	for _, f := range files {
		r, _ := filepath.Rel(dir, f)
		out = append(out, strings.TrimSuffix(filepath.ToSlash(r), ".warc.gz"))
	}
	return out
}

func TestPrune(t *testing.T) {
	now := time.Date(2026, 1, 10, 12, 0, 0, 0, tifa.China)
	tests := []struct {
		name string
		cfg  config.Archive
		want []string
	}{
		{"keep all", config.Archive{}, []string{"a/2026-01-01", "b/2026-01-05", "a/2026-01-08", "a/2026-01-10"}},
		{"retention", config.Archive{Retention: config.Duration{Duration: 3 * 24 * time.Hour}},
			[]string{"a/2026-01-08", "a/2026-01-10"}},
		{"max bytes", config.Archive{MaxBytes: 250}, []string{"a/2026-01-08", "a/2026-01-10"}},
		{"today is kept", config.Archive{MaxBytes: 1}, []string{"a/2026-01-10"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.cfg.Dir = t.TempDir()
			for _, f := range []string{"a/2026-01-01", "b/2026-01-05", "a/2026-01-08", "a/2026-01-10"} {
				touch(t, filepath.Join(tt.cfg.Dir, f+".warc.gz"), 100)
			}
			w := mustWriter(t, tt.cfg)
			if err := w.Prune(now); err != nil {
				t.Fatal(err)
			}
			files, _ := Files(tt.cfg, "", "", "")
			if got := rel(tt.cfg.Dir, files); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}

func TestNilWriter(t *testing.T) {
	w, err := NewWriter(config.Archive{}, nil)
	if err != nil || w != nil {
		t.Fatalf("got %v, %v; want nil, nil", w, err)
	}
	if err := w.Write(context.Background(), testRecords()[0]); err != nil {
		t.Error(err)
	}
	if err := w.Prune(time.Now()); err != nil {
		t.Error(err)
	}
	if err := w.Close(); err != nil {
		t.Error(err)
	}
}

func TestReadWget(t *testing.T) {
	xinhua, err := os.ReadFile("../testdata/corpus/xinhua/mh_news_cn_politics_leaders_20240509_3dd6e33c.html")
	if err != nil {
		t.Fatal(err)
	}
	people, err := os.ReadFile("../testdata/corpus/people/mh_finance_people_c1004_40232587.html")
	if err != nil {
		t.Fatal(err)
	}
	type page struct {
		url    string
		status int
		body   []byte // nil: not checked
	}
	tests := []struct {
		file string
		want []page
	}{
		{"testdata/wget-news.warc.gz", []page{
			{"http://www.news.cn/politics/", 200, nil},
			{"http://www.news.cn/politics/leaders/20240509/3dd6e33cc6d749fbaae01fea337ff400/c.html", 200, xinhua},
			{"http://finance.people.com.cn/n1/2024/0510/c1004-40232587.html", 200, people},
			{"http://www.news.cn/politics/missing.html", 404, nil},
		}},
		{"testdata/wget-plain.warc", []page{
			{"http://finance.people.com.cn/n1/2024/0510/c1004-40232587.html", 200, people},
		}},
	}
	for _, tt := range tests {
		t.Run(filepath.Base(tt.file), func(t *testing.T) {
			recs := readAll(t, tt.file)
			if len(recs) != len(tt.want) {
				t.Fatalf("got %d records, want %d", len(recs), len(tt.want))
			}
			for i, w := range tt.want {
				g := recs[i]
				if g.URL != w.url || g.Status != w.status {
					t.Errorf("record %d: got %s %d, want %s %d", i, g.URL, g.Status, w.url, w.status)
				}
				if w.body != nil && !bytes.Equal(g.Body, w.body) {
					t.Errorf("%s: body of %d bytes differs from the corpus page (%d bytes)", g.URL, len(g.Body), len(w.body))
				}
				if ce := g.Header.Get("Content-Encoding"); ce != "" {
					t.Errorf("%s: Content-Encoding %q left after decoding", g.URL, ce)
				}
				if Day(g.Fetched) != "2026-11-27" {
					t.Errorf("%s: fetched %v, want the day 2026-11-27", g.URL, g.Fetched)
				}
				if w.status == 200 && g.Header.Get("Content-Type") != "text/html; charset=utf-8" {
					t.Errorf("%s: Content-Type %q", g.URL, g.Header.Get("Content-Type"))
				}
			}
		})
	}
}

// TestWrittenFilesValidate checks our files against gowarc's strict reader:
// record ids, lengths, block and payload digests.
func TestWrittenFilesValidate(t *testing.T) {
	cfg := config.Archive{Dir: t.TempDir()}
	w := mustWriter(t, cfg)
	for _, r := range testRecords()[:2] {
		if err := w.Write(context.Background(), r); err != nil {
			t.Fatal(err)
		}
	}
	files, _ := Files(cfg, "xinhua", "", "")
	wf, err := gowarc.NewWarcFileReader(files[0], 0, gowarc.WithStrictValidation())
	if err != nil {
		t.Fatal(err)
	}
	defer wf.Close()
	var types []string
	for {
		r, err := wf.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("record %d: %v", len(types), err)
		}
		h := r.WarcRecord.WarcHeader()
		if r.WarcRecord.Type() == gowarc.Response && (h.Get(gowarc.WarcPayloadDigest) == "" || h.Get(gowarc.WarcTargetURI) == "") {
			t.Errorf("response without payload digest or target: %v", h)
		}
		types = append(types, r.WarcRecord.Type().String())
		r.Close()
	}
	if want := []string{"warcinfo", "response", "response"}; !reflect.DeepEqual(types, want) {
		t.Errorf("got %v, want %v", types, want)
	}
}

// TestReadWholeFileGzip reads a file compressed as one gzip stream, as some
// tools write them, rather than one member per record.
func TestReadWholeFileGzip(t *testing.T) {
	plain, err := os.ReadFile("testdata/wget-plain.warc")
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.Write(plain)
	zw.Close()
	p := filepath.Join(t.TempDir(), "whole.warc.gz")
	if err := os.WriteFile(p, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	recs := readAll(t, p)
	if len(recs) != 1 || recs[0].URL != "http://finance.people.com.cn/n1/2024/0510/c1004-40232587.html" || len(recs[0].Body) != 53904 {
		t.Errorf("got %d records, want the one People's Daily page of 53904 bytes", len(recs))
	}
}
