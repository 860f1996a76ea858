package tagger

import (
	"fmt"
	"sort"
	"strings"
)

// Finding is one thing `tifa terms check` reports about a lexicon.
type Finding struct {
	Level string // error: the lexicon will not load; warn: counts may be off; info: how it will count
	Term  string
	Msg   string
}

// Dictionary is a segmenter that can also list its words containing a
// form; *segment.Segmenter is one.
type Dictionary interface {
	Segmenter
	WordsContaining(w string, limit int) []string
}

// Check reviews a lexicon: forms repeated in a term, forms two terms share
// (after folding: 單一窗口 is 单一窗口), forms inside other forms (they count as
// nested mentions), forms the segmenter splits, and, for boundary-checked
// forms, the dictionary words that contain them, where their mentions are
// not counted. seg may be nil to skip the last two.
func Check(terms []Term, seg Dictionary) ([]Finding, error) {
	fd, err := newFolder(symbolsOf(terms))
	if err != nil {
		return nil, err
	}
	t := &Tagger{fold: fd}
	type owned struct{ term, raw string }
	owner := map[string]owned{}
	var out []Finding
	var forms []form
	for _, term := range terms {
		seen := map[string]string{}
		for _, raw := range append(append([]string(nil), term.Zh...), term.En...) {
			f, err := t.newForm(term, raw)
			if err != nil {
				out = append(out, Finding{"error", term.ID, err.Error()})
				continue
			}
			if prev, ok := seen[f.folded]; ok {
				if prev == raw {
					out = append(out, Finding{"warn", term.ID, fmt.Sprintf("form %q is listed twice", raw)})
				} else {
					out = append(out, Finding{"info", term.ID, fmt.Sprintf("forms %q and %q are the same after folding; one is enough", prev, raw)})
				}
				continue
			}
			seen[f.folded] = raw
			if o, ok := owner[f.folded]; ok {
				out = append(out, Finding{"error", term.ID, fmt.Sprintf("form %q is also term %q's form %q: a mention cannot belong to both", raw, o.term, o.raw)})
				continue
			}
			owner[f.folded] = owned{term.ID, raw}
			forms = append(forms, f)
		}
	}
	sort.Slice(forms, func(i, j int) bool { return forms[i].folded < forms[j].folded })
	for _, inner := range forms {
		for _, outer := range forms {
			if inner.folded == outer.folded || !strings.Contains(outer.folded, inner.folded) {
				continue
			}
			if inner.term == outer.term {
				out = append(out, Finding{"info", inner.term, fmt.Sprintf("form %q lies inside its own form %q: counted once there", inner.folded, outer.folded)})
			} else {
				out = append(out, Finding{"info", inner.term, fmt.Sprintf("form %q lies inside term %q's form %q: counted there too, as nested", inner.folded, outer.term, outer.folded)})
			}
		}
	}
	if seg != nil {
		for _, f := range forms {
			if !f.han() {
				continue
			}
			if words := seg.Cut(f.folded); len(words) != 1 {
				level := "info"
				if f.checked {
					level = "warn" // the boundary check will reject the form's own mentions
				}
				out = append(out, Finding{level, f.term, fmt.Sprintf("the segmenter cuts %q as %s", f.folded, strings.Join(words, "|"))})
			}
			if f.checked {
				if words := missedInside(seg, f.folded, owner); len(words) > 0 {
					out = append(out, Finding{"info", f.term, fmt.Sprintf("%q is boundary-checked: not counted inside dictionary words such as %s",
						f.folded, strings.Join(words, "、"))})
				}
			}
		}
	}
	return out, nil
}

// missedInside lists dictionary words containing w in which the segmenter,
// cutting the word alone, does not give w as a word of its own: there a
// boundary-checked w is not counted. Words where the pinned w wins (中美关系
// cuts as 中美|关系), and the lexicon's own forms, are left out.
func missedInside[V any](seg Dictionary, w string, forms map[string]V) []string {
	var out []string
	for _, word := range seg.WordsContaining(w, 200) {
		if _, ok := forms[word]; ok {
			continue // a form itself: reported above as nested
		}
		whole := false
		for _, tok := range seg.Cut(word) {
			if tok == w {
				whole = true
				break
			}
		}
		if !whole {
			out = append(out, word)
		}
		if len(out) == 8 {
			break
		}
	}
	return out
}
