package tagger

import (
	"cmp"
	"slices"
)

// Mention is one accepted occurrence of a term.
type Mention struct {
	Term  string // term id
	Form  string // the form as written in the text
	Start int    // byte offset in the text given to Tag
	End   int
	// Nested marks a mention inside a longer accepted mention of another
	// term (单一窗口 inside 国际贸易单一窗口). Nested mentions still count;
	// the flag lets a report tell them from standalone ones.
	Nested   bool
	Sentence string // the sentence holding it, capped at maxSentence runes
}

// Candidate is a pattern occurrence with the decision taken on it.
type Candidate struct {
	Mention
	Accepted bool
	Reason   string
}

// Tag returns the accepted mentions in text order.
func (t *Tagger) Tag(text string) []Mention { return t.accepted(text, true) }

// Spans is Tag without each mention's Sentence: what storing counts needs,
// since the store keeps positions and cuts sentences again from the stored
// text when a snippet is asked for.
func (t *Tagger) Spans(text string) []Mention { return t.accepted(text, false) }

func (t *Tagger) accepted(text string, sentences bool) []Mention {
	cs := t.decide(text, false, sentences)
	ms := make([]Mention, 0, len(cs))
	for _, c := range cs {
		if c.Accepted {
			ms = append(ms, c.Mention)
		}
	}
	return ms
}

// Explain returns every candidate, accepted or not, with the reason, in
// text order: the output of `tifa tag --explain`.
func (t *Tagger) Explain(text string) []Candidate {
	return t.decide(text, true, true)
}

// Counts tallies mentions per term id, nested ones included.
func Counts(ms []Mention) map[string]int {
	n := make(map[string]int)
	for _, m := range ms {
		n[m.Term]++
	}
	return n
}

// sortByText orders candidates by start, longer first at the same start.
func sortByText(cs []Candidate) {
	slices.SortStableFunc(cs, func(a, b Candidate) int {
		if a.Start != b.Start {
			return cmp.Compare(a.Start, b.Start)
		}
		return cmp.Compare(b.End, a.End)
	})
}
