package archive

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/tifa-project/tifa/limit"
)

// reader reads one file: its gzip members one by one (or the plain file as
// one stream), the records of each, and what it had to skip.
type reader struct {
	ctx context.Context
	f   io.ReadSeeker
	lim Limits
	fn  func(Record) error

	src   countReader // the file's bytes
	zr    gzip.Reader
	watch watch      // between the decompressor (or file) and lr
	lr    lineReader // the decompressed bytes of the current member

	n      int // responses passed to fn
	damage []Damage
}

// plain reads a file that is not gzip'd. Nothing marks where a record
// starts, so damage ends reading.
func (r *reader) plain() error {
	r.watch = watch{r: &r.src}
	r.lr.reset(&r.watch)
	err := r.stream(0, false)
	var se *streamError
	if errors.As(err, &se) {
		r.damage = append(r.damage, Damage{Offset: se.within, Resumed: -1, Records: se.lost, Err: se.err})
		return nil
	}
	return err
}

// members reads a gzip'd file member by member. A member that does not
// decompress, or whose records do not parse, is skipped: reading resumes at
// the next gzip header after its start, which is where the next record
// begins in a file of one member per record, even when the damaged member's
// own end was never written.
func (r *reader) members() error {
	for {
		base := r.src.off
		if err := r.zr.Reset(&r.src); err != nil {
			if errors.Is(err, io.EOF) {
				return nil
			}
			if err := r.skip(Damage{Offset: base, Err: fmt.Errorf("gzip header: %w", unexpected(err))}); err != nil {
				return err
			}
			continue
		}
		r.zr.Multistream(false)
		r.watch = watch{r: &r.zr}
		r.lr.reset(&r.watch)
		err := r.stream(base, true)
		var se *streamError
		switch {
		case errors.As(err, &se):
			if err := r.skip(Damage{Offset: base, Within: se.within, Records: se.lost, Err: se.err}); err != nil {
				return err
			}
		case err != nil:
			return err
		}
	}
}

// skip notes d and moves to the next gzip header after d.Offset. Damage
// that starts where the previous stretch resumed extends that stretch: it is
// most likely a false header inside the damage (1f 8b 08 in deflate data),
// so its record is not counted again.
func (r *reader) skip(d Damage) error {
	next, err := r.resync(d.Offset + 1)
	if err != nil {
		return err
	}
	d.Resumed = next
	if n := len(r.damage); n > 0 && r.damage[n-1].Resumed == d.Offset && d.Within == 0 {
		r.damage[n-1].Resumed = next
		return nil
	}
	r.damage = append(r.damage, d)
	return nil
}

// resync positions the file at the first gzip header (1f 8b 08) at or
// after from, and returns its offset, or -1 at the end of the file.
func (r *reader) resync(from int64) (int64, error) {
	if err := r.src.seek(r.f, from); err != nil {
		return 0, err
	}
	for {
		p, err := r.src.br.Peek(3)
		if len(p) < 3 {
			if err != nil && !errors.Is(err, io.EOF) {
				return 0, err
			}
			r.src.discard(len(p))
			return -1, nil
		}
		if p[0] == 0x1f && p[1] == 0x8b && p[2] == 8 {
			return r.src.off, nil
		}
		buf, _ := r.src.br.Peek(r.src.br.Buffered())
		n := len(buf)
		if i := bytes.IndexByte(buf[1:], 0x1f); i >= 0 {
			n = i + 1
		}
		r.src.discard(n)
	}
}

// streamError is damage that ends the current member (or plain file).
type streamError struct {
	within int64 // where the record it hit starts, in decompressed bytes
	lost   int
	err    error
}

func (e *streamError) Error() string { return e.err.Error() }

// countReader counts the bytes taken from the file, so that a member's
// offset is known. It is an io.ByteReader, which keeps gzip and flate from
// buffering ahead of it.
type countReader struct {
	br  *bufio.Reader
	off int64
}

func (c *countReader) Read(p []byte) (int, error) {
	n, err := c.br.Read(p)
	c.off += int64(n)
	return n, err
}

func (c *countReader) ReadByte() (byte, error) {
	b, err := c.br.ReadByte()
	if err == nil {
		c.off++
	}
	return b, err
}

func (c *countReader) discard(n int) {
	m, _ := c.br.Discard(n)
	c.off += int64(m)
}

func (c *countReader) seek(f io.ReadSeeker, off int64) error {
	if _, err := f.Seek(off, io.SeekStart); err != nil {
		return err
	}
	c.br.Reset(f)
	c.off = off
	return nil
}

// watch remembers whether the bytes below failed (a corrupt member, a
// checksum that does not hold), as opposed to records that do not parse.
type watch struct {
	r   io.Reader
	err error
}

func (w *watch) Read(p []byte) (int, error) {
	n, err := w.r.Read(p)
	if err != nil && !errors.Is(err, io.EOF) {
		w.err = err
	}
	return n, err
}

// lineReader reads a member's decompressed bytes, header lines no longer
// than its buffer, and counts its offset.
type lineReader struct {
	br  *bufio.Reader
	off int64
}

func (l *lineReader) reset(r io.Reader) {
	l.br.Reset(r)
	l.off = 0
}

func (l *lineReader) Read(p []byte) (int, error) {
	n, err := l.br.Read(p)
	l.off += int64(n)
	return n, err
}

// line returns the next line, valid until the next read; a line longer
// than the buffer is an error, never an allocation.
func (l *lineReader) line() ([]byte, error) {
	b, err := l.br.ReadSlice('\n')
	l.off += int64(len(b))
	if errors.Is(err, bufio.ErrBufferFull) {
		return nil, &limit.TooLargeError{Max: int64(l.br.Size())}
	}
	return b, err
}

// block reads the next n bytes, which the caller has bounded.
func (l *lineReader) block(n int64) ([]byte, error) {
	var buf bytes.Buffer
	buf.Grow(int(min(n, 64<<10)))
	m, err := buf.ReadFrom(io.LimitReader(l, n))
	if err == nil && m < n {
		err = io.ErrUnexpectedEOF
	}
	if err != nil {
		return nil, unexpected(err)
	}
	return buf.Bytes(), nil
}

func (l *lineReader) discard(n int64) error {
	if m, err := io.CopyN(io.Discard, l, n); m < n {
		if err == nil {
			err = io.ErrUnexpectedEOF
		}
		return unexpected(err)
	}
	return nil
}

// unexpected turns an end of file inside a record into ErrTruncated.
func unexpected(err error) error {
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return fmt.Errorf("%w: %v", ErrTruncated, io.ErrUnexpectedEOF)
	}
	return err
}
