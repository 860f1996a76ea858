package archive

import (
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
	"slices"
	"testing"
	"time"

	"github.com/tifa-project/tifa/config"
)

// writeDay writes n responses of one source and day with the Writer and
// returns the file's bytes and the records' URLs.
func writeDay(t *testing.T, n int) ([]byte, []string) {
	t.Helper()
	cfg := config.Archive{Dir: t.TempDir()}
	w := mustWriter(t, cfg)
	var urls []string
	for i := range n {
		rec := Record{Source: "xinhua", URL: fmt.Sprintf("http://www.news.cn/a/%d.html", i),
			Fetched: time.Date(2026, 3, 5, 1, i, 0, 0, time.UTC), Status: 200,
			Header: http.Header{"Content-Type": {"text/html"}}, Body: []byte(fmt.Sprintf("<html>page %d %s</html>", i, bytes.Repeat([]byte("正文"), 200)))}
		if err := w.Write(context.Background(), rec); err != nil {
			t.Fatal(err)
		}
		urls = append(urls, rec.URL)
	}
	files, err := Files(cfg, "xinhua", "", "")
	if err != nil || len(files) != 1 {
		t.Fatalf("files %v, %v", files, err)
	}
	data, err := os.ReadFile(files[0])
	if err != nil {
		t.Fatal(err)
	}
	return data, urls
}

// memberOffsets returns where each gzip member of data starts, and len(data).
func memberOffsets(t *testing.T, data []byte) []int {
	t.Helper()
	br := bytes.NewReader(data) // an io.ByteReader: gzip reads no further than a member
	var offs []int
	var zr gzip.Reader
	for {
		off := len(data) - br.Len()
		if err := zr.Reset(br); errors.Is(err, io.EOF) {
			return append(offs, off)
		} else if err != nil {
			t.Fatal(err)
		}
		zr.Multistream(false)
		if _, err := io.Copy(io.Discard, &zr); err != nil {
			t.Fatal(err)
		}
		offs = append(offs, off)
	}
}

func join(parts ...[]byte) []byte { return bytes.Join(parts, nil) }

// TestReadSkipsDamagedMember damages one member in the middle of a day
// file, as a full disk (half a member written, then later records appended)
// or a bad sector would, and checks every other record is still read, with
// the damage said and placed.
func TestReadSkipsDamagedMember(t *testing.T) {
	data, urls := writeDay(t, 8)
	off := memberOffsets(t, data) // member 0 is the warcinfo record, member i the (i-1)th response
	if len(off) != 10 {
		t.Fatalf("got %d members, want 9", len(off)-1)
	}
	m := func(i int) []byte { return data[off[i]:off[i+1]] }
	flipped := bytes.Clone(m(4))
	for i := len(flipped) / 2; i < len(flipped)/2+16; i++ {
		flipped[i] ^= 0xff
	}
	garbage := bytes.Repeat([]byte{0xaa}, 100)
	without := func(i int) []string { return slices.Delete(slices.Clone(urls), i, i+1) }
	tests := []struct {
		name string
		file []byte
		want []string
		dmg  Damage // Err not compared
	}{
		{"half-written member", join(data[:off[4]], m(4)[:len(m(4))/2], data[off[5]:]), without(3),
			Damage{Offset: int64(off[4]), Resumed: int64(off[4] + len(m(4))/2), Records: 1}},
		{"corrupt bytes", join(data[:off[4]], flipped, data[off[5]:]), without(3),
			Damage{Offset: int64(off[4]), Resumed: int64(off[5]), Records: 1}},
		{"first response cut", join(data[:off[1]], m(1)[:40], data[off[2]:]), without(0),
			Damage{Offset: int64(off[1]), Resumed: int64(off[1] + 40), Records: 1}},
		{"garbage between members", join(data[:off[6]], garbage, data[off[6]:]), urls,
			Damage{Offset: int64(off[6]), Resumed: int64(off[6] + len(garbage)), Records: 0}},
		{"last member cut", data[:off[9]-10], without(7),
			Damage{Offset: int64(off[8]), Resumed: -1, Records: 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := filepath.Join(t.TempDir(), "d.warc.gz")
			if err := os.WriteFile(p, tt.file, 0o644); err != nil {
				t.Fatal(err)
			}
			var got []string
			err := Read(context.Background(), p, func(r Record) error { got = append(got, r.URL); return nil })
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("read %v\nwant %v", got, tt.want)
			}
			var re *ReadError
			if !errors.As(err, &re) || len(re.Damage) != 1 {
				t.Fatalf("got error %v, want a *ReadError with one damaged stretch", err)
			}
			d := re.Damage[0]
			d.Err = nil
			if d != tt.dmg || re.Records != len(tt.want) || re.Path != p {
				t.Errorf("got %+v, %d records, path %s; want %+v, %d records", d, re.Records, re.Path, tt.dmg, len(tt.want))
			}
			t.Log(err)
		})
	}
}

// TestReadWholeStreamDamaged damages a file compressed as one gzip stream:
// nothing marks where the next record starts, so the records before the
// damage are read and the rest of the file is reported lost.
func TestReadWholeStreamDamaged(t *testing.T) {
	plain, err := os.ReadFile("testdata/wget-plain.warc")
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.Write(plain)
	zw.Write(plain)
	zw.Close()
	p := filepath.Join(t.TempDir(), "whole.warc.gz")
	if err := os.WriteFile(p, buf.Bytes()[:buf.Len()*3/4], 0o644); err != nil {
		t.Fatal(err)
	}
	n := 0
	err = Read(context.Background(), p, func(Record) error { n++; return nil })
	var re *ReadError
	if n != 1 || !errors.As(err, &re) || !errors.Is(err, ErrTruncated) || re.Damage[0].Resumed != -1 || re.Damage[0].Within == 0 {
		t.Errorf("got %d records, %v; want 1 and the rest of the file lost", n, err)
	}
}

// TestReadStopsOnCallerError: an error of fn is returned as is.
func TestReadStopsOnCallerError(t *testing.T) {
	data, _ := writeDay(t, 3)
	p := filepath.Join(t.TempDir(), "d.warc.gz")
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	stop := errors.New("stop")
	n := 0
	err := Read(context.Background(), p, func(Record) error { n++; return stop })
	if err != stop || n != 1 {
		t.Errorf("got %d calls, %v; want 1 and the caller's error", n, err)
	}
}
