package report

import (
	"strings"
	"unicode/utf8"
)

// breaks end a sentence, as in tagger.Sentence.
const breaks = "。！？；!?;\n\r"

// sentenceBounds returns the sentence of text holding [start, end), cut as
// tagger.Sentence cuts it but uncapped: co-occurrence asks which terms share
// a sentence, not what to quote.
func sentenceBounds(text string, start, end int) (int, int) {
	s := 0
	if i := strings.LastIndexAny(text[:start], breaks); i >= 0 {
		_, size := utf8.DecodeRuneInString(text[i:])
		s = i + size
	}
	e := len(text)
	if i := strings.IndexAny(text[end:], breaks); i >= 0 {
		e = end + i
	}
	return s, e
}
