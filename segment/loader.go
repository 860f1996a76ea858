package segment

import (
	"slices"
	"strings"
	"sync"
)

// keep is how many segmenters a Loader holds: one per lexicon in use, and
// a process tags with one or two (retag's before and after); each is about
// 100 MiB, so an unbounded cache would grow with every lexicon seen.
const keep = 2

// Loader builds segmenters and keeps the last ones it built, by their
// pinned words. Building one loads gse's dictionary (seconds, and about
// 20 s under the race detector); a process that tags with the same lexicon
// again — a retag after a crawl in one serve, every command of a test
// suite run in-process — needs it once. Segmenters are read-only, so a kept
// one is shared safely. The zero Loader is ready to use; a nil *Loader
// builds afresh each time.
type Loader struct {
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
	seg, err := New(pinned)
	if err != nil {
		return nil, err
	}
	if len(l.built) == keep {
		l.built = slices.Delete(l.built, 0, 1)
	}
	l.built = append(l.built, entry{key, seg})
	return seg, nil
}

// pinKey names the pins in their order: the same lexicon gives the same
// list, and an order-blind key would assume more of gse than is needed.
func pinKey(pinned []string) string { return strings.Join(pinned, "\x00") }
