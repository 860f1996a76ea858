package tagger

import "unicode/utf8"

// automaton is an Aho-Corasick DFA over bytes that reports every
// occurrence of every pattern, overlapping ones included: 单一窗口 inside
// 国际贸易单一窗口 has to be seen as well as the longer form.
//
// Transitions are a dense table over byte classes (bytes that never occur
// in a pattern share one class), premultiplied by the row width so the hot
// loop is one table load per byte. The low bit of a transition flags a
// target state that ends at least one pattern; the row width is even so
// the bit is free.
type automaton struct {
	class  [256]byte
	width  int32     // row width (number of classes, rounded up to even)
	delta  []int32   // state*width + class → next state*width | flag
	outs   [][]int32 // state → patterns ending there, longest first
	lens   []int     // pattern → length in bytes
	maxLen int
	// starts has a bit for every three-byte rune that begins a pattern,
	// startByte every ASCII byte that does. At the root, any other rune
	// leads straight back to the root, so the scan skips it whole.
	starts    [0x10000 / 64]uint64
	startByte [128]bool
}

// newAutomaton builds the DFA. Patterns must be non-empty and distinct.
func newAutomaton(patterns []string) *automaton {
	a := &automaton{lens: make([]int, len(patterns))}
	nc := 1
	for _, p := range patterns {
		for i := 0; i < len(p); i++ {
			if a.class[p[i]] == 0 {
				a.class[p[i]] = byte(nc)
				nc++
			}
		}
	}
	a.width = int32(nc + nc%2)

	// The trie: goto[s] is a row of child states, -1 for none.
	var next [][]int32
	newState := func() int32 {
		row := make([]int32, a.width)
		for i := range row {
			row[i] = -1
		}
		next = append(next, row)
		a.outs = append(a.outs, nil)
		return int32(len(next) - 1)
	}
	newState()
	for id, p := range patterns {
		s := int32(0)
		for i := 0; i < len(p); i++ {
			c := a.class[p[i]]
			if next[s][c] < 0 {
				t := newState()
				next[s][c] = t
			}
			s = next[s][c]
		}
		a.markStart(p)
		a.outs[s] = append(a.outs[s], int32(id))
		a.lens[id] = len(p)
		a.maxLen = max(a.maxLen, len(p))
	}
	a.link(next)
	return a
}

// link turns the trie into a DFA breadth first: missing transitions follow
// the failure link, and each state inherits the outputs of its failure
// state (the patterns that are suffixes of its own).
func (a *automaton) link(next [][]int32) {
	fail := make([]int32, len(next))
	queue := make([]int32, 0, len(next))
	for c := int32(0); c < a.width; c++ {
		if t := next[0][c]; t > 0 {
			queue = append(queue, t)
		} else {
			next[0][c] = 0
		}
	}
	for len(queue) > 0 {
		s := queue[0]
		queue = queue[1:]
		a.outs[s] = append(a.outs[s], a.outs[fail[s]]...)
		for c := int32(0); c < a.width; c++ {
			t := next[s][c]
			if t < 0 {
				next[s][c] = next[fail[s]][c]
				continue
			}
			fail[t] = next[fail[s]][c]
			queue = append(queue, t)
		}
	}
	a.delta = make([]int32, len(next)*int(a.width))
	for s, row := range next {
		for c, t := range row {
			v := t * a.width
			if len(a.outs[t]) > 0 {
				v |= 1
			}
			a.delta[s*int(a.width)+c] = v
		}
	}
}

func (a *automaton) markStart(p string) {
	if p[0] < utf8.RuneSelf {
		a.startByte[p[0]] = true
		return
	}
	if r, n := utf8.DecodeRuneInString(p); n == 3 {
		a.starts[r/64] |= 1 << (r % 64)
		return
	}
	// Two- and four-byte leads are rare in the lexicon and in the text: the
	// skip never applies to them (see scan), so no bit is needed.
}

// hit is one pattern occurrence: folded byte offsets [start, end).
type hit struct {
	pattern    int32
	start, end int
}

// scan appends every occurrence of every pattern in b to hits.
//
// The byte-at-a-time DFA step is one dependent load per byte, which caps
// the scan near 500 MB/s; in news text most characters start no pattern,
// and skipping those three bytes at a time from the root is what lifts it.
func (a *automaton) scan(b []byte, hits []hit) []hit {
	delta, class := a.delta, &a.class
	s := int32(0)
	for i := 0; i < len(b); i++ {
		c := b[i]
		if s == 0 {
			if c < utf8.RuneSelf {
				if !a.startByte[c] {
					continue
				}
			} else if c&0xF0 == 0xE0 && i+2 < len(b) && b[i+1]&0xC0 == 0x80 && b[i+2]&0xC0 == 0x80 {
				// Any byte sequence of this shape decodes to exactly one
				// rune, so a miss in starts means no pattern begins here.
				r := rune(c&0x0F)<<12 | rune(b[i+1]&0x3F)<<6 | rune(b[i+2]&0x3F)
				if a.starts[r/64]&(1<<(r%64)) == 0 {
					i += 2
					continue
				}
			}
		}
		s = delta[s+int32(class[c])]
		if s&1 == 0 {
			continue
		}
		s &^= 1
		for _, p := range a.outs[s/a.width] {
			hits = append(hits, hit{pattern: p, start: i + 1 - a.lens[p], end: i + 1})
		}
	}
	return hits
}
