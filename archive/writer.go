package archive

import (
	"bytes"
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/google/uuid"
	"github.com/klauspost/compress/gzip"
	"github.com/nlnwa/gowarc/v3"

	"github.com/tifa-project/tifa/config"
)

// Writer appends records to the day files. A nil *Writer, which NewWriter
// returns when no archive is configured, accepts every call and does nothing.
type Writer struct {
	cfg     config.Archive
	logger  *slog.Logger
	machine string // in the file names; "" for a crawl that is the only one

	mu     sync.Mutex // serialises appends and pruning
	closed bool

	// gzips are compressors kept for the next record: a new one allocates
	// its encoder's tables, about 750 KB, a fifth of what a crawled page
	// allocated.
	gzips sync.Pool
}

// NewWriter returns a Writer for cfg, or nil when cfg.Dir is empty.
func NewWriter(cfg config.Archive, logger *slog.Logger) (*Writer, error) {
	if cfg.Dir == "" {
		return nil, nil
	}
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	if err := os.MkdirAll(cfg.Dir, 0o755); err != nil {
		return nil, fmt.Errorf("archive: %w", err)
	}
	return &Writer{cfg: cfg, logger: logger}, nil
}

// ForMachine has w name its files for machine (see MachineName), as the
// crawls of several machines sharing a database must: each appends to
// files of its own, in a directory they share too. It returns w.
func (w *Writer) ForMachine(machine string) *Writer {
	if w != nil {
		w.machine = MachineName(machine)
	}
	return w
}

