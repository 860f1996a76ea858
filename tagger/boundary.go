package tagger

import (
	"strings"
	"unicode/utf8"
)

// clauseReach caps how far a clause extends either side of a candidate, in
// bytes (about 12 Han characters). gse's choice at a position depends on
// the few words around it, and cutting is the dearest step of Tag: the
// reach trades a little context for speed.
const clauseReach = 36

// clauseCache remembers the word boundaries of clauses already cut during
// one Tag call: several short candidates often share a clause.
type clauseCache map[[2]int]clauseCut

type clauseCut struct {
	bounds []int // folded offsets where a token starts or ends
	tokens []string
}

// boundaries reports whether the segmenter, cutting the clause around
// [start, end), puts a word boundary at both ends. When explain is set it
// also returns the clause's tokens joined with |.
func (t *Tagger) boundaries(b []byte, start, end int, cc *clauseCache, explain bool) (bool, string) {
	cs, ce := clause(b, start, end)
	cut, ok := (*cc)[[2]int{cs, ce}]
	if !ok {
		cut = t.cut(b, cs, ce, explain)
		(*cc)[[2]int{cs, ce}] = cut
	}
	toks := ""
	if explain {
		toks = strings.Join(cut.tokens, "|")
	}
	return has(cut.bounds, start) && has(cut.bounds, end), toks
}

// Bounder is a segmenter that gives word offsets without word strings;
// *segment.Segmenter is one.
type Bounder interface {
	Bounds(text []byte, dst []int) []int
}

// cut segments b[cs:ce]. If the tokens do not add up to the clause (the
// segmenter rewrote something), no boundary is trusted and the candidate
// is rejected rather than counted on a guess.
func (t *Tagger) cut(b []byte, cs, ce int, explain bool) clauseCut {
	if bd, ok := t.seg.(Bounder); ok && !explain {
		bounds := bd.Bounds(b[cs:ce], nil)
		for i := range bounds {
			bounds[i] += cs
		}
		if len(bounds) == 0 || bounds[len(bounds)-1] != ce {
			bounds = nil
		}
		return clauseCut{bounds: bounds}
	}
	toks := t.seg.Cut(string(b[cs:ce]))
	bounds := make([]int, 0, len(toks)+1)
	at := cs
	bounds = append(bounds, at)
	for _, tok := range toks {
		at += len(tok)
		bounds = append(bounds, at)
	}
	if at != ce {
		bounds = nil
	}
	return clauseCut{bounds: bounds, tokens: toks}
}

func has(xs []int, x int) bool {
	for _, v := range xs {
		if v == x {
			return true
		}
	}
	return false
}

// clause returns the folded byte range of the clause around [start, end):
// up to clause punctuation or clauseReach bytes either side, on rune edges.
func clause(b []byte, start, end int) (int, int) {
	cs := start
	for cs > 0 && start-cs < clauseReach {
		r, n := utf8.DecodeLastRune(b[:cs])
		if isClauseBreak(r) {
			break
		}
		cs -= n
	}
	ce := end
	for ce < len(b) && ce-end < clauseReach {
		r, n := utf8.DecodeRune(b[ce:])
		if isClauseBreak(r) {
			break
		}
		ce += n
	}
	return cs, ce
}

func isClauseBreak(r rune) bool {
	switch r {
	case '，', '。', '！', '？', '；', '：', '、', ',', ';', '!', '?', '\n':
		return true
	}
	return false
}
