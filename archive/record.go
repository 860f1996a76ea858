package archive

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/textproto"
	"strconv"
	"strings"

	"github.com/tifa-project/tifa/limit"
)

// stream reads the records of the current member (base is its offset in
// the file) or, when gz is false, of the plain file. A response is held
// back until the next record parses or the stream ends cleanly (for a
// member: its checksum holds), so that a record of a damaged member is
// never passed on; in a file that is one gzip stream, the next record's
// header parsing is taken as the sign that the one before is whole. Damage that ends the stream is a *streamError; a
// response skipped for its size is noted and reading goes on.
func (r *reader) stream(base int64, gz bool) error {
	var pending *Record
	var pendingAt int64
	flush := func() error {
		if pending == nil {
			return nil
		}
		rec := *pending
		pending = nil
		r.n++
		if err := r.fn(rec); err != nil {
			return stopError{err}
		}
		return nil
	}
	fail := func(start int64, started bool, err error) error {
		lost := started
		if gz && pending != nil {
			// The member did not end cleanly, so no checksum vouches for
			// the record held back: a member cut short goes on decoding
			// whatever follows it, and can fill a record with that.
			lost, start, pending = true, pendingAt, nil
		}
		if gz && start == 0 && r.watch.err != nil {
			lost = true // a member that breaks before its first record held one
		}
		if err := flush(); err != nil {
			return err
		}
		se := &streamError{within: start, err: err}
		if lost {
			se.lost = 1
		}
		return se
	}
	for {
		if err := r.ctx.Err(); err != nil {
			return stopError{err}
		}
		start := r.lr.off
		h, started, err := readHeader(&r.lr, r.lim)
		if errors.Is(err, io.EOF) {
			return flush()
		}
		if err != nil {
			return fail(start, started, err)
		}
		// The header of the next record parsed: the one before is whole.
		if err := flush(); err != nil {
			return err
		}
		length, err := strconv.ParseInt(strings.TrimSpace(h.Get("Content-Length")), 10, 64)
		if err != nil || length < 0 {
			return fail(start, true, fmt.Errorf("record %s: bad Content-Length %q", h.Get("WARC-Record-ID"), h.Get("Content-Length")))
		}
		if !strings.EqualFold(h.Get("WARC-Type"), "response") {
			if err := r.lr.discard(length); err != nil {
				return fail(start, true, err)
			}
			continue
		}
		if length > r.lim.Block {
			err := fmt.Errorf("response %s: block of %d bytes: %w", target(h), length, &limit.TooLargeError{Max: r.lim.Block})
			if gz && start == 0 {
				// One member per record: the next record is at the next
				// member, no need to inflate this one to its end.
				return fail(start, true, err)
			}
			r.note(base, start, gz, err)
			if err := r.lr.discard(length); err != nil {
				return fail(start, false, err)
			}
			continue
		}
		block, err := r.lr.block(length)
		if err != nil {
			return fail(start, true, err)
		}
		rec, ok, err := response(h, block, r.lim)
		if err != nil {
			r.note(base, start, gz, err)
			continue
		}
		if ok {
			pending, pendingAt = &rec, start
		}
	}
}

// note records a response skipped for its size; reading goes on after it.
func (r *reader) note(base, start int64, gz bool, err error) {
	d := Damage{Offset: start, Records: 1, Err: err}
	if gz {
		d.Offset, d.Within = base, start
	}
	d.Resumed = d.Offset
	r.damage = append(r.damage, d)
}

// readHeader reads a record's version line and WARC header; io.EOF means
// the stream ended cleanly between records. started says whether the
// version line was read: an error after it loses a record.
func readHeader(lr *lineReader, lim Limits) (h textproto.MIMEHeader, started bool, err error) {
	for {
		l, err := lr.line()
		if err != nil {
			if errors.Is(err, io.EOF) && len(bytes.TrimSpace(l)) == 0 {
				return nil, false, io.EOF
			}
			return nil, false, fmt.Errorf("WARC version line: %w", unexpected(err))
		}
		if t := bytes.TrimSpace(l); len(t) > 0 {
			if !bytes.HasPrefix(t, []byte("WARC/")) {
				return nil, false, fmt.Errorf("expected a WARC record, found %.40q", t)
			}
			break
		}
	}
	h = textproto.MIMEHeader{}
	last := ""
	for n := 0; ; n++ {
		l, err := lr.line()
		if err != nil {
			return nil, true, fmt.Errorf("WARC header line: %w", unexpected(err))
		}
		t := bytes.TrimRight(l, "\r\n")
		if len(t) == 0 {
			return h, true, nil
		}
		if n == lim.Fields {
			return nil, true, fmt.Errorf("WARC header: more than %d fields: %w", lim.Fields, limit.ErrTooLarge)
		}
		if (t[0] == ' ' || t[0] == '\t') && last != "" {
			vs := h[last]
			vs[len(vs)-1] += " " + string(bytes.TrimSpace(t))
			continue
		}
		k, v, ok := bytes.Cut(t, []byte(":"))
		if !ok {
			return nil, true, fmt.Errorf("WARC header: malformed line %.40q", t)
		}
		last = textproto.CanonicalMIMEHeaderKey(string(bytes.TrimSpace(k)))
		h[last] = append(h[last], string(bytes.TrimSpace(v)))
	}
}

func target(h textproto.MIMEHeader) string {
	return strings.Trim(strings.TrimSpace(h.Get("WARC-Target-URI")), "<>")
}
