// Package limit bounds the bytes tifa reads from anything it does not control:
// HTTP bodies after decompression, robots.txt, feeds, sitemaps, archive records
// and standard input. Going over a limit is an error of its own (ErrTooLarge),
// distinct from a cut-short stream, and never an allocation of the whole input.
package limit

import (
	"errors"
	"fmt"
	"io"
)

// ErrTooLarge is wrapped by every error that reports an input over its limit;
// callers test for it with errors.Is and file it under the kind "too_large".
var ErrTooLarge = errors.New("too large")

// TooLargeError names the limit that was passed.
type TooLargeError struct {
	Max int64
}

func (e *TooLargeError) Error() string {
	return fmt.Sprintf("more than %d bytes", e.Max)
}

func (e *TooLargeError) Unwrap() error { return ErrTooLarge }

// Reader reads at most Max bytes from R. Reading past Max returns a
// *TooLargeError instead of io.EOF, so a truncated input can never be taken
// for a whole one. Max <= 0 means no byte is allowed.
type Reader struct {
	R   io.Reader
	Max int64
	n   int64
	err error
}

// NewReader returns a Reader over r allowing max bytes.
func NewReader(r io.Reader, max int64) *Reader {
	return &Reader{R: r, Max: max}
}

func (l *Reader) Read(p []byte) (int, error) {
	if l.err != nil {
		return 0, l.err
	}
	// Ask for one byte more than allowed: seeing it is how an input exactly
	// Max long is told from a longer one.
	if room := l.Max - l.n + 1; int64(len(p)) > room {
		p = p[:room]
	}
	n, err := l.R.Read(p)
	l.n += int64(n)
	if l.n > l.Max {
		n -= int(l.n - l.Max)
		l.n = l.Max
		l.err = &TooLargeError{Max: l.Max}
		return n, l.err
	}
	if err != nil {
		l.err = err
	}
	return n, err
}

// N reports how many bytes have been handed out.
func (l *Reader) N() int64 { return l.n }

// ReadAll reads r to its end and returns the bytes, or a *TooLargeError once
// more than max bytes have come in. Memory stays within max plus one read.
func ReadAll(r io.Reader, max int64) ([]byte, error) {
	b, err := io.ReadAll(NewReader(r, max))
	if err != nil {
		return nil, err
	}
	return b, nil
}
