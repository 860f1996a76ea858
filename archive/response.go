package archive

import (
	"bufio"
	"bytes"
	"compress/flate"
	"compress/gzip"
	"compress/zlib"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/textproto"
	"strings"
	"time"

	"github.com/tifa-project/tifa/limit"
)

// response turns a WARC response record into a Record; ok is false for a
// record that is not an HTTP response. The error says the record passed a
// limit.
func response(h textproto.MIMEHeader, block []byte, lim Limits) (rec Record, ok bool, err error) {
	u := target(h)
	ct := strings.ToLower(h.Get("Content-Type"))
	if !strings.HasPrefix(u, "http://") && !strings.HasPrefix(u, "https://") ||
		(ct != "" && !strings.HasPrefix(ct, "application/http")) {
		return Record{}, false, nil
	}
	if err := checkHead(block, lim); err != nil {
		return Record{}, false, fmt.Errorf("response %s: %w", u, err)
	}
	resp, err := http.ReadResponse(bufio.NewReader(bytes.NewReader(block)), nil)
	if err != nil {
		return Record{}, false, nil // not an HTTP response block after all
	}
	body, err := io.ReadAll(resp.Body) // no longer than the block
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) {
		return Record{}, false, nil
	}
	fetched, _ := time.Parse(time.RFC3339Nano, strings.TrimSpace(h.Get("WARC-Date")))
	rec = Record{URL: u, Fetched: fetched, Status: resp.StatusCode, Header: resp.Header, Body: body}
	if err := decode(&rec, lim.Body); err != nil {
		return Record{}, false, fmt.Errorf("response %s: %w", u, err)
	}
	return rec, true, nil
}

// checkHead holds the HTTP header of block to the limits before net/http,
// which keeps every line and field it is given, parses it.
func checkHead(block []byte, lim Limits) error {
	rest := block
	for lines := 0; len(rest) > 0; lines++ {
		line := rest
		if i := bytes.IndexByte(rest, '\n'); i >= 0 {
			line, rest = rest[:i], rest[i+1:]
		} else {
			rest = nil
		}
		if len(line) >= lim.Line {
			return fmt.Errorf("HTTP header line: %w", &limit.TooLargeError{Max: int64(lim.Line)})
		}
		if len(bytes.TrimRight(line, "\r")) == 0 {
			return nil
		}
		if lines > lim.Fields {
			return fmt.Errorf("HTTP header: more than %d fields: %w", lim.Fields, limit.ErrTooLarge)
		}
	}
	return nil
}

// decode undoes a gzip or deflate content coding, as other tools store the
// body as it came over the wire, inflating at most max bytes. A body that
// does not decode is left as is; one that inflates past max is an error.
func decode(rec *Record, max int64) error {
	var r io.ReadCloser
	var err error
	coding := strings.ToLower(strings.TrimSpace(rec.Header.Get("Content-Encoding")))
	switch coding {
	case "gzip", "x-gzip":
		r, err = gzip.NewReader(bytes.NewReader(rec.Body))
	case "deflate":
		if r, err = zlib.NewReader(bytes.NewReader(rec.Body)); err != nil {
			r, err = flate.NewReader(bytes.NewReader(rec.Body)), nil
		}
	default:
		return nil
	}
	if err != nil {
		return nil
	}
	defer r.Close()
	body, err := limit.ReadAll(r, max)
	if errors.Is(err, limit.ErrTooLarge) {
		return fmt.Errorf("body after %s decoding: %w", coding, err)
	}
	if err != nil {
		return nil
	}
	rec.Body = body
	rec.Header.Del("Content-Encoding")
	rec.Header.Del("Content-Length")
	return nil
}
