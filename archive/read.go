package archive

import (
	"bufio"
	"bytes"
	"compress/flate"
	"compress/gzip"
	"compress/zlib"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/textproto"
	"os"
	"strconv"
	"strings"
	"time"
)

// ErrTruncated says a file ends inside a record, as when the process writing
// it was killed or a download stopped short; the records before it were read.
var ErrTruncated = errors.New("file ends inside a record")

// maxBlock bounds the response records Read keeps in memory; larger ones (a
// video in someone else's crawl) are skipped.
const maxBlock = 64 << 20

// Read calls fn with every HTTP response record of the WARC file at path,
// in file order. It reads WARC 1.0 and 1.1, plain .warc and .warc.gz, whether
// each record is its own gzip member (as tifa, wget, Heritrix and Common
// Crawl write them) or the whole file is one gzip stream. Request, metadata,
// resource, revisit and warcinfo records, and responses that are not HTTP
// (dns:), are skipped. A damaged or truncated file yields its complete
// records, then an error that says how many were read (ErrTruncated when it
// ends inside a record). An error from fn stops reading and is returned as is.
//
// Reading is lenient on purpose (angle brackets around WARC-Target-URI, as
// wget writes it, bare LF line ends, a wrong digest): what matters is that
// the HTTP response parses.
func Read(ctx context.Context, path string, fn func(Record) error) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("read archive: %w", err)
	}
	defer f.Close()
	br := bufio.NewReaderSize(f, 64<<10)
	if magic, _ := br.Peek(2); len(magic) == 2 && magic[0] == 0x1f && magic[1] == 0x8b {
		// Go's gzip reader reads concatenated members as one stream, so one
		// member per record and one member per file read alike.
		gz, err := gzip.NewReader(br)
		if err != nil {
			return fmt.Errorf("read %s: %w", path, err)
		}
		defer gz.Close()
		br = bufio.NewReaderSize(gz, 64<<10)
	}
	n := 0
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		h, block, err := next(br)
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return damaged(path, n, err)
		}
		rec, ok := response(h, block)
		if !ok {
			continue
		}
		if err := fn(rec); err != nil {
			return err
		}
		n++
	}
}

// next reads one WARC record: its header and, for a response record, its
// block (nil for other records, which are skipped). It returns io.EOF at the
// end of the file between records.
func next(br *bufio.Reader) (textproto.MIMEHeader, []byte, error) {
	var line string
	for line == "" {
		l, err := br.ReadString('\n')
		if err != nil {
			if errors.Is(err, io.EOF) && strings.TrimSpace(l) == "" {
				return nil, nil, io.EOF
			}
			return nil, nil, unexpected(err)
		}
		line = strings.TrimSpace(l)
	}
	if !strings.HasPrefix(line, "WARC/") {
		return nil, nil, fmt.Errorf("expected a WARC record, found %.40q", line)
	}
	h, err := textproto.NewReader(br).ReadMIMEHeader()
	if err != nil {
		return nil, nil, unexpected(err)
	}
	length, err := strconv.ParseInt(strings.TrimSpace(h.Get("Content-Length")), 10, 64)
	if err != nil || length < 0 {
		return nil, nil, fmt.Errorf("record %s: bad Content-Length %q", h.Get("WARC-Record-ID"), h.Get("Content-Length"))
	}
	if !strings.EqualFold(h.Get("WARC-Type"), "response") || length > maxBlock {
		if _, err := io.CopyN(io.Discard, br, length); err != nil {
			return nil, nil, unexpected(err)
		}
		return h, nil, nil
	}
	block := make([]byte, length)
	if _, err := io.ReadFull(br, block); err != nil {
		return nil, nil, unexpected(err)
	}
	return h, block, nil
}

// unexpected turns an end of file inside a record into ErrTruncated.
func unexpected(err error) error {
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return fmt.Errorf("%w: %v", ErrTruncated, io.ErrUnexpectedEOF)
	}
	return err
}

func damaged(path string, n int, err error) error {
	return fmt.Errorf("read %s: damaged after %d complete response records: %w", path, n, err)
}

// response turns a WARC response record into a Record; ok is false for a
// record that is not an HTTP response.
func response(h textproto.MIMEHeader, block []byte) (rec Record, ok bool) {
	if block == nil {
		return Record{}, false
	}
	target := strings.Trim(strings.TrimSpace(h.Get("WARC-Target-URI")), "<>")
	ct := strings.ToLower(h.Get("Content-Type"))
	if !strings.HasPrefix(target, "http://") && !strings.HasPrefix(target, "https://") ||
		(ct != "" && !strings.HasPrefix(ct, "application/http")) {
		return Record{}, false
	}
	resp, err := http.ReadResponse(bufio.NewReader(bytes.NewReader(block)), nil)
	if err != nil {
		return Record{}, false // not an HTTP response block after all
	}
	body, err := io.ReadAll(resp.Body)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) {
		return Record{}, false
	}
	fetched, _ := time.Parse(time.RFC3339Nano, strings.TrimSpace(h.Get("WARC-Date")))
	rec = Record{URL: target, Fetched: fetched, Status: resp.StatusCode, Header: resp.Header, Body: body}
	decode(&rec)
	return rec, true
}

// decode undoes a gzip or deflate content coding, as other tools store the
// body as it came over the wire. A body that does not decode is left as is.
func decode(rec *Record) {
	var r io.ReadCloser
	var err error
	switch strings.ToLower(strings.TrimSpace(rec.Header.Get("Content-Encoding"))) {
	case "gzip", "x-gzip":
		r, err = gzip.NewReader(bytes.NewReader(rec.Body))
	case "deflate":
		if r, err = zlib.NewReader(bytes.NewReader(rec.Body)); err != nil {
			r, err = flate.NewReader(bytes.NewReader(rec.Body)), nil
		}
	default:
		return
	}
	if err != nil {
		return
	}
	defer r.Close()
	body, err := io.ReadAll(r)
	if err != nil {
		return
	}
	rec.Body = body
	rec.Header.Del("Content-Encoding")
	rec.Header.Del("Content-Length")
}