// Write appends rec as a WARC response record to the file of its source and
// day, starting the file with a warcinfo record. Each record is its own gzip
// member, written whole or not at all (see appendMember), so a full disk or
// a process killed mid-write leaves every other record readable. An error
// from the disk wraps the system's (errors.Is(err, syscall.ENOSPC) for a
// full disk). The body is stored as given: a Content-Length that
// disagrees with it is corrected, Transfer-Encoding is dropped and a zero
// Status is stored as 200. Write is safe for concurrent use.
func (w *Writer) Write(ctx context.Context, rec Record) error {
	if w == nil {
		return nil
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if rec.Source == "" || strings.ContainsAny(rec.Source, `/\`) || rec.Source == "." || rec.Source == ".." {
		return fmt.Errorf("archive %s: bad source id %q", rec.URL, rec.Source)
	}
	if rec.Fetched.IsZero() {
		rec.Fetched = time.Now()
	}
	gz, ok := w.gzips.Get().(*gzip.Writer)
	if !ok {
		gz = gzip.NewWriter(nil)
	}
	member, err := responseMember(rec, gz)
	if err != nil {
		return fmt.Errorf("archive %s: %w", rec.URL, err)
	}
	w.gzips.Put(gz)
	p := path(w.cfg.Dir, rec.Source, Day(rec.Fetched), w.machine)
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.closed {
		return fmt.Errorf("archive %s: %w", rec.URL, errClosed)
	}
	if err := appendMember(p, member); err != nil {
		return fmt.Errorf("archive %s: %w", rec.URL, err)
	}
	return nil
}

// Close ends writing; every record is on disk when Write returns, so Close
// only refuses later writes.
func (w *Writer) Close() error {
	if w == nil {
		return nil
	}
	w.mu.Lock()
	w.closed = true
	w.mu.Unlock()
	return nil
}

// appendMember appends member to the file at p, after a warcinfo record if
// the file is new, and syncs it. A record is whole on disk or not there: when
// the write or the sync fails (a full disk), the file is cut back to its
// length before, so the next record follows a complete member. A crash
// mid-write can still leave part of a member, which Read skips.
func appendMember(p string, member []byte) error {
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return err
	}
	f, err := os.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o644)
	if err != nil {
		return err
	}
	// Crawls on one machine may share its files: the lock keeps one's
	// cutting back after a failed write off another's record.
	if err := lockFile(f); err != nil {
		f.Close()
		return err
	}
	info, err := f.Stat()
	if err != nil {
		f.Close()
		return err
	}
	end := info.Size()
	if end == 0 {
		wi, err := warcinfoMember(filepath.Base(p))
		if err != nil {
			f.Close()
			return err
		}
		member = append(wi, member...)
	}
	_, err = f.Write(member)
	if err == nil {
		err = f.Sync()
	}
	if err != nil {
		if terr := f.Truncate(end); terr != nil {
			err = errors.Join(err, fmt.Errorf("cut %s back to %d bytes: %w", p, end, terr))
		}
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	if end == 0 {
		return syncDir(filepath.Dir(p)) // the new file's name survives a crash too
	}
	return nil
}

func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	err = d.Sync()
	if cerr := d.Close(); err == nil {
		err = cerr
	}
	return err
}

var recordOptions = []gowarc.WarcRecordOption{
	gowarc.WithAddMissingRecordId(true),
	gowarc.WithRecordIdFunc(recordID),
	gowarc.WithAddMissingContentLength(true),
	gowarc.WithAddMissingDigest(true),
	// sha1 in base32, as wget, Heritrix and Common Crawl write it, so that
	// common tools can check and deduplicate our files.
	gowarc.WithDefaultDigestAlgorithm("sha1"),
	gowarc.WithSpecViolationPolicy(gowarc.ErrFail),
	gowarc.WithSyntaxErrorPolicy(gowarc.ErrFail),
}

func responseMember(rec Record, gz *gzip.Writer) ([]byte, error) {
	b := newBuilder(gowarc.Response)
	b.AddWarcHeader(gowarc.WarcTargetURI, rec.URL)
	b.AddWarcHeader(gowarc.WarcDate, rec.Fetched.UTC().Format(time.RFC3339Nano))
	b.AddWarcHeader(gowarc.ContentType, "application/http;msgtype=response")
	if _, err := b.Write(httpBlock(rec)); err != nil {
		return nil, err
	}
	return gzipRecord(b, gz)
}

// httpBlock is the HTTP response as WARC stores it: status line, header,
// blank line, body.
func httpBlock(rec Record) []byte {
	status := rec.Status
	if status == 0 {
		status = http.StatusOK
	}
	h := rec.Header.Clone()
	if h == nil {
		h = http.Header{}
	}
	h.Del("Transfer-Encoding")
	if cl := h.Get("Content-Length"); cl != "" && cl != strconv.Itoa(len(rec.Body)) {
		h.Set("Content-Length", strconv.Itoa(len(rec.Body)))
	}
	var buf bytes.Buffer
	text := http.StatusText(status)
	if text == "" {
		text = "status code " + strconv.Itoa(status)
	}
	fmt.Fprintf(&buf, "HTTP/1.1 %d %s\r\n", status, text)
	h.Write(&buf)
	buf.WriteString("\r\n")
	buf.Write(rec.Body)
	return buf.Bytes()
}

func warcinfoMember(filename string) ([]byte, error) {
	b := newBuilder(gowarc.Warcinfo)
	b.AddWarcHeader(gowarc.WarcDate, time.Now().UTC().Format(time.RFC3339))
	b.AddWarcHeader(gowarc.WarcFilename, filename)
	b.AddWarcHeader(gowarc.ContentType, gowarc.ApplicationWarcFields)
	if _, err := b.WriteString("software: tifa (https://github.com/tifa-project/tifa)\r\n" +
		"format: WARC File Format 1.1\r\n" +
		"conformsTo: http://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/\r\n"); err != nil {
		return nil, err
	}
	return gzipRecord(b, nil)
}

// gzipRecord builds the record and returns it as one gzip member, written
// by gz (reset to a fresh member) or, when gz is nil, by a new compressor.
// klauspost/compress's gzip, not the standard library's: at its default
// level it is about 1.7× faster for files about 2% larger, and compression
// was a fifth of a crawl's CPU. The output is plain gzip; the readers are
// unchanged.
func gzipRecord(b gowarc.WarcRecordBuilder, gz *gzip.Writer) ([]byte, error) {
	defer b.Close()
	wr, _, err := b.Build()
	if err != nil {
		return nil, err
	}
	defer wr.Close()
	var buf bytes.Buffer
	if gz == nil {
		gz = gzip.NewWriter(&buf)
	} else {
		gz.Reset(&buf)
	}
	if _, _, err := gowarc.NewMarshaler().Marshal(gz, wr, 0); err != nil {
		return nil, err
	}
	if err := gz.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

var errClosed = errors.New("writer closed")

// gowarcMu serialises gowarc's constructors: each one sets a package
// variable of github.com/google/uuid (EnableRandPool), a data race when two
// goroutines build records or readers at once.
var gowarcMu sync.Mutex

func newBuilder(t gowarc.RecordType) gowarc.WarcRecordBuilder {
	gowarcMu.Lock()
	defer gowarcMu.Unlock()
	return gowarc.NewRecordBuilder(t, recordOptions...)
}

// recordID makes a record id without uuid.New, which reads the variable
// gowarc's constructors write.
func recordID() (string, error) {
	id, err := uuid.NewRandomFromReader(rand.Reader)
	if err != nil {
		return "", err
	}
	return "urn:uuid:" + id.String(), nil
}
