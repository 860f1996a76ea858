package main

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/tifa-project/tifa/config"
)

// named is one term or source as a user may name it: by id, or by any of
// its names (a term's label and forms, a source's name).
type named struct {
	id, display string
	names       []string
}

func termNames(terms []config.Term) []named {
	out := make([]named, 0, len(terms))
	for _, t := range terms {
		n := named{id: t.ID, display: t.ID, names: append(append([]string{t.Label}, t.Zh...), t.En...)}
		if label := termLabel(t); label != "" {
			n.display = fmt.Sprintf("%s (%s)", t.ID, label)
		}
		out = append(out, n)
	}
	return out
}

// termLabel is the label, or else the first Chinese form.
func termLabel(t config.Term) string {
	if t.Label != "" {
		return t.Label
	}
	if len(t.Zh) > 0 {
		return t.Zh[0]
	}
	return ""
}

func sourceNames(srcs []config.Source) []named {
	out := make([]named, 0, len(srcs))
	for _, s := range srcs {
		n := named{id: s.ID, display: s.ID, names: []string{s.Name}}
		if s.Name != "" {
			n.display = fmt.Sprintf("%s (%s)", s.ID, s.Name)
		}
		out = append(out, n)
	}
	return out
}

// resolveTerms turns what the user typed into term ids. A term only an
// earlier lexicon had is not counted now; the message says how to get it back.
func (k *catalog) resolveTerms(given []string) ([]string, error) {
	ids, err := resolve("term", given, termNames(k.cfg.Terms), k.where())
	if err == nil {
		return ids, nil
	}
	for _, g := range given {
		if _, err := resolve("term", []string{g}, termNames(k.cfg.Terms), k.where()); err == nil {
			continue
		}
		for _, lx := range k.lexicons {
			if id, err := resolveOne("term", g, termNames(lx.Terms), ""); err == nil && !lx.FirstUse.IsZero() {
				t, _ := lx.Term(id)
				return nil, usagef("unknown term %q: %s was in lexicon %s, which the database no longer counts with; tifa retag --version %s brings its counts back",
					g, termNames([]config.Term{t})[0].display, lx.Version, lx.Version)
			}
		}
	}
	return ids, err
}

// resolveSources turns what the user typed into source ids.
func (k *catalog) resolveSources(given []string) ([]string, error) {
	return resolve("source", given, sourceNames(k.cfg.Sources), k.where())
}

func (k *catalog) where() string {
	if k.fromConfig {
		return "in " + k.cfg.Name + " or the database"
	}
	return "in the " + k.cfg.Name
}

// resolve matches each name by id first, then by any name, case folded;
// a name two of them share, or none has, is a usage error that says what
// there is.
func resolve(kind string, given []string, all []named, where string) ([]string, error) {
	var out []string
	for _, g := range given {
		id, err := resolveOne(kind, g, all, where)
		if err != nil {
			return nil, err
		}
		if !slices.Contains(out, id) {
			out = append(out, id)
		}
	}
	return out, nil
}

func resolveOne(kind, g string, all []named, where string) (string, error) {
	for _, n := range all {
		if n.id == g {
			return n.id, nil
		}
	}
	var hits []named
	for _, n := range all {
		if strings.EqualFold(n.id, g) || slices.ContainsFunc(n.names, func(s string) bool { return s != "" && strings.EqualFold(s, g) }) {
			hits = append(hits, n)
		}
	}
	switch len(hits) {
	case 1:
		return hits[0].id, nil
	case 0:
		return "", usagef("%s", unknownName(kind, g, all, where))
	}
	var names []string
	for _, h := range hits {
		names = append(names, h.display)
	}
	return "", usagef("%s %q names %s; give the id", kind, g, strings.Join(names, " and "))
}

// unknownName says a name is unknown and offers the nearest ones.
func unknownName(kind, g string, all []named, where string) string {
	if len(all) == 0 {
		return fmt.Sprintf("unknown %s %q: there are no %ss %s", kind, g, kind, where)
	}
	type near struct {
		n    named
		dist int
	}
	var nears []near
	for _, n := range all {
		best := -1
		for _, s := range append([]string{n.id}, n.names...) {
			if s == "" {
				continue
			}
			if d := distance(g, s); d <= tolerance(g, s) && (best < 0 || d < best) {
				best = d
			}
		}
		if best >= 0 {
			nears = append(nears, near{n, best})
		}
	}
	sort.SliceStable(nears, func(i, j int) bool { return nears[i].dist < nears[j].dist })
	if len(nears) > 0 {
		var names []string
		for _, n := range nears[:min(3, len(nears))] {
			names = append(names, n.n.display)
		}
		return fmt.Sprintf("unknown %s %q; did you mean %s?", kind, g, strings.Join(names, " or "))
	}
	var ids []string
	for _, n := range all[:min(12, len(all))] {
		ids = append(ids, n.id)
	}
	more := ""
	if len(all) > len(ids) {
		more = fmt.Sprintf(" and %d more", len(all)-len(ids))
	}
	return fmt.Sprintf("unknown %s %q; the %ss %s are %s%s (tifa %s)", kind, g, kind, where, strings.Join(ids, ", "), more,
		map[string]string{"term": "terms list", "source": "sources health"}[kind])
}

// tolerance is how many edits still count as a typo: one in a short name,
// a third of a longer one; a name inside the other is near too.
func tolerance(a, b string) int {
	la, lb := len([]rune(a)), len([]rune(b))
	if la >= 2 && lb >= 2 && (strings.Contains(strings.ToLower(b), strings.ToLower(a)) || strings.Contains(strings.ToLower(a), strings.ToLower(b))) {
		return max(la, lb)
	}
	return max(1, min(la, lb)/3)
}

// distance is the Levenshtein distance over runes, case folded.
func distance(a, b string) int {
	ra, rb := []rune(strings.ToLower(a)), []rune(strings.ToLower(b))
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}
