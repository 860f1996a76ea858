package tagger

import (
	"sort"
	"unicode/utf8"
)

// folded is text after folding, with enough bookkeeping to map a folded
// byte offset back to the original text.
type folded struct {
	b []byte
	// cps records every place where the folded and original offsets drift
	// apart. Folding keeps byte lengths almost everywhere (a traditional
	// character and its simplified one are both three bytes), so the list
	// stays short and a lookup is a binary search.
	cps []checkpoint
}

// checkpoint: folded offset at marks the folded text after a change in
// length. origStart is where the next original rune starts, origEnd where
// the last copied one ended; they differ when runes were dropped there, and
// a match ending at this point should not swallow the dropped newline.
type checkpoint struct{ at, origEnd, origStart int }

// fold folds text. Whitespace runs become one space, or nothing when Han
// (any non-ASCII) sits on both sides: a line break inside 新质\n生产力 is
// layout, not a word gap.
func (f *folder) fold(text string) *folded {
	out := &folded{b: make([]byte, 0, len(text))}
	emittedEnd := 0 // original offset just after the last rune copied out
	for i := 0; i < len(text); {
		c := text[i]
		if c < utf8.RuneSelf {
			v := f.bmp[c]
			if v == 0 {
				out.b = append(out.b, c)
				i++
				emittedEnd = i
				continue
			}
			if v != foldSpace {
				out.b = append(out.b, byte(v))
				i++
				emittedEnd = i
				continue
			}
		}
		r, n := decodeRune(text, i)
		v := uint16(0)
		if r < 0x10000 {
			v = f.bmp[r]
		}
		switch v {
		case 0:
			out.b = append(out.b, text[i:i+n]...)
			i += n
			emittedEnd = i
			continue
		case foldDelete:
			i += n
		case foldSpace:
			j := f.skipSpace(text, i)
			if !(lastNonASCII(out.b) && nextNonASCII(text, j)) {
				out.b = append(out.b, ' ')
				emittedEnd = j
			}
			i = j
		default:
			out.b = utf8.AppendRune(out.b, rune(v))
			i += n
			emittedEnd = i
		}
		out.mark(i, emittedEnd)
	}
	return out
}

// mark records a checkpoint when the offsets have drifted since the last.
func (o *folded) mark(orig, emittedEnd int) {
	at := len(o.b)
	prevDelta := 0
	if k := len(o.cps); k > 0 {
		last := &o.cps[k-1]
		if last.at == at {
			last.origStart = orig
			return
		}
		prevDelta = last.origStart - last.at
	}
	if orig-at == prevDelta {
		return
	}
	o.cps = append(o.cps, checkpoint{at: at, origEnd: emittedEnd, origStart: orig})
}

func (f *folder) skipSpace(text string, i int) int {
	for i < len(text) {
		r, n := utf8.DecodeRuneInString(text[i:])
		if r >= 0x10000 || (f.bmp[r] != foldSpace && f.bmp[r] != foldDelete) {
			break
		}
		i += n
	}
	return i
}

// decodeRune is utf8.DecodeRuneInString with the three-byte case (nearly
// every Han character) inlined: it is most of what fold does.
func decodeRune(text string, i int) (rune, int) {
	if i+2 < len(text) {
		c0, c1, c2 := text[i], text[i+1], text[i+2]
		if c0&0xF0 == 0xE0 && c1&0xC0 == 0x80 && c2&0xC0 == 0x80 {
			r := rune(c0&0x0F)<<12 | rune(c1&0x3F)<<6 | rune(c2&0x3F)
			if r >= 0x800 && (r < 0xD800 || r > 0xDFFF) {
				return r, 3
			}
		}
	}
	return utf8.DecodeRuneInString(text[i:])
}

func lastNonASCII(b []byte) bool { return len(b) > 0 && b[len(b)-1] >= utf8.RuneSelf }

func nextNonASCII(text string, j int) bool { return j < len(text) && text[j] >= utf8.RuneSelf }

// start maps a folded offset where a match begins to the original text.
func (o *folded) start(at int) int {
	k := sort.Search(len(o.cps), func(i int) bool { return o.cps[i].at > at }) - 1
	if k < 0 {
		return at
	}
	return o.cps[k].origStart + at - o.cps[k].at
}

// end maps a folded offset where a match ends to the original text.
func (o *folded) end(at int) int {
	k := sort.Search(len(o.cps), func(i int) bool { return o.cps[i].at > at }) - 1
	if k < 0 {
		return at
	}
	if o.cps[k].at == at {
		return o.cps[k].origEnd
	}
	return o.cps[k].origStart + at - o.cps[k].at
}
