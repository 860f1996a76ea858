package discover

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// run is a stretch of Han characters in a text: the only place a
// formulation can sit, since punctuation, digits and Latin letters end one.
// off holds the byte offset of each character and one past the last, so a
// candidate is text[off[i]:off[i+k]] without copying.
type run struct {
	off []int
}

func (r run) len() int { return len(r.off) - 1 }

// runs appends text's Han runs of at least two characters to dst, reusing
// its offset slices.
func runs(text string, dst []run) []run {
	dst = dst[:0]
	var cur []int
	flush := func(end int) {
		if len(cur) >= 2 {
			cur = append(cur, end)
			dst = append(dst, run{off: cur})
		}
		cur = nil
	}
	for i, r := range text {
		if unicode.Is(unicode.Han, r) {
			cur = append(cur, i)
			continue
		}
		if cur != nil {
			flush(i)
		}
	}
	if cur != nil {
		flush(len(text))
	}
	return dst
}

// sentence returns the sentence of text around bytes [start, end): cut at
// Chinese sentence ends and line breaks, trimmed, and shortened to about
// 80 characters either side so a run-on paragraph stays readable.
func sentence(text string, start, end int) string {
	const ends = "。！？；!?\n"
	from := strings.LastIndexAny(text[:start], ends)
	if from < 0 {
		from = 0
	} else {
		_, n := utf8.DecodeRuneInString(text[from:])
		from += n
	}
	to := strings.IndexAny(text[end:], ends)
	if to < 0 {
		to = len(text)
	} else {
		to += end
		_, n := utf8.DecodeRuneInString(text[to:])
		to += n
	}
	left, right := []rune(text[from:start]), []rune(text[end:to])
	pre, post := "", ""
	if len(left) > 80 {
		left, pre = left[len(left)-80:], "…"
	}
	if len(right) > 80 {
		right, post = right[:80], "…"
	}
	return strings.TrimSpace(pre + string(left) + text[start:end] + string(right) + post)
}

// surround is the stretch of text a segmenter needs to place the word
// boundaries at [start, end): the sentence, at most contextBytes either
// side, cut at rune starts.
func surround(text string, start, end int) (from, to int) {
	const ends = "。！？；!?\n"
	from = max(0, start-contextBytes)
	for from > 0 && !utf8.RuneStart(text[from]) {
		from--
	}
	if i := strings.LastIndexAny(text[from:start], ends); i >= 0 {
		_, n := utf8.DecodeRuneInString(text[from+i:])
		from += i + n
	}
	to = min(len(text), end+contextBytes)
	for to < len(text) && !utf8.RuneStart(text[to]) {
		to++
	}
	if i := strings.IndexAny(text[end:to], ends); i >= 0 {
		to = end + i
	}
	return from, to
}

// contextBytes is about 40 characters: gse's shortest path settles well
// within that of a word.
const contextBytes = 120
