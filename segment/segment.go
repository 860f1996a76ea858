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

// New loads gse's Simplified dictionary with every word in pinned pinned.
// Loading costs about half a second and 100 MiB, so callers should build
// one per process and only when they actually tag.
//
// The pins go in first, into an empty dictionary, and gse's words after
// them: gse keeps the first entry of a word (AddToken ignores a word that
// is there), so a pinned word keeps the pinned frequency, and gse's
// dictionary load ends with its one CalcToken over everything. Pinning
// after the load cost a second CalcToken over the whole dictionary
// (0.4–0.6 s); testdata/corpus.golden shows the cut is the same.
func New(pinned []string) (*Segmenter, error) {
	s := &Segmenter{}
	// gse logs dictionary loading to stdout unless told not to.
	s.seg.SkipLog = true
	// Cut and Bounds never ask for the HMM (it invents words across term
	// edges), so its model need not be loaded.
	s.seg.NotLoadHMM = true
	s.seg.Dict = gse.NewDict()
	s.seg.Init()
	for _, w := range pinned {
		if w == "" {
			continue
		}
		if err := s.seg.AddToken(w, pinFreq); err != nil {
			return nil, fmt.Errorf("pin %q: %w", w, err)
		}
	}
	if err := s.seg.LoadDictEmbed("zh_s"); err != nil {
		return nil, fmt.Errorf("load gse dictionary: %w", err)
	}
	return s, nil
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
