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

// Segmenter cuts Simplified Chinese text into words as gse's dictionary
// segmentation does. It is read-only after New and so safe for concurrent
// use.
type Segmenter struct {
	d *dict
}

// New loads gse's Simplified dictionary with every word in pinned pinned.
// Loading costs about two seconds and 250 MiB at its peak, so callers
// should build one per process and only when they actually tag; a Loader
// keeps what it built on disk for the next process.
//
// The pins go in first, into an empty dictionary, and gse's words after
// them: gse keeps the first entry of a word (AddToken ignores a word that
// is there), so a pinned word keeps the pinned frequency, and gse's
// dictionary load ends with its one CalcToken over everything. Pinning
// after the load cost a second CalcToken over the whole dictionary
// (0.4–0.6 s); testdata/corpus.golden shows the cut is the same. gse's
// segmenter is dropped once its dictionary is copied out.
func New(pinned []string) (*Segmenter, error) {
	seg, err := loadGse(pinned)
	if err != nil {
		return nil, err
	}
	d, err := fromGse(seg)
	if err != nil {
		return nil, fmt.Errorf("copy gse dictionary: %w", err)
	}
	return &Segmenter{d}, nil
}

func loadGse(pinned []string) (*gse.Segmenter, error) {
	seg := new(gse.Segmenter)
	// gse logs dictionary loading to stdout unless told not to.
	seg.SkipLog = true
	// Cut and Bounds never ask for the HMM (it invents words across term
	// edges), so its model need not be loaded.
	seg.NotLoadHMM = true
	seg.Dict = gse.NewDict()
	seg.Init()
	for _, w := range pinned {
		if w == "" {
			continue
		}
		if err := seg.AddToken(w, pinFreq); err != nil {
			return nil, fmt.Errorf("pin %q: %w", w, err)
		}
	}
	if err := seg.LoadDictEmbed("zh_s"); err != nil {
		return nil, fmt.Errorf("load gse dictionary: %w", err)
	}
	return seg, nil
}

// Cut splits text into words with gse's dictionary segmentation, without
// the HMM for unknown words (slower, and it invents words across term edges).
// A word is the dictionary's form, or the text's with ASCII in lower case,
// as gse's Cut gives it.
func (s *Segmenter) Cut(text string) []string {
	if text == "" {
		return nil
	}
	low := lower([]byte(text))
	ends := splitWords(low, nil)
	pieces := s.d.cut(low, ends)
	out := make([]string, len(pieces))
	for i, p := range pieces {
		if p.tok == pseudo {
			start := int32(0)
			if p.word > 0 {
				start = ends[p.word-1]
			}
			out[i] = string(low[start:ends[p.word]])
		} else {
			out[i] = s.d.key(p.tok)
		}
	}
	return out
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
	for i := range s.d.end {
		if t := s.d.key(int32(i)); len(t) > len(w) && strings.Contains(t, w) {
			found = append(found, word{t, s.d.freq[i]})
		}
	}
	// sort.Slice, not a stable sort: words of one frequency come out in the
	// order gse's dictionary order gave them before, which the golden file
	// pins.
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
	if len(text) == 0 {
		return append(dst, 0)
	}
	low := lower(text)
	ends := splitWords(low, nil)
	// Offsets add up each word's length as gse's do: a dictionary word's
	// is its key's, a pseudo word's the text word's.
	pos := 0
	for _, p := range s.d.cut(low, ends) {
		dst = append(dst, pos)
		if p.tok == pseudo {
			start := int32(0)
			if p.word > 0 {
				start = ends[p.word-1]
			}
			pos += int(ends[p.word] - start)
		} else {
			pos += len(s.d.key(p.tok))
		}
	}
	return append(dst, len(text))
}

// Knows says whether w is a word of gse's dictionary, or the start of one,
// as gse's Find answers.
func (s *Segmenter) Knows(w string) bool {
	if w == "" {
		return false
	}
	_, ok := s.d.walk(0, []byte(w))
	return ok
}

// StopWords is gse's list of Chinese function words and punctuation
// (stop_tokens.txt: 我们, 让, 的, 而且 …), for telling grammar from
// content; a fresh map each call.
func StopWords() map[string]bool {
	var seg gse.Segmenter
	seg.LoadStopEmbed()
	out := make(map[string]bool, len(seg.StopWordMap))
	for w := range seg.StopWordMap {
		out[w] = true
	}
	return out
}
