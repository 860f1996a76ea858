package reprint

import (
	"math/bits"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// shingle is the number of characters hashed together. Three keeps a
// changed character from touching more than three shingles while still
// telling apart texts that share most of their characters.
const shingle = 3

// Fingerprint returns a 64-bit SimHash of text over overlapping shingles of
// its letters and digits after NFKC normalisation and lower-casing, so
// punctuation, spacing and full-width forms do not matter. A wire story and
// its reprint with a different dateline or editor line differ in a few bits;
// unrelated stories differ in about 32. Provenance lines (来源, 原标题,
// 责任编辑), which sites rewrite when they reprint, are left out. The empty
// text has fingerprint 0.
//
// It is on the path of every article a crawl stores, so it streams: no rune
// slice, no per-shingle hasher, and the 64 bit weights are counted eight at a
// time in byte lanes instead of with a branch per bit.
func Fingerprint(text string) uint64 {
	text = norm.NFKC.String(text)
	var s simhash
	for len(text) > 0 {
		var line string
		line, text, _ = strings.Cut(text, "\n")
		if provenance(line) {
			continue
		}
		for _, r := range line {
			if r, ok := fold(r); ok {
				s.add(r)
			}
		}
	}
	return s.sum()
}

// simhash accumulates the shingles of a stream of characters.
type simhash struct {
	win   [shingle][utf8.UTFMax]byte // the last characters, UTF-8
	size  [shingle]int               // their lengths
	runes int                        // characters seen
	n     int                        // shingles counted
	// lanes[k] holds, in byte j, how many shingles since the last flush
	// have bit 8j+k set; a byte overflows after 255, so they are flushed
	// into ones before that.
	lanes   [8]uint64
	pending int
	ones    [64]int // shingles with each bit set
}

const laneMask = 0x0101010101010101

func (s *simhash) add(r rune) {
	i := s.runes % shingle
	s.size[i] = utf8.EncodeRune(s.win[i][:], r)
	s.runes++
	if s.runes >= shingle {
		s.count(s.hash(s.runes - shingle))
	}
}

// hash is FNV-1a of the UTF-8 of the window's characters from the first-th
// on, mixed.
func (s *simhash) hash(first int) uint64 {
	const (
		offset = 14695981039346656037
		prime  = 1099511628211
	)
	h := uint64(offset)
	for k := range min(shingle, s.runes-first) {
		i := (first + k) % shingle
		for _, b := range s.win[i][:s.size[i]] {
			h ^= uint64(b)
			h *= prime
		}
	}
	return mix(h)
}

func (s *simhash) count(v uint64) {
	for k := range s.lanes {
		s.lanes[k] += v >> k & laneMask
	}
	s.n++
	if s.pending++; s.pending == 255 {
		s.flush()
	}
}

func (s *simhash) flush() {
	for k, l := range s.lanes {
		for j := range 8 {
			s.ones[8*j+k] += int(l >> (8 * j) & 0xff)
		}
	}
	s.lanes, s.pending = [8]uint64{}, 0
}

// sum sets each bit that more shingles have set than not. A text shorter
// than a shingle is one shingle of all its characters.
func (s *simhash) sum() uint64 {
	if s.runes == 0 {
		return 0
	}
	if s.runes < shingle {
		s.count(s.hash(0))
	}
	s.flush()
	var fp uint64
	for b, ones := range s.ones {
		if 2*ones > s.n {
			fp |= 1 << b
		}
	}
	return fp
}

// fold returns the lower case of a letter or digit, and false for anything
// else: unicode.IsLetter, IsDigit and ToLower, with the characters of
// Chinese text, ASCII and the CJK Unified Ideographs (letters without case),
// answered without a table search.
func fold(r rune) (rune, bool) {
	switch {
	case 'a' <= r && r <= 'z', '0' <= r && r <= '9':
		return r, true
	case 'A' <= r && r <= 'Z':
		return r + 'a' - 'A', true
	case r < utf8.RuneSelf:
		return 0, false
	case 0x4E00 <= r && r <= 0x9FFF:
		return r, true
	case unicode.IsLetter(r) || unicode.IsDigit(r):
		return unicode.ToLower(r), true
	}
	return 0, false
}

// mix spreads FNV's output over all 64 bits (the splitmix64 finaliser);
// FNV alone leaves the high bits of short inputs correlated.
func mix(x uint64) uint64 {
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	x ^= x >> 31
	return x
}

// provenanceLine matches a short line naming a source, an original title or
// an editor (after NFKC, so full-width colons and brackets are ASCII).
var provenanceLine = regexp.MustCompile(`^\s*[\[【(]?\s*(?:来源|稿件来源|原标题|责任编辑|责编|编辑|source|editor)\s*:.{0,60}$`)

// provenance is provenanceLine.MatchString, run only on the lines that hold
// a colon and one of its words: most lines of a story hold neither.
func provenance(line string) bool {
	if strings.IndexByte(line, ':') < 0 {
		return false
	}
	for _, w := range [...]string{"来源", "原标题", "编辑", "责编", "source", "editor"} {
		if strings.Contains(line, w) {
			return provenanceLine.MatchString(line)
		}
	}
	return false
}

// Distance is the Hamming distance of two fingerprints: the number of bits
// in which they differ.
func Distance(a, b uint64) int {
	return bits.OnesCount64(a ^ b)
}
