// Package archive keeps every fetched response as WARC records in gzip-compressed
// files, one per day (China time) and source: DIR/SOURCE/YYYY-MM-DD.warc.gz,
// or DIR/SOURCE/YYYY-MM-DD.MACHINE.warc.gz for the crawls of several
// machines sharing a database, so that each machine appends to files of
// its own, whether DIR is its own disk or a directory they share.
// From these files pages can be re-extracted without the network, WARC files
// made by other tools can be read in, and an analyst can see what a page said
// on the day it was fetched.
//
// Records are written and parsed with github.com/nlnwa/gowarc/v3; this package
// adds the file layout, appending across runs, retention and the tolerance
// needed for files made elsewhere.
package archive

import (
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/tifa-project/tifa"
	"github.com/tifa-project/tifa/config"
)

// Record is one archived HTTP response.
type Record struct {
	// Source is the configured source the response was fetched for. Read
	// leaves it empty: map the URL with config.SourceForURL.
	Source  string
	URL     string
	Fetched time.Time
	Status  int
	Header  http.Header
	// Body is the payload: the entity after any transfer and content coding
	// is undone.
	Body []byte
}

// ErrNoArchive is returned where an archive is needed but none is configured.
var ErrNoArchive = errors.New("no archive configured (set archive.dir in the configuration)")

// Day returns t's date in China time, as the archive names its files.
func Day(t time.Time) string { return tifa.DayOf(t) }

const suffix = ".warc.gz"

var dayFile = regexp.MustCompile(`^(\d{4}-\d{2}-\d{2})(?:\.([A-Za-z0-9_-]+))?\.warc\.gz$`)

// path is where a record of source fetched on day by machine ("" for a
// crawl that is the only one) goes.
func path(dir, source, day, machine string) string {
	if machine != "" {
		day += "." + machine
	}
	return filepath.Join(dir, source, day+suffix)
}

// Machine is the machine that wrote the archive file at path, as its name
// says; "" for a file of a crawl with a database of its own, or a name
// that is no day file.
func Machine(path string) string {
	m := dayFile.FindStringSubmatch(filepath.Base(path))
	if m == nil {
		return ""
	}
	return m[2]
}

// MachineName is host made safe for a file name: what a Writer for the
// crawls of several machines names its files with.
func MachineName(host string) string {
	b := []byte(host)
	for i, c := range b {
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '_') {
			b[i] = '_'
		}
	}
	if len(b) == 0 {
		return "unknown"
	}
	return string(b)
}

// file is one day file of the archive.
type file struct {
	path, source, day string
	size              int64
}

// Files returns the day files of source (all sources if empty) from day from
// to day to inclusive (YYYY-MM-DD; empty means unbounded), oldest first.
func Files(cfg config.Archive, source string, from, to string) ([]string, error) {
	fs, err := list(cfg.Dir, source, from, to)
	if err != nil {
		return nil, err
	}
	out := make([]string, len(fs))
	for i, f := range fs {
		out[i] = f.path
	}
	return out, nil
}

func list(dir, source, from, to string) ([]file, error) {
	if dir == "" {
		return nil, ErrNoArchive
	}
	for _, d := range []string{from, to} {
		if _, err := tifa.ParseDay(d); d != "" && err != nil {
			return nil, fmt.Errorf("archive: %q is not a date YYYY-MM-DD", d)
		}
	}
	if strings.ContainsAny(source, `/\`) || source == "." || source == ".." {
		return nil, fmt.Errorf("archive: bad source id %q", source)
	}
	sources := []string{source}
	if source == "" {
		entries, err := os.ReadDir(dir)
		if err != nil && !errors.Is(err, os.ErrNotExist) {
			return nil, fmt.Errorf("archive: %w", err)
		}
		sources = sources[:0]
		for _, e := range entries {
			if e.IsDir() {
				sources = append(sources, e.Name())
			}
		}
	}
	var out []file
	for _, src := range sources {
		entries, err := os.ReadDir(filepath.Join(dir, src))
		if errors.Is(err, os.ErrNotExist) {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("archive: %w", err)
		}
		for _, e := range entries {
			name := e.Name()
			m := dayFile.FindStringSubmatch(name)
			if !e.Type().IsRegular() || m == nil {
				continue
			}
			day := m[1]
			if (from != "" && day < from) || (to != "" && day > to) {
				continue
			}
			info, err := e.Info()
			if err != nil {
				continue // deleted meanwhile
			}
			out = append(out, file{path: filepath.Join(dir, src, name), source: src, day: day, size: info.Size()})
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].day != out[j].day {
			return out[i].day < out[j].day
		}
		if out[i].source != out[j].source {
			return out[i].source < out[j].source
		}
		return out[i].path < out[j].path
	})
	return out, nil
}
