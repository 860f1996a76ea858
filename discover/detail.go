package discover

import (
	"cmp"
	"math"
	"slices"
	"strings"
)

// detail is what pass three gathers for one of the best strings.
type detail struct {
	scored
	baseArticles int
	lastDoc      int
	first        *Seen
	weeks        map[string]int
	examples     []Seen
	sources      map[string]bool
	// Occurrences checked against the segmenter's word boundaries, and
	// those that began and ended on one.
	checked, edges int
	// The line of the first occurrence in each of the first maxLined
	// articles, by source and line, and how many articles that was.
	lines map[lineKey]*lineSeen
	lined int
}

type lineKey struct {
	source string
	line   uint64 // hashOf the trimmed line
}

// lineSeen is one line a string sat in: the articles it was in and the
// distinct titles of the first few of them.
type lineSeen struct {
	text     string
	articles int
	titles   []uint64
}

type detailer struct {
	ct       *counter
	bounds   func([]byte, []int) []int
	bs       []int
	best     map[string]*detail
	bloom    []uint64 // bit hash%len: some best string may have this hash
	order    []*detail
	baseDocs int
	docs     int
	rs       []run
	hs       []uint64
	weekSpan [2]string
}

func newDetailer(ct *counter, best []scored, o Options) *detailer {
	d := &detailer{ct: ct, bounds: o.Bounds, best: map[string]*detail{}, bloom: make([]uint64, bloomWords)}
	for _, s := range best {
		h := hashOf(s.text)
		d.bloom[h>>6%bloomWords] |= 1 << (h & 63)
		x := &detail{scored: s, lastDoc: -1, weeks: map[string]int{}, sources: map[string]bool{}}
		d.best[s.text] = x
		d.order = append(d.order, x)
	}
	return d
}

// each calls fn once per article for every best string in it, with the
// byte offsets of its first occurrence.
func (d *detailer) each(doc Doc, fn func(x *detail, start, end int)) {
	seen := map[*detail]bool{}
	d.rs = runs(doc.Text, d.rs)
	for _, r := range d.rs {
		n := r.len()
		d.hs = hashes(doc.Text, r, maxLen, d.hs)
		for i := range n {
			for k := 2; k <= maxLen && i+k <= n; k++ {
				// The few hundred best strings set a bit each in 2^16: most
				// strings are ruled out without hashing them as map keys.
				if h := d.hs[i*maxLen+k-1]; d.bloom[h>>6%bloomWords]&(1<<(h&63)) == 0 {
					continue
				}
				x := d.best[doc.Text[r.off[i]:r.off[i+k]]]
				if x == nil || seen[x] {
					continue
				}
				seen[x] = true
				fn(x, r.off[i], r.off[i+k])
			}
		}
	}
}

func (d *detailer) baselineDoc(doc Doc) error {
	d.baseDocs++
	d.each(doc, func(x *detail, start, end int) {
		x.baseArticles++
		d.firstSeen(x, doc, start, end)
	})
	return nil
}

func (d *detailer) windowDoc(doc Doc) error {
	d.docs++
	wk := weekOf(doc.Day)
	if d.weekSpan[0] == "" || wk < d.weekSpan[0] {
		d.weekSpan[0] = wk
	}
	if wk > d.weekSpan[1] {
		d.weekSpan[1] = wk
	}
	d.each(doc, func(x *detail, start, end int) {
		x.weeks[wk]++
		x.sources[doc.Source] = true
		d.firstSeen(x, doc, start, end)
		d.checkEdges(x, doc.Text, start, end)
		d.noteLine(x, doc, start, end)
		if len(x.examples) < 2 && (len(x.examples) == 0 || x.examples[0].Source != doc.Source || x.g.srcs&(x.g.srcs-1) == 0) {
			x.examples = append(x.examples, seenIn(doc, start, end))
		}
	})
	return nil
}

// checkEdges segments the context of an occurrence and notes whether the
// string began and ended on word boundaries there, for the first
// maxChecked articles a string is in: enough for a share, and a bounded
// cost however common the string is.
func (d *detailer) checkEdges(x *detail, text string, start, end int) {
	if d.bounds == nil || x.checked >= maxChecked {
		return
	}
	from, to := surround(text, start, end)
	d.bs = d.bounds([]byte(text[from:to]), d.bs[:0])
	x.checked++
	_, okStart := slices.BinarySearch(d.bs, start-from)
	_, okEnd := slices.BinarySearch(d.bs, end-from)
	if okStart && okEnd {
		x.edges++
	}
}

// noteLine records the line an occurrence sits in, for the first maxLined
// articles a string is in: as with edges, a share needs no more, and the
// memory stays a few lines per candidate.
func (d *detailer) noteLine(x *detail, doc Doc, start, end int) {
	if x.lined >= maxLined {
		return
	}
	x.lined++
	from := strings.LastIndexByte(doc.Text[:start], '\n') + 1
	to := len(doc.Text)
	if i := strings.IndexByte(doc.Text[end:], '\n'); i >= 0 {
		to = end + i
	}
	line := strings.TrimSpace(doc.Text[from:to])
	k := lineKey{doc.Source, hashOf(line)}
	if x.lines == nil {
		x.lines = map[lineKey]*lineSeen{}
	}
	l := x.lines[k]
	if l == nil {
		// A copy, shortened: a slice would keep the whole article.
		l = &lineSeen{text: strings.Clone(shorten(line, 60))}
		x.lines[k] = l
	}
	l.articles++
	if t := hashOf(doc.Title); len(l.titles) < siteTextTitles && !slices.Contains(l.titles, t) {
		l.titles = append(l.titles, t)
	}
}

