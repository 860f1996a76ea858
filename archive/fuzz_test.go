package archive

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"os"
	"testing"
	"time"
)

// FuzzRead reads arbitrary bytes as a WARC file, with small limits so that
// the fuzzer reaches them: it must never panic or loop, report damage only
// inside the file, and pass on only records within the limits.
func FuzzRead(f *testing.F) {
	for _, name := range []string{"testdata/wget-news.warc.gz", "testdata/wget-plain.warc"} {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
		if len(b) > 4000 {
			f.Add(b[:len(b)/3]) // cut short
		}
	}
	rec := Record{URL: "http://www.news.cn/a/1.html", Fetched: time.Date(2026, 3, 5, 1, 0, 0, 0, time.UTC), Status: 200,
		Header: http.Header{"Content-Type": {"text/html"}, "Content-Encoding": {"gzip"}}, Body: gzipped(f, []byte("<html>正文</html>"))}
	m, err := responseMember(rec, nil)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(m)
	f.Add(join(m[:len(m)/2], m)) // a half-written member, then a whole one
	line, _ := bomb(f, []byte("WARC/1.1\r\nX-Bomb: "), []byte("a"), 1, []byte("\r\n\r\n"))
	f.Add(join(line, m))

	lim := Limits{Line: 256, Fields: 16, Block: 4 << 10, Body: 4 << 10}
	f.Fuzz(func(t *testing.T, data []byte) {
		n := 0
		err := readFrom(context.Background(), "fuzz.warc", bytes.NewReader(data), lim, func(r Record) error {
			n++
			if int64(len(r.Body)) > max(lim.Block, lim.Body) {
				t.Errorf("record %s with a body of %d bytes, over the limits", r.URL, len(r.Body))
			}
			return nil
		})
		if err == nil {
			return
		}
		var re *ReadError
		if !errors.As(err, &re) {
			t.Fatalf("got %v, want nil or a *ReadError", err)
		}
		if re.Records != n {
			t.Errorf("ReadError says %d records, fn had %d", re.Records, n)
		}
		for _, d := range re.Damage {
			if d.Offset < 0 || d.Offset >= int64(len(data)) || d.Resumed < -1 || d.Resumed > int64(len(data)) ||
				(d.Resumed >= 0 && d.Resumed < d.Offset) || d.Records < 0 || d.Records > 1 || d.Err == nil {
				t.Errorf("damage %+v in a file of %d bytes", d, len(data))
			}
		}
	})
}
