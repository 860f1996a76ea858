package tagger

import "strings"

// maxSentence caps Mention.Sentence in runes: some pages have no sentence
// punctuation at all, and a mention should not carry a whole page.
const maxSentence = 200

// sentence returns the sentence of the original text holding [start, end):
// cut on 。！？；!?; and line breaks, except line breaks inside the match
// itself (新质\n生产力). When longer than maxSentence runes it keeps a window
// centred on the match. It walks bytes, not decoded runes: it runs once per
// mention and decoding was a tenth of Tag.
func sentence(text string, start, end int) string {
	budget := max(maxSentence-runeCount(text[start:end]), 0)
	left, right := budget/2, budget-budget/2
	s := start
	for n := 0; s > 0 && n < left; n++ {
		j := s - 1
		for j > 0 && text[j]&0xC0 == 0x80 && s-j < 4 {
			j--
		}
		if isSentenceBreak(text[j:s]) {
			break
		}
		s = j
	}
	e := end
	for n := 0; e < len(text) && n < right; n++ {
		k := e + 1
		for k < len(text) && text[k]&0xC0 == 0x80 && k-e < 4 {
			k++
		}
		if isSentenceBreak(text[e:k]) {
			if text[e] != '\n' && text[e] != '\r' {
				e = k // keep the full stop, not the line break
			}
			break
		}
		e = k
	}
	return strings.TrimSpace(text[s:e])
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
