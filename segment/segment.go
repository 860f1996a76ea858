// Package segment adapts github.com/go-ego/gse for the tagger: a
// Simplified-Chinese segmenter with the lexicon's own forms pinned, so that
// gse never splits a policy formulation it has been told about.
package segment

import (
	"fmt"
	"sort"
	"strings"

	"github.com/go-ego/gse"
)

// pinFreq is the frequency given to pinned words: high enough that gse
// keeps a pinned word whole instead of its own split (新质生产力 is
// otherwise 新/质/生产力); 发展 has 68,664 in the dictionary. The value is
// not delicate: a pinned 中美 at 3e5 (and, measured, even at 1e9) still
// leaves 中美洲 (frequency 293) and 集中美元 alone, because gse's path
// score favours fewer, longer words. segment_test.go checks both sides.
const pinFreq = 3e5

// Segmenter cuts Simplified Chinese text into words. It is read-only after
// New and so safe for concurrent use.
type Segmenter struct {
	seg gse.Segmenter
}

// New loads gse's Simplified dictionary and pins every word in pinned.
// Loading costs about a second and 200 MiB, so callers should build one
// per process and only when they actually tag.
func New(pinned []string) (*Segmenter, error) {
	s := &Segmenter{}
	// gse logs dictionary loading to stdout unless told not to.
	s.seg.SkipLog = true
	if err := s.seg.LoadDictEmbed("zh_s"); err != nil {
		return nil, fmt.Errorf("load gse dictionary: %w", err)
	}
	for _, w := range pinned {
		if w == "" {
			continue
		}
		if err := s.pin(w); err != nil {
			return nil, fmt.Errorf("pin %q: %w", w, err)
		}
	}
	s.seg.CalcToken()
	return s, nil
}

// pin gives w the pinned frequency. AddToken silently keeps an existing
// entry's frequency, and ReAddToken fails on a word that is not there yet,
// so the two cases need different calls.
func (s *Segmenter) pin(w string) error {
	if _, _, ok := s.seg.Find(w); ok {
		return s.seg.ReAddToken(w, pinFreq)
	}
	return s.seg.AddToken(w, pinFreq)
}

// Cut splits text into words with gse's dictionary segmentation, without
// the HMM for unknown words (slower, and it invents words across term edges).
func (s *Segmenter) Cut(text string) []string {
	return s.seg.Cut(text)
}

// WordsContaining lists up to limit dictionary words, most frequent first,
// that contain w and are longer than it: the places where gse keeps the
// longer word whole, so a boundary-checked w inside them is not counted
// (中美 inside 中美洲). It walks the whole dictionary; for `tifa terms check`.
func (s *Segmenter) WordsContaining(w string, limit int) []string {
	type word struct {
		text string
		freq float64
	}
	var found []word
	for i := range s.seg.Dict.Tokens {
		tok := &s.seg.Dict.Tokens[i]
		if t := tok.Text(); len(t) > len(w) && strings.Contains(t, w) {
			found = append(found, word{t, tok.Freq()})
		}
	}
	sort.Slice(found, func(i, j int) bool { return found[i].freq > found[j].freq })
	out := make([]string, 0, min(limit, len(found)))
	for _, f := range found[:min(limit, len(found))] {
		out = append(out, f.text)
	}
	return out
}

// Bounds appends to dst the byte offsets in text where gse's words start,
// then len(text): the same cut as Cut, without making a string per word,
// which was most of the tagger's boundary checks.
func (s *Segmenter) Bounds(text []byte, dst []int) []int {
	for _, sg := range s.seg.Segment(text) {
		dst = append(dst, sg.Start())
	}
	return append(dst, len(text))
}

// Knows says whether w is a word of gse's dictionary.
func (s *Segmenter) Knows(w string) bool {
	_, _, ok := s.seg.Find(w)
	return ok
}
