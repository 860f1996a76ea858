package archive

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
)

// ErrTruncated says a file ends inside a record, as when the process writing
// it was killed or a download stopped short; the records before it were read.
var ErrTruncated = errors.New("file ends inside a record")

// Limits bound what reading one record may hold in memory. Each applies to
// the bytes after decompression, so a small file that inflates to gigabytes
// costs no more than a large honest one.
type Limits struct {
	Line   int   // one header line, WARC or HTTP
	Fields int   // header fields of one record, WARC or HTTP
	Block  int64 // a response record's block: HTTP header and body as stored
	Body   int64 // the body once its content coding (gzip, deflate) is undone
}

// DefaultLimits hold any page the crawler accepts (10 MiB) with room for
// the larger pages other tools keep.
func DefaultLimits() Limits {
	return Limits{Line: 64 << 10, Fields: 256, Block: 32 << 20, Body: 32 << 20}
}

// Read calls fn with every HTTP response record of the WARC file at path,
// in file order, holding at most DefaultLimits in memory. It reads WARC 1.0
// and 1.1, plain .warc and .warc.gz, whether each record is its own gzip
// member (as tifa, wget, Heritrix and Common Crawl write them) or the whole
// file is one gzip stream. Request, metadata, resource, revisit and warcinfo
// records, and responses that are not HTTP (dns:), are skipped.
//
// Damage does not stop reading: gzip members are independent, so a damaged
// member (a write cut short by a full disk or a crash) is skipped and
// reading resumes at the next member header; a response over a limit is
// skipped. A record is passed to fn only once its member has been read to
// the end and its checksum holds. When anything was skipped, Read returns a
// *ReadError that says what and where, after calling fn for everything else
// (it wraps ErrTruncated when the file ends inside a record and
// limit.ErrTooLarge when a limit was passed). An error from fn stops reading
// and is returned as is.
//
// Reading is lenient on purpose (angle brackets around WARC-Target-URI, as
// wget writes it, bare LF line ends, a wrong digest): what matters is that
// the HTTP response parses.
func Read(ctx context.Context, path string, fn func(Record) error) error {
	return readFile(ctx, path, DefaultLimits(), fn)
}

func readFile(ctx context.Context, path string, lim Limits, fn func(Record) error) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("read archive: %w", err)
	}
	defer f.Close()
	return readFrom(ctx, path, f, lim, fn)
}

// readFrom reads the WARC file f; path names it in errors.
func readFrom(ctx context.Context, path string, f io.ReadSeeker, lim Limits, fn func(Record) error) error {
	var err error
	r := &reader{ctx: ctx, f: f, lim: lim, fn: fn}
	r.src.br = bufio.NewReaderSize(f, 64<<10)
	r.lr.br = bufio.NewReaderSize(nil, lim.Line)
	if magic, _ := r.src.br.Peek(2); len(magic) == 2 && magic[0] == 0x1f && magic[1] == 0x8b {
		err = r.members()
	} else {
		err = r.plain()
	}
	var stop stopError
	if errors.As(err, &stop) {
		return stop.err
	}
	if err != nil {
		return fmt.Errorf("read %s: %w", path, err)
	}
	if len(r.damage) > 0 {
		return &ReadError{Path: path, Records: r.n, Damage: r.damage}
	}
	return nil
}

// stopError carries an error of fn or of the context out of the reader.
type stopError struct{ err error }

func (e stopError) Error() string { return e.err.Error() }

// Damage is one stretch of a file that Read skipped.
type Damage struct {
	// Offset is where the stretch starts in the file: the gzip member, or
	// the record of a plain file.
	Offset int64
	// Within is how far into the member's decompressed bytes the skipped
	// record starts, for a file that is one gzip stream (zero otherwise).
	Within int64
	// Resumed is where reading went on; -1 if it could not (end of file).
	Resumed int64
	// Records is how many records are known to be lost with the stretch
	// (at least): a damaged member counts one, a member header that does
	// not parse none.
	Records int
	Err     error
}

func (d Damage) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "at offset %d", d.Offset)
	if d.Within > 0 {
		fmt.Fprintf(&b, " (%d bytes into its gzip member)", d.Within)
	}
	switch {
	case d.Resumed < 0:
		b.WriteString(", to the end of the file")
	case d.Resumed > d.Offset:
		fmt.Fprintf(&b, ", %d bytes, resumed at %d", d.Resumed-d.Offset, d.Resumed)
	}
	fmt.Fprintf(&b, " (%d %s): %v", d.Records, plural(d.Records, "record", "records"), d.Err)
	return b.String()
}

// ReadError says what Read skipped in a file it otherwise read.
type ReadError struct {
	Path    string
	Records int // HTTP response records passed to fn
	Damage  []Damage
}

// Skipped is how many records are known to be lost in the damaged stretches.
func (e *ReadError) Skipped() int {
	n := 0
	for _, d := range e.Damage {
		n += d.Records
	}
	return n
}

func (e *ReadError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "read %s: %d response %s read, %d %s skipped in %d damaged %s: ",
		e.Path, e.Records, plural(e.Records, "record", "records"), e.Skipped(), plural(e.Skipped(), "record", "records"),
		len(e.Damage), plural(len(e.Damage), "stretch", "stretches"))
	const shown = 3
	for i, d := range e.Damage {
		if i == shown {
			fmt.Fprintf(&b, "; and %d more", len(e.Damage)-shown)
			break
		}
		if i > 0 {
			b.WriteString("; ")
		}
		b.WriteString(d.String())
	}
	return b.String()
}

// Unwrap gives the cause of each damaged stretch, for errors.Is.
func (e *ReadError) Unwrap() []error {
	out := make([]error, len(e.Damage))
	for i, d := range e.Damage {
		out[i] = d.Err
	}
	return out
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
