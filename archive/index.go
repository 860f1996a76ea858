package archive

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"time"
)

// Set is some WARC files indexed by URL: for each URL, where its last
// response is. Reprocessing and importing read it so that the last fetch of
// a URL wins, and so that the further pages of a multi-page article are
// found in the files instead of on the network.
type Set struct {
	files []string
	last  map[string]position
	log   *slog.Logger
	// cache holds the responses of one file, for Fetch.
	cache struct {
		file int
		recs map[string]Record
	}

	Records    int          // records read
	Damaged    []*ReadError // files read only in part: what was read, what was skipped and where
	Unreadable int          // files that could not be read at all
}

type position struct{ file, n int }

// Index reads files once to index them. A damaged file keeps the records
// read from it and is noted in Damaged; one that cannot be read is logged
// and counted in Unreadable. Only the context's end is an error.
func Index(ctx context.Context, log *slog.Logger, files []string) (*Set, error) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	s := &Set{files: files, last: map[string]position{}, log: log}
	s.cache.file = -1
	// The latest fetch wins, by its time: one machine's files are in time
	// order, but a URL fetched on one day by two machines is in two files
	// whose order says nothing.
	fetched := map[string]time.Time{}
	for i, f := range files {
		n := 0
		err := Read(ctx, f, func(rec Record) error {
			if t, ok := fetched[rec.URL]; !ok || !rec.Fetched.Before(t) {
				s.last[rec.URL] = position{i, n}
				fetched[rec.URL] = rec.Fetched
			}
			n++
			s.Records++
			return nil
		})
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		var re *ReadError
		switch {
		case errors.As(err, &re):
			s.Damaged = append(s.Damaged, re)
			log.Error("archive file damaged", "path", f, "records", re.Records, "skipped", re.Skipped(), "err", err)
		case err != nil:
			s.Unreadable++
			log.Error("archive file", "path", f, "err", err)
		}
	}
	return s, nil
}

// Each calls fn with the last response of every URL, in file order. An
// error of fn other than the context's is logged, not returned: fn counts
// its own failures.
func (s *Set) Each(ctx context.Context, fn func(Record) error) error {
	for i, f := range s.files {
		n := 0
		err := Read(ctx, f, func(rec Record) error {
			p := position{i, n}
			n++
			if s.last[rec.URL] != p {
				return nil
			}
			return fn(rec)
		})
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if err != nil {
			s.log.Debug("archive file", "path", f, "err", err) // counted by Index
		}
	}
	return nil
}

// Fetch answers a request for a page from the set, as a tifa.Fetch: the
// last response the files hold for u. It never touches the network.
func (s *Set) Fetch(ctx context.Context, u string) ([]byte, string, error) {
	p, ok := s.last[u]
	if !ok {
		return nil, "", fmt.Errorf("%s: not in the archive (reprocessing does not fetch)", u)
	}
	if s.cache.file != p.file {
		recs := map[string]Record{}
		err := Read(ctx, s.files[p.file], func(rec Record) error {
			recs[rec.URL] = rec
			return nil
		})
		var re *ReadError
		if err != nil && !errors.As(err, &re) { // damage was counted by Index
			return nil, "", err
		}
		s.cache.file, s.cache.recs = p.file, recs
	}
	rec, ok := s.cache.recs[u]
	if !ok {
		return nil, "", fmt.Errorf("%s: %w", u, io.ErrUnexpectedEOF)
	}
	return rec.Body, rec.Header.Get("Content-Type"), nil
}
