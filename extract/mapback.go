package extract

import (
	"sort"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// pageLine is one block of text of the original page, with how much of it
// is link text: what go-trafilatura chose is read back from these lines.
type pageLine struct {
	text      string
	key       string // text without spaces, the form lines are matched in
	linkRunes int
	runes     int
}

// pageLines splits the page under n into its text blocks in document order,
// the same blocks bodyText reads, keeping every occurrence.
func pageLines(n *html.Node) []pageLine {
	w := &lineWriter{}
	w.walk(n, false)
	w.flush()
	return w.lines
}

type lineWriter struct {
	lines     []pageLine
	cur       strings.Builder
	linkRunes int
}

func (w *lineWriter) walk(n *html.Node, inLink bool) {
	switch n.Type {
	case html.TextNode:
		s := spaceRun.ReplaceAllString(n.Data, " ")
		w.cur.WriteString(s)
		if inLink {
			w.linkRunes += utf8.RuneCountInString(strings.TrimSpace(s))
		}
		return
	case html.CommentNode:
		return
	case html.ElementNode:
		if skipTags[tagAtom(n)] {
			return
		}
	}
	block := n.Type == html.ElementNode && blockTags[tagAtom(n)]
	if block {
		w.flush()
	}
	inLink = inLink || (n.Type == html.ElementNode && tagAtom(n) == atom.A)
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		w.walk(c, inLink)
	}
	if block {
		w.flush()
	}
}

func (w *lineWriter) flush() {
	text := trimLine(w.cur.String())
	w.cur.Reset()
	links := w.linkRunes
	w.linkRunes = 0
	if text == "" {
		return
	}
	w.lines = append(w.lines, pageLine{text: text, key: lineKey(text), linkRunes: links, runes: utf8.RuneCountInString(text)})
}

func lineKey(s string) string {
	return strings.Join(strings.Fields(s), "")
}

// mapBack reads go-trafilatura's choice (its paragraphs, in order) back from
// the page's own lines. go-trafilatura's rescue pass returns each distinct
// paragraph once, and on short pages adds one paragraph holding the page's
// whole text; read back, the story's span of the page gives every paragraph
// as often as the page has it, and the whole-page paragraph, which is no
// line of the page, falls away. ok is false when too little of the choice is
// found on the page (text taken from JSON-LD, say): the caller then keeps
// go-trafilatura's text.
func mapBack(chosen []string, page []pageLine) (lines []pageLine, ok bool) {
	at := make(map[string][]int)
	for i, l := range page {
		at[l.key] = append(at[l.key], i)
	}
	want := make(map[string]bool, len(chosen))
	// A chosen paragraph of prose the page has in another split (a
	// paragraph with a bold lead and breaks inside, say) is kept in its
	// place, before the page line of the next paragraph found.
	// Lost ones wait in pending and are anchored once that line is known.
	unfound := make(map[int][]string)
	var pending []string
	first, last, pos := -1, -1, -1
	var found, total int
	for _, c := range chosen {
		k := lineKey(c)
		n := utf8.RuneCountInString(k)
		total += n
		i := nextAfter(at[k], pos)
		if i < 0 {
			pending = append(pending, c)
			continue
		}
		found += n
		want[k] = true
		if first < 0 {
			first = i
		}
		unfound[i] = append(unfound[i], pending...)
		pending = nil
		pos, last = i, i
	}
	if first < 0 || float64(found) < 0.8*float64(total) {
		return nil, false
	}
	// A paragraph repeated after the last one matched is part of the story.
	for last+1 < len(page) && want[page[last+1].key] {
		last++
	}
	keep := func(texts []string) {
		for _, c := range texts {
			if sentence(c) && !holdsLines(lineKey(c), want) {
				lines = append(lines, pageLine{text: c, key: lineKey(c), runes: utf8.RuneCountInString(c)})
			}
		}
	}
	for i, l := range page[first : last+1] {
		keep(unfound[first+i])
		if want[l.key] {
			lines = append(lines, l)
		}
	}
	keep(pending)
	return lines, true
}

// sentence reports a line of the story's own prose, ended like one: not a
// headline, deck, byline or metadata line, which the page's lines would
// hold had they been chosen.
func sentence(s string) bool {
	return utf8.RuneCountInString(s) >= 20 && strings.ContainsAny(s, "。！？")
}

// holdsLines reports whether key holds a found paragraph of some length:
// then it is the page's text in one piece, or a part of it, whose lines
// are already there.
func holdsLines(key string, found map[string]bool) bool {
	for k := range found {
		if utf8.RuneCountInString(k) >= 10 && strings.Contains(key, k) {
			return true
		}
	}
	return false
}

// nextAfter returns the first position in sorted positions after pos, or -1.
func nextAfter(positions []int, pos int) int {
	if i := sort.SearchInts(positions, pos+1); i < len(positions) {
		return positions[i]
	}
	return -1
}

// dropLinkLists removes runs of lines that are mostly link text, such as the
// "related articles" and ranking lists that favouring recall lets through
// after a story: a story's own paragraphs are not headlines linking away.
func dropLinkLists(lines []pageLine) []pageLine {
	linky := func(l pageLine) bool { return l.linkRunes*10 >= l.runes*6 }
	var out []pageLine
	for i := 0; i < len(lines); {
		j := i
		for j < len(lines) && linky(lines[j]) {
			j++
		}
		if j-i >= 2 {
			i = j
			continue
		}
		if j == i {
			j++
		}
		out = append(out, lines[i:j]...)
		i = j
	}
	return out
}

func lineTexts(lines []pageLine) []string {
	out := make([]string, len(lines))
	for i, l := range lines {
		out[i] = l.text
	}
	return out
}

// dropRepeatedRuns removes a run of lines that repeats an earlier run line
// for line and holds a few sentences: a second copy of the story (a print or
// mobile version in the same page), not a paragraph the story says twice,
// nor the short labels a schedule repeats. A run is found by its first three
// lines and followed as far as it goes.
func dropRepeatedRuns(lines []pageLine) []pageLine {
	const run = 3
	seen := make(map[[run]string]int)
	var out []pageLine
	for i := 0; i < len(lines); {
		if i+run <= len(lines) {
			var k [run]string
			for d := range k {
				k[d] = lines[i+d].key
			}
			j, ok := seen[k]
			if !ok {
				seen[k] = i
			} else if j+run <= i {
				n := run
				for j+n < i && i+n < len(lines) && lines[j+n].key == lines[i+n].key {
					n++
				}
				if runesOf(lines[i:i+n]) >= copyRunes {
					i += n
					continue
				}
			}
		}
		out = append(out, lines[i])
		i++
	}
	return out
}

// copyRunes is the text three repeated lines must hold to be a copy of the
// story: a few sentences, more than any list of labels.
const copyRunes = 60

func runesOf(lines []pageLine) int {
	n := 0
	for _, l := range lines {
		n += utf8.RuneCountInString(l.key)
	}
	return n
}
