package tagger

import "strings"

// maxSentence caps Mention.Sentence in runes: some pages have no sentence
// punctuation at all, and a mention should not carry a whole page.
const maxSentence = 200

// sentencer finds the sentence around each mention of one text. Mentions
// come in text order and often share a sentence, so it keeps the last
// whole sentence found.
type sentencer struct {
	text      string
	lastStart int // last whole sentence, text[lastStart:lastEnd]
	lastEnd   int
}

// sentence returns the sentence holding [start, end): cut on 。！？；!?;
// and line breaks, except line breaks inside the match itself
// (新质\n生产力). A sentence longer than maxSentence runes is cut to a
// window of that many runes centred on the match where the text allows.
func (sn *sentencer) sentence(start, end int) string {
	if sn.lastEnd > sn.lastStart && start >= sn.lastStart && end <= sn.lastEnd {
		return strings.TrimSpace(sn.text[sn.lastStart:sn.lastEnd])
	}
	m := runeCount(sn.text[start:end])
	s, left := sn.walkLeft(start, maxSentence)
	e, right := sn.walkRight(end, maxSentence)
	if m+left+right <= maxSentence && sn.whole(s, e) {
		// A match across a line break makes a span that is not one
		// sentence for the matches after it: do not keep that one.
		if !strings.ContainsAny(sn.text[start:end], "\r\n") {
			sn.lastStart, sn.lastEnd = s, e
		}
		return strings.TrimSpace(sn.text[s:e])
	}
	// Too long: split the budget, giving one side's unused share to the other.
	budget := max(maxSentence-m, 0)
	l := min(left, budget/2)
	r := min(right, budget-l)
	l = min(left, budget-r)
	s, _ = sn.walkLeft(start, l)
	e, _ = sn.walkRight(end, r)
	return strings.TrimSpace(sn.text[s:e])
}

// whole reports whether [s, e) is bounded by breaks or the text's edges.
func (sn *sentencer) whole(s, e int) bool {
	return (s == 0 || isSentenceBreak(sn.text[prevRune(sn.text, s):s])) &&
		(e == len(sn.text) || isSentenceBreak(sn.text[e:nextRune(sn.text, e)]) || isSentenceBreak(sn.text[prevRune(sn.text, e):e]))
}

// walkLeft moves back from i over at most n runes, stopping after a break.
// It walks bytes, not decoded runes: it runs per mention, and decoding was
// a tenth of Tag.
func (sn *sentencer) walkLeft(i, n int) (int, int) {
	k := 0
	for ; i > 0 && k < n; k++ {
		j := prevRune(sn.text, i)
		if isSentenceBreak(sn.text[j:i]) {
			break
		}
		i = j
	}
	return i, k
}

// walkRight moves on from i over at most n runes, keeping a closing full
// stop but not a line break.
func (sn *sentencer) walkRight(i, n int) (int, int) {
	k := 0
	for ; i < len(sn.text) && k < n; k++ {
		j := nextRune(sn.text, i)
		if isSentenceBreak(sn.text[i:j]) {
			if sn.text[i] != '\n' && sn.text[i] != '\r' {
				i, k = j, k+1
			}
			break
		}
		i = j
	}
	return i, k
}

func prevRune(s string, i int) int {
	j := i - 1
	for j > 0 && s[j]&0xC0 == 0x80 && i-j < 4 {
		j--
	}
	return j
}

func nextRune(s string, i int) int {
	j := i + 1
	for j < len(s) && s[j]&0xC0 == 0x80 && j-i < 4 {
		j++
	}
	return j
}

func runeCount(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i]&0xC0 != 0x80 {
			n++
		}
	}
	return n
}

// isSentenceBreak reports whether the one-rune string r ends a sentence.
func isSentenceBreak(r string) bool {
	switch len(r) {
	case 1:
		switch r[0] {
		case '!', '?', ';', '\n', '\r':
			return true
		}
	case 3:
		if r[0] != 0xE3 && r[0] != 0xEF {
			return false
		}
		switch r {
		case "。", "！", "？", "；":
			return true
		}
	}
	return false
}

// Sentence returns the sentence of text holding [start, end), cut and capped
// as Mention.Sentence is: for snippets of stored mentions, whose sentences are
// cut again from the stored text rather than stored.
func Sentence(text string, start, end int) string {
	if start < 0 || end > len(text) || start > end {
		return ""
	}
	sn := sentencer{text: text}
	return sn.sentence(start, end)
}
