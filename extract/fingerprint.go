package extract

import (
	"hash/fnv"
	"math/bits"
	"regexp"
	"strings"
	"unicode"

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
func Fingerprint(text string) uint64 {
	var runes []rune
	for _, line := range strings.Split(norm.NFKC.String(text), "\n") {
		if provenanceLine.MatchString(line) {
			continue
		}
		for _, r := range line {
			if unicode.IsLetter(r) || unicode.IsDigit(r) {
				runes = append(runes, unicode.ToLower(r))
			}
		}
	}
	if len(runes) == 0 {
		return 0
	}
	var weights [64]int
	h := fnv.New64a()
	buf := make([]byte, 0, shingle*4)
	for i := 0; i+shingle <= len(runes) || i == 0; i++ {
		buf = buf[:0]
		for _, r := range runes[i:min(i+shingle, len(runes))] {
			buf = append(buf, string(r)...)
		}
		h.Reset()
		h.Write(buf)
		v := mix(h.Sum64())
		for b := range weights {
			if v&(1<<b) != 0 {
				weights[b]++
			} else {
				weights[b]--
			}
		}
	}
	var fp uint64
	for b, w := range weights {
		if w > 0 {
			fp |= 1 << b
		}
	}
	return fp
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

// Hamming returns the number of bits in which two fingerprints differ.
func Hamming(a, b uint64) int {
	return bits.OnesCount64(a ^ b)
}
