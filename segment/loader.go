package segment

import (
	"errors"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
)

// keep is how many segmenters a Loader holds: one per lexicon in use, and
// a process tags with one or two (retag's before and after); each is about
// 30 MiB, so an unbounded cache would grow with every lexicon seen.
const keep = 2

// Loader builds segmenters and keeps the last ones it built, by their
// pinned words, in memory and on disk. Building one loads gse's dictionary
// (two seconds and 250 MiB at its peak, about 20 s under the race
// detector); reading the file a Loader wrote for the same pins takes tens
// of milliseconds, so a command that tags one article is not mostly gse's
// load. A process that tags with the same lexicon again — a retag after a
// crawl in one serve, every command of a test suite run in-process — gets
// the one in memory. Segmenters are read-only, so a kept one is shared
// safely. The zero Loader is ready to use; a nil *Loader builds afresh
// each time and writes nothing.
type Loader struct {
	// Dir holds the built dictionaries between processes; "" is
	// tifa/segment in the user's cache directory.
	Dir string
	// Log reports a cache file that cannot be read or written (the
	// segmenter is built then); nil discards.
	Log *slog.Logger

	// dictID names gse's dictionary in the cache key; "" is gseVersion's,
	// and with none nothing is cached. Tests set it, having no build info.
	dictID string

	mu    sync.Mutex
	built []entry // most recently used last
}

type entry struct {
	key string
	seg *Segmenter
}

// New returns a segmenter with pinned pinned, built once per pin set.
func (l *Loader) New(pinned []string) (*Segmenter, error) {
	if l == nil {
		return New(pinned)
	}
	key := pinKey(pinned)
	// Held while building, so two callers asking for one lexicon at once
	// load it once.
	l.mu.Lock()
	defer l.mu.Unlock()
	for i, b := range l.built {
		if b.key == key {
			l.built = append(slices.Delete(l.built, i, i+1), b)
			return b.seg, nil
		}
	}
	seg, err := l.load(pinned)
	if err != nil {
		return nil, err
	}
	if len(l.built) == keep {
		l.built = slices.Delete(l.built, 0, 1)
	}
	l.built = append(l.built, entry{key, seg})
	return seg, nil
}

// load reads the segmenter for pinned from the cache directory, or builds
// it and writes it there. The cache only ever saves time: a file that
// cannot be read is built over, and one that cannot be written is logged.
func (l *Loader) load(pinned []string) (*Segmenter, error) {
	dir, id := l.dir(), l.dictID
	if id == "" {
		id = gseVersion()
	}
	if dir == "" || id == "" {
		return New(pinned)
	}
	key := cacheKey(id, pinned)
	path := cachePath(dir, key)
	log := l.Log
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	d, err := readCache(path, key)
	if err == nil {
		if err := touch(path); err != nil {
			log.Warn("segment cache", slog.String("path", path), slog.Any("error", err))
		}
		return &Segmenter{d}, nil
	}
	if !errors.Is(err, fs.ErrNotExist) {
		log.Warn("segment cache unreadable, building", slog.String("path", path), slog.Any("error", err))
	}
	seg, err := New(pinned)
	if err != nil {
		return nil, err
	}
	if err := writeCache(path, key, seg.d); err != nil {
		log.Warn("segment cache", slog.String("path", path), slog.Any("error", err))
	}
	return seg, nil
}

func (l *Loader) dir() string {
	if l.Dir != "" {
		return l.Dir
	}
	base, err := os.UserCacheDir()
	if err != nil {
		return ""
	}
	return filepath.Join(base, "tifa", "segment")
}

// pinKey names the pins in their order: the same lexicon gives the same
// list, and an order-blind key would assume more of gse than is needed.
func pinKey(pinned []string) string { return strings.Join(pinned, "\x00") }
