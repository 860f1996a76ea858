package archive

import (
	"bytes"
	"compress/flate"
	"compress/gzip"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/tifa-project/tifa/limit"
)

// bomb returns a gzip member that inflates to prefix, then unit repeated
// about chunks MiB long, then suffix, and how long the repeated part is.
// Deflate's output for one more MiB of the same bytes is the same once the
// window is full of them, so the member is built from that steady output
// instead of compressing gigabytes.
func bomb(t testing.TB, prefix, unit []byte, chunks int, suffix []byte) ([]byte, int64) {
	t.Helper()
	chunk := bytes.Repeat(unit, (1<<20)/len(unit))
	var out, buf bytes.Buffer
	out.Write([]byte{0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff})
	zw, _ := flate.NewWriter(&buf, flate.BestCompression)
	zw.Write(prefix)
	zw.Flush()
	crc := crc32.Update(0, crc32.IEEETable, prefix)
	var last []byte
	written := 0
	for written < chunks {
		out.Write(buf.Bytes())
		buf.Reset()
		zw.Write(chunk)
		zw.Flush()
		crc = crc32.Update(crc, crc32.IEEETable, chunk)
		written++
		if bytes.Equal(buf.Bytes(), last) {
			break
		}
		last = bytes.Clone(buf.Bytes())
	}
	for ; written < chunks; written++ {
		out.Write(last)
		crc = crc32.Update(crc, crc32.IEEETable, chunk)
	}
	out.Write(buf.Bytes())
	buf.Reset()
	zw.Write(suffix)
	zw.Close()
	out.Write(buf.Bytes())
	crc = crc32.Update(crc, crc32.IEEETable, suffix)
	n := int64(len(chunk)) * int64(chunks)
	size := int64(len(prefix)) + n + int64(len(suffix))
	out.Write(binary.LittleEndian.AppendUint32(binary.LittleEndian.AppendUint32(nil, crc), uint32(size)))
	return out.Bytes(), n
}

// TestBombMember checks the construction: it inflates, checksum and all.
func TestBombMember(t *testing.T) {
	m, n := bomb(t, []byte("head "), []byte("ab"), 20, []byte(" tail"))
	zr, err := gzip.NewReader(bytes.NewReader(m))
	if err != nil {
		t.Fatal(err)
	}
	b, err := io.ReadAll(zr)
	if err != nil || int64(len(b)) != n+10 || !strings.HasPrefix(string(b), "head abab") || !strings.HasSuffix(string(b), "ab tail") {
		t.Fatalf("got %d bytes, %v; want %d", len(b), err, n+10)
	}
	if len(m) > 30<<10 {
		t.Errorf("member of %d bytes for 20 MiB", len(m))
	}
}

func responseHead(uri string, length int64, extra string) []byte {
	return fmt.Appendf(nil, "WARC/1.1\r\nWARC-Type: response\r\nWARC-Target-URI: %s\r\nWARC-Date: 2026-03-05T01:00:00Z\r\n"+
		"Content-Type: application/http;msgtype=response\r\n%sContent-Length: %d\r\n\r\n", uri, extra, length)
}

// TestReadBounded reads files of about 1 MB whose first gzip member
// inflates to a gigabyte (or a block or body that does), each followed by an
// ordinary record: memory stays within the limits, the bomb is reported
// too large at its offset, and the record after it is read.
func TestReadBounded(t *testing.T) {
	const gib = 1024 // chunks of 1 MiB
	httpHead := []byte("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n")
	gzHead := []byte("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: gzip\r\n\r\n")
	body, _ := bomb(t, nil, []byte{0}, gib, nil)
	_, blockN := bomb(t, nil, []byte{0}, 1, nil)
	tests := []struct {
		name   string
		member func() []byte
	}{
		{"WARC header line", func() []byte {
			m, _ := bomb(t, []byte("WARC/1.1\r\nWARC-Type: response\r\nX-Bomb: "), []byte("a"), gib, []byte("\r\n\r\n"))
			return m
		}},
		{"WARC header fields", func() []byte {
			m, _ := bomb(t, []byte("WARC/1.1\r\n"), []byte("X-Bomb: a\r\n"), gib, []byte("Content-Length: 0\r\n\r\n"))
			return m
		}},
		{"response block", func() []byte {
			n := int64(len(httpHead)) + blockN*gib
			m, _ := bomb(t, join(responseHead("http://www.news.cn/bomb.html", n, ""), httpHead), []byte{0}, gib, []byte("\r\n\r\n"))
			return m
		}},
		{"HTTP header fields", func() []byte {
			_, n := bomb(t, nil, []byte("X-A: b\r\n"), 30, nil)
			n += int64(len("HTTP/1.1 200 OK\r\n") + 2)
			m, _ := bomb(t, join(responseHead("http://www.news.cn/bomb.html", n, ""), []byte("HTTP/1.1 200 OK\r\n")),
				[]byte("X-A: b\r\n"), 30, []byte("\r\n\r\n\r\n"))
			return m
		}},
		{"gzip'd body", func() []byte {
			block := join(gzHead, body)
			return gzipped(t, join(responseHead("http://www.news.cn/bomb.html", int64(len(block)), ""), block, []byte("\r\n\r\n")))
		}},
	}
	good := Record{URL: "http://www.news.cn/a/1.html", Fetched: time.Date(2026, 3, 5, 1, 0, 0, 0, time.UTC), Status: 200,
		Header: http.Header{"Content-Type": {"text/html"}}, Body: []byte("<html>正文</html>")}
	after, err := responseMember(good, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := tt.member()
			p := filepath.Join(t.TempDir(), "bomb.warc.gz")
			if err := os.WriteFile(p, join(m, after), 0o644); err != nil {
				t.Fatal(err)
			}
			var got []string
			var before, done runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&before)
			err := Read(context.Background(), p, func(r Record) error { got = append(got, r.URL); return nil })
			runtime.ReadMemStats(&done)
			if alloc := done.TotalAlloc - before.TotalAlloc; alloc > 160<<20 {
				t.Errorf("allocated %d MiB reading a file of %d KiB", alloc>>20, len(m)>>10)
			}
			if want := []string{good.URL}; !reflect.DeepEqual(got, want) {
				t.Errorf("read %v, want %v", got, want)
			}
			var re *ReadError
			if !errors.As(err, &re) || !errors.Is(err, limit.ErrTooLarge) || len(re.Damage) != 1 || re.Damage[0].Offset != 0 ||
				re.Damage[0].Records != 1 || !strings.Contains(err.Error(), p+": ") || !strings.Contains(err.Error(), "at offset 0") {
				t.Fatalf("got %v; want too large at offset 0 of %s", err, p)
			}
			t.Log(err)
		})
	}
}

func gzipped(t testing.TB, b []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	if _, err := zw.Write(b); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}