// shorten cuts s to n characters and an ellipsis.
func shorten(s string, n int) string {
	for i := range s {
		if n == 0 {
			return s[:i] + "…"
		}
		n--
	}
	return s
}

// siteText is the template line x sits in, and the articles it sits in
// such lines, when that is more than half the articles looked at; "" if not.
func (x *detail) siteText() (string, int) {
	var top *lineSeen
	n := 0
	for _, l := range x.lines {
		if len(l.titles) < siteTextTitles {
			continue
		}
		n += l.articles
		if top == nil || l.articles > top.articles || (l.articles == top.articles && l.text < top.text) {
			top = l
		}
	}
	if top == nil || 2*n <= x.lined {
		return "", 0
	}
	return top.text, n
}

func (d *detailer) firstSeen(x *detail, doc Doc, start, end int) {
	if x.first == nil || doc.Day < x.first.Day {
		s := seenIn(doc, start, end)
		x.first = &s
	}
}

func seenIn(doc Doc, start, end int) Seen {
	return Seen{Day: doc.Day, Source: doc.Source, Title: doc.Title, URL: doc.URL, Sentence: sentence(doc.Text, start, end)}
}

// finish applies the rise, ranks again and fills the candidates.
func (d *detailer) finish(o Options) []Candidate {
	// A baseline that stored nothing says nothing about rise.
	base := (o.Baseline.From != "" || o.Baseline.To != "") && d.baseDocs > 0
	var out []Candidate
	for _, x := range d.order {
		c := Candidate{Text: x.text, Count: int(x.g.count), Articles: int(x.g.articles), Sources: sortedSources(x.sources),
			BaselineArticles: x.baseArticles, Cohesion: x.coh, LeftEntropy: x.hl, RightEntropy: x.hr, Score: x.score,
			Examples: x.examples}
		if x.first != nil {
			c.First = *x.first
		}
		if o.Known != nil {
			// A word the dictionary has is vocabulary, not a new
			// formulation: it stays listed, lower.
			if c.Known = o.Known(c.Text); c.Known {
				c.Score *= knownWeight
			}
		}
		if x.checked > 0 {
			// The share of occurrences on word edges, smoothed so that one
			// article's segmentation decides nothing, squared: a string
			// that cuts a word in half its sightings keeps a third of its
			// score, one that always does a thirtieth.
			c.Edges, c.Checked = x.edges, x.checked
			share := (float64(x.edges) + 0.2) / (float64(x.checked) + 1)
			c.Score *= share * share
			if o.Stop != nil {
				c.Function = function(o, c.Text)
				c.Score *= functionWeight(c.Function)
			}
		}
		c.Lined = x.lined
		if c.SiteText, c.SiteTextArticles = x.siteText(); c.SiteText != "" {
			c.Score *= siteTextWeight
		}
		if base {
			// The smoothing of tifa rising: one article per thousand, so a
			// string absent from the baseline is not infinitely new.
			now := 1000*float64(c.Articles)/float64(max(d.ct.docs, 1)) + 1
			then := 1000*float64(c.BaselineArticles)/float64(max(d.baseDocs, 1)) + 1
			c.Rise = now / then
			c.Score *= math.Log2(1 + c.Rise)
		}
		out = append(out, c)
	}
	slices.SortFunc(out, func(a, b Candidate) int {
		return cmp.Or(cmp.Compare(b.Score, a.Score), cmp.Compare(a.Text, b.Text))
	})
	out = out[:min(o.Limit, len(out))]
	for i := range out {
		out[i].Weeks = weeks(d.weekSpan, d.best[out[i].Text].weeks, out[i].First.Day)
	}
	return out
}

// weeks lists every week from the first sighting (or the window's start,
// if later) to the window's end, zeros included, so a trend reads left to
// right without gaps; at most the last maxWeeks, what "spreading now" needs.
func weeks(span [2]string, counts map[string]int, first string) []Week {
	if span[0] == "" {
		return nil
	}
	from := max(span[0], weekOf(first))
	var out []Week
	for wk := from; wk <= span[1]; wk = nextWeek(wk) {
		out = append(out, Week{Start: wk, Articles: counts[wk]})
	}
	return out[max(0, len(out)-maxWeeks):]
}

// hashOf is s's hash as hashes gives it.
func hashOf(s string) uint64 {
	h := uint64(fnvOffset)
	for _, b := range []byte(s) {
		h = (h ^ uint64(b)) * fnvPrime
	}
	return mix(h)
}

// function says where s has function words, as o.Bounds cuts it into
// words: "only", "starts", "ends", "starts and ends" or "".
func function(o Options, s string) string {
	b := o.Bounds([]byte(s), nil)
	n := len(b) - 1
	if n < 1 {
		return ""
	}
	stop := func(i int) bool { return o.Stop(s[b[i]:b[i+1]]) }
	all := true
	for i := range n {
		all = all && stop(i)
	}
	switch {
	case all:
		return "only"
	case stop(0) && stop(n-1):
		return "starts and ends"
	case stop(0):
		return "starts"
	case stop(n - 1):
		return "ends"
	}
	return ""
}

// functionWeight is what function words at a candidate's ends leave of
// its score.
func functionWeight(where string) float64 {
	switch where {
	case "only":
		return 0.02
	case "starts and ends":
		return 0.1
	case "ends":
		return 0.2
	case "starts":
		return 0.5
	}
	return 1
}

const (
	// siteTextTitles is how many articles with different titles make a
	// repeated line a template's; siteTextWeight what such a string keeps
	// of its score, as little as a dictionary word.
	siteTextTitles = 3
	siteTextWeight = 0.05
	maxLined       = 64
	maxChecked     = 32
	bloomWords     = 1 << 10
	maxWeeks       = 52
	knownWeight    = 0.05
)
