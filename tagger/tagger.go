// Package tagger finds mentions of policy formulations (提法) in article
// text. Candidates come from one Aho-Corasick pass over folded text; short
// or ambiguous Chinese forms are then confirmed with a word segmenter,
// asked only about the clause around each candidate.
package tagger

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"
)

// Term is one formulation with its written forms.
type Term struct {
	ID        string   // e.g. "single-window"
	Zh        []string // simplified Chinese forms, e.g. 单一窗口
	En        []string // English aliases, e.g. "single window"
	Ambiguous bool     // force the boundary check even for 4+ character forms
}

// Segmenter cuts Chinese text into words; *segment.Segmenter satisfies it.
// It must have the lexicon's forms pinned (see FormsOf), or it will cut
// through the very words it is asked about.
type Segmenter interface {
	Cut(text string) []string
}

// Tagger finds mentions. It is read-only after New and safe for
// concurrent use.
type Tagger struct {
	fold    *folder
	ac      *automaton
	forms   []form // by pattern id
	seg     Segmenter
	version string
	zh      []string
}

// form is one folded pattern and what to do when it is found.
type form struct {
	term   string
	folded string
	// checked forms are accepted only where the segmenter puts a word
	// boundary at both ends: Chinese forms of 2–3 characters, or of any
	// length when the term is Ambiguous.
	checked bool
}

// New validates terms and builds the scanner. seg may be nil only when no
// form needs a boundary check.
func New(terms []Term, seg Segmenter) (*Tagger, error) {
	fd, err := newFolder(symbolsOf(terms))
	if err != nil {
		return nil, fmt.Errorf("build folding table: %w", err)
	}
	t := &Tagger{fold: fd, seg: seg, version: versionOf(terms)}
	owner := map[string]string{} // folded form → term id
	ids := map[string]bool{}
	var patterns []string
	for i, term := range terms {
		if strings.TrimSpace(term.ID) == "" {
			return nil, fmt.Errorf("term %d: empty id", i)
		}
		if ids[term.ID] {
			return nil, fmt.Errorf("term %q: duplicate id", term.ID)
		}
		ids[term.ID] = true
		if len(term.Zh)+len(term.En) == 0 {
			return nil, fmt.Errorf("term %q: no forms", term.ID)
		}
		for _, raw := range append(append([]string(nil), term.Zh...), term.En...) {
			f, err := t.newForm(term, raw)
			if err != nil {
				return nil, err
			}
			switch prev, ok := owner[f.folded]; {
			case ok && prev == term.ID:
				continue // e.g. a simplified and a traditional spelling of one form
			case ok:
				return nil, fmt.Errorf("term %q: form %q already belongs to term %q", term.ID, raw, prev)
			}
			owner[f.folded] = term.ID
			patterns = append(patterns, f.folded)
			t.forms = append(t.forms, f)
			if f.han() {
				t.zh = append(t.zh, f.folded)
			}
			if f.checked && seg == nil {
				return nil, fmt.Errorf("term %q: form %q needs a segmenter", term.ID, raw)
			}
		}
	}
	sort.Strings(t.zh)
	t.ac = newAutomaton(patterns)
	return t, nil
}

func (t *Tagger) newForm(term Term, raw string) (form, error) {
	folded := strings.TrimSpace(string(t.fold.fold(raw).b))
	if folded == "" {
		return form{}, fmt.Errorf("term %q: empty form", term.ID)
	}
	f := form{term: term.ID, folded: folded}
	f.checked = f.han() && (term.Ambiguous || utf8.RuneCountInString(folded) <= 3)
	return f, nil
}

// han reports whether the form has any non-ASCII text, which makes it a
// Chinese form for the boundary rules and for pinning.
func (f form) han() bool {
	for i := 0; i < len(f.folded); i++ {
		if f.folded[i] >= utf8.RuneSelf {
			return true
		}
	}
	return false
}

// Version is a content hash of the lexicon, stable under reordering of
// terms and forms, so stored counts can say which lexicon produced them.
func (t *Tagger) Version() string { return t.version }

// Forms returns the lexicon's Chinese forms, folded to simplified, sorted:
// the words to pin into the segmenter. The segmenter only ever sees folded
// text, so traditional spellings need no pinning of their own.
func (t *Tagger) Forms() []string { return append([]string(nil), t.zh...) }

// FormsOf is Forms for a lexicon that has no Tagger yet: the segmenter has
// to be built with the forms pinned before New can use it. Invalid terms
// are skipped here; New reports them.
func FormsOf(terms []Term) []string {
	t, err := New(terms, nopSegmenter{})
	if err != nil {
		return fallbackForms(terms)
	}
	return t.Forms()
}

// nopSegmenter lets FormsOf build a Tagger without a real segmenter.
type nopSegmenter struct{}

func (nopSegmenter) Cut(string) []string { return nil }

// fallbackForms is FormsOf for a lexicon New rejects: the valid-looking
// Chinese forms as given, so a bad term does not unpin the good ones.
func fallbackForms(terms []Term) []string {
	var out []string
	for _, term := range terms {
		for _, z := range term.Zh {
			if z = strings.TrimSpace(z); z != "" {
				out = append(out, z)
			}
		}
	}
	sort.Strings(out)
	return out
}

// symbolsOf lists the ASCII symbols used in the forms (the + of AI+), whose
// full-width twins must fold to ASCII for the form to match.
func symbolsOf(terms []Term) string {
	var b strings.Builder
	for _, term := range terms {
		for _, s := range append(append([]string(nil), term.Zh...), term.En...) {
			for _, r := range s {
				if r = nfkcRune(r); r > ' ' && r < utf8.RuneSelf && !isWordByte(byte(r)) {
					b.WriteRune(r)
				}
			}
		}
	}
	return b.String()
}

// versionOf hashes ids, flags and forms in sorted order.
func versionOf(terms []Term) string {
	lines := make([]string, 0, len(terms))
	for _, term := range terms {
		zh := append([]string(nil), term.Zh...)
		en := append([]string(nil), term.En...)
		sort.Strings(zh)
		sort.Strings(en)
		lines = append(lines, fmt.Sprintf("%s\x1f%t\x1f%s\x1f%s", term.ID, term.Ambiguous,
			strings.Join(zh, "\x1e"), strings.Join(en, "\x1e")))
	}
	sort.Strings(lines)
	sum := sha256.Sum256([]byte(strings.Join(lines, "\n")))
	return hex.EncodeToString(sum[:])[:12]
}

// isWordByte: ASCII letters and digits make up words for the edge rule.
func isWordByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// VersionOf is Version without building a Tagger (and so without loading
// the segmenter): commands that only read counts use it to flag stale ones.
func VersionOf(terms []Term) string { return versionOf(terms) }
