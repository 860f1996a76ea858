package tagger

import (
	"cmp"
	"fmt"
	"slices"
)

// Reasons given by Explain. Rejections built from segmenter output add the
// tokens around the candidate.
const (
	reasonLong       = "long form: counted without boundary check"
	reasonASCIIEdge  = "rejected: inside a longer ASCII word"
	reasonSameTerm   = "rejected: inside a longer accepted form of the same term"
	reasonNested     = "nested in accepted"
	reasonBoundaries = "segmenter puts word boundaries at both ends"
	reasonNoBoundary = "rejected: no word boundary"
)

// decide finds every candidate in text and accepts or rejects each.
//
// Candidates are decided longest first, so that whether a short form lies
// inside an accepted longer one is known when the short one comes up. A
// short form inside a longer accepted form of another term (开放 in
// 高水平对外开放) is accepted as nested without asking the segmenter: the
// longer form is pinned as one word, so the segmenter would always say no,
// and the issue wants nested counts kept apart, not dropped.
func (t *Tagger) decide(text string, explain, sentences bool) []Candidate {
	fd := t.fold.fold(text)
	hits := t.ac.scan(fd.b, nil)
	if len(hits) == 0 {
		return nil
	}
	// Text order (start, longer first): any container of hits[i] comes
	// before it, no more than maxLen bytes back.
	slices.SortFunc(hits, func(a, b hit) int {
		if a.start != b.start {
			return cmp.Compare(a.start, b.start)
		}
		return cmp.Compare(b.end, a.end)
	})
	order := t.longestFirst(hits)
	accepted := make([]bool, len(hits))
	reasons := make([]string, len(hits))
	clauses := clauseCache{}
	for _, i := range order {
		accepted[i], reasons[i] = t.judge(fd, hits, accepted, i, &clauses, explain)
	}
	return t.candidates(text, fd, hits, accepted, reasons, explain, sentences)
}

// longestFirst orders hit indexes by length, longest first: a counting
// sort, since lengths are bounded by the longest pattern.
func (t *Tagger) longestFirst(hits []hit) []int {
	at := make([]int, t.ac.maxLen+2)
	for _, h := range hits {
		at[t.ac.maxLen-(h.end-h.start)+1]++
	}
	for i := 1; i < len(at); i++ {
		at[i] += at[i-1]
	}
	order := make([]int, len(hits))
	for i, h := range hits {
		k := t.ac.maxLen - (h.end - h.start)
		order[at[k]] = i
		at[k]++
	}
	return order
}

// judge decides hits[i]; every longer hit is already decided.
func (t *Tagger) judge(fd *folded, hits []hit, accepted []bool, i int, cc *clauseCache, explain bool) (bool, string) {
	h := hits[i]
	f := t.forms[h.pattern]
	if !asciiEdges(fd.b, h.start, h.end) {
		return false, reasonASCIIEdge
	}
	if j := t.container(hits, accepted, i, true); j >= 0 {
		return false, reasonSameTerm
	}
	if !f.checked {
		return true, reasonLong
	}
	if j := t.container(hits, accepted, i, false); j >= 0 {
		if !explain {
			return true, reasonNested
		}
		return true, fmt.Sprintf("%s %s: counted without boundary check", reasonNested, t.forms[hits[j].pattern].term)
	}
	ok, toks := t.boundaries(fd.b, h.start, h.end, cc, explain)
	if ok {
		return true, reasonBoundaries
	}
	if explain {
		return false, fmt.Sprintf("%s (segmenter: %s)", reasonNoBoundary, toks)
	}
	return false, reasonNoBoundary
}

// container returns an accepted hit strictly containing hits[i], of the
// same term or of another one, or -1.
func (t *Tagger) container(hits []hit, accepted []bool, i int, sameTerm bool) int {
	h := hits[i]
	term := t.forms[h.pattern].term
	for j := i - 1; j >= 0 && hits[j].start > h.start-t.ac.maxLen; j-- {
		o := hits[j]
		if !accepted[j] || o.end < h.end || o.end-o.start <= h.end-h.start {
			continue
		}
		if (t.forms[o.pattern].term == term) == sameTerm {
			return j
		}
	}
	return -1
}

// asciiEdges: a form that starts or ends with an ASCII letter or digit
// must not continue a longer ASCII word there ("window" in "windows").
func asciiEdges(b []byte, start, end int) bool {
	if isWordByte(b[start]) && start > 0 && isWordByte(b[start-1]) {
		return false
	}
	return !(isWordByte(b[end-1]) && end < len(b) && isWordByte(b[end]))
}

// candidates maps decided hits back to the original text.
func (t *Tagger) candidates(text string, fd *folded, hits []hit, accepted []bool, reasons []string, explain, sentences bool) []Candidate {
	cs := make([]Candidate, 0, len(hits))
	sn := sentencer{text: text}
	for i, h := range hits {
		if !accepted[i] && !explain {
			continue
		}
		start, end := fd.start(h.start), fd.end(h.end)
		sentence := ""
		if sentences {
			sentence = sn.sentence(start, end)
		}
		cs = append(cs, Candidate{
			Mention: Mention{
				Term:     t.forms[h.pattern].term,
				Form:     text[start:end],
				Start:    start,
				End:      end,
				Nested:   accepted[i] && t.container(hits, accepted, i, false) >= 0,
				Sentence: sentence,
			},
			Accepted: accepted[i],
			Reason:   reasons[i],
		})
	}
	sortByText(cs)
	return cs
}
