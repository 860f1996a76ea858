package discover

import (
	"cmp"
	"math"
	"slices"
	"strings"
	"sync/atomic"
	"unicode/utf8"
)

// gram is one string counted exactly in the window.
type gram struct {
	count, articles int32
	lastDoc         int32  // the last document counted, so an article counts once in articles
	first           int32  // the first document it appeared in
	support         uint16 // the least sketch estimate of it and the strings inside it
	srcs            uint64 // bit i: source i (sources beyond 63 share bit 63)
	// rightCLogC and leftCLogC sum c·ln c over the strings one character
	// longer on each side, for branching entropy.
	rightCLogC, leftCLogC float64
}

type docInfo struct {
	id          int64
	day, source string
	title, url  string
	sourceIndex int
}

type counter struct {
	o       Options
	sk      *sketch
	unigram map[rune]int32
	tables  [2]*table        // pass two's exact counts, split by string hash
	grams   map[string]*gram // the two tables merged, after pass two
	support int
	exclude map[string]bool
	sources map[string]int
	srcName []string
	docs    int
	chars   int64
	info    []docInfo // the window's documents by pass-two index
	// scratch, reused per run
	rs  []run
	hs  []uint64
	sup []uint16
}

func newCounter(o Options) *counter {
	c := &counter{o: o, sk: newSketch(o.SketchWidth), unigram: map[rune]int32{},
		support: o.MinArticles, exclude: excluded(o.Exclude), sources: map[string]int{}}
	for i := range c.tables {
		c.tables[i] = &table{grams: map[string]*gram{}, max: max(o.MaxGrams/len(c.tables), 1)}
		c.tables[i].support.Store(int32(o.MinArticles))
	}
	return c
}

// sketchDoc is pass one's reading side: every character into the exact
// unigram table, the hash of every string of 2 to maxLen+1 characters into
// b, in reading order, for the goroutines that fill the sketch.
func (c *counter) sketchDoc(d Doc, b *batch) {
	c.docs++
	c.rs = runs(d.Text, c.rs)
	for _, r := range c.rs {
		n := r.len()
		c.chars += int64(n)
		for i := range n {
			ch, _ := utf8.DecodeRuneInString(d.Text[r.off[i]:])
			c.unigram[ch]++
		}
		c.hs = hashes(d.Text, r, maxLen+1, c.hs)
		for i := range n {
			for k := 2; k <= maxLen+1 && i+k <= n; k++ {
				b.hs = append(b.hs, c.hs[i*(maxLen+1)+k-1])
			}
		}
	}
}

// countDoc is pass two's reading side: the strings whose support (the
// least sketch estimate of them and of every string inside them) reaches
// the least support of the tables go into b, for the goroutines that count
// them exactly.
func (c *counter) countDoc(d Doc, b *batch) {
	doc := int32(len(c.info))
	si, ok := c.sources[d.Source]
	if !ok {
		si = len(c.srcName)
		c.sources[d.Source] = si
		c.srcName = append(c.srcName, d.Source)
	}
	c.info = append(c.info, docInfo{id: d.ID, day: d.Day, source: d.Source, title: d.Title, url: d.URL, sourceIndex: si})
	bit := uint64(1) << min(si, 63)
	// Supports only rise, so pruning at the least one read now never drops
	// what a table would keep.
	least := uint16(min(c.tables[0].support.Load(), c.tables[1].support.Load(), 0xffff))
	const w = maxLen + 1
	c.rs = runs(d.Text, c.rs)
	for _, r := range c.rs {
		n := r.len()
		c.hs = hashes(d.Text, r, w, c.hs)
		if cap(c.sup) < n*w {
			c.sup = make([]uint16, n*w)
		}
		sup := c.sup[:n*w]
		// sup[i*w+k-1]: the least estimate of the k-string at i and of every
		// string inside it, built from the (k-1)-strings at i and i+1, which
		// is why i runs backwards. Once either is below the support, so is
		// every longer string at i, and the sketch is not asked: most
		// strings of real text are rare, so this skips most estimates.
		for i := n - 1; i >= 0; i-- {
			k := 2
			for ; k <= w && i+k <= n; k++ {
				j := i*w + k - 1
				e := c.sk.estimate(c.hs[j])
				if k > 2 {
					e = min(e, sup[j-1], sup[(i+1)*w+k-2])
				}
				sup[j] = e
				if e < least {
					break
				}
			}
			for k++; k <= w && i+k <= n; k++ {
				sup[i*w+k-1] = 0
			}
		}
		for i := range n {
			for k := 2; k <= w && i+k <= n; k++ {
				s := sup[i*w+k-1]
				if s < least {
					break // every longer string at i holds this one
				}
				b.items = append(b.items, item{key: d.Text[r.off[i]:r.off[i+k]], h: c.hs[i*w+k-1], sup: s, doc: doc, bit: bit})
			}
		}
	}
}

// table is one goroutine's share of the exact counts: the strings whose
// hash falls to it, all of them, over every document. Its support rises
// on its own; merge brings both to the higher.
type table struct {
	grams   map[string]*gram
	max     int
	support atomic.Int32
}

func (t *table) add(key string, support uint16, doc int32, bit uint64) {
	if int32(support) < t.support.Load() {
		return
	}
	g := t.grams[key]
	if g == nil {
		g = &gram{first: doc, lastDoc: -1, support: support}
		t.grams[strings.Clone(key)] = g
		if len(t.grams) > t.max {
			t.raise()
			if int32(support) < t.support.Load() {
				return
			}
		}
	}
	g.count++
	g.srcs |= bit
	if g.lastDoc != doc {
		g.lastDoc = doc
		g.articles++
	}
}

// raise lifts the support until the table is at most three quarters of its
// cap, dropping what falls below: as if counting had started there, since
// support depends on the sketch alone.
func (t *table) raise() {
	for len(t.grams) > t.max*3/4 {
		s := t.support.Load()
		s += max(1, s/2)
		t.support.Store(s)
		t.drop(s)
	}
}

func (t *table) drop(support int32) {
	for k, g := range t.grams {
		if int32(g.support) < support {
			delete(t.grams, k)
		}
	}
}

// merge joins the tables at the higher of their supports: each holds every
// one of its strings at or above its own support, so the union at the
// higher is every string at or above it, as one table would have ended.
func (c *counter) merge() {
	s := max(c.tables[0].support.Load(), c.tables[1].support.Load())
	c.grams = c.tables[0].grams
	for _, t := range c.tables {
		if t.support.Load() < s {
			t.drop(s)
		}
	}
	for k, g := range c.tables[1].grams {
		c.grams[k] = g
	}
	c.tables = [2]*table{}
	c.support = int(s)
}

// entropies adds each string's count to the branching sums of the two
// strings one character shorter inside it.
func (c *counter) entropies() {
	for k, g := range c.grams {
		if utf8.RuneCountInString(k) < 3 {
			continue
		}
		_, last := utf8.DecodeLastRuneInString(k)
		_, first := utf8.DecodeRuneInString(k)
		cl := float64(g.count) * math.Log(float64(g.count))
		if p := c.grams[k[:len(k)-last]]; p != nil {
			p.rightCLogC += cl
		}
		if s := c.grams[k[first:]]; s != nil {
			s.leftCLogC += cl
		}
	}
}

func (c *counter) count(s string) int32 {
	if utf8.RuneCountInString(s) == 1 {
		r, _ := utf8.DecodeRuneInString(s)
		return c.unigram[r]
	}
	if g := c.grams[s]; g != nil {
		return g.count
	}
	return 0
}

// cohesion is the pointwise mutual information of the weakest split of s
// in two: a fragment that straddles two words splits easily at the seam.
func (c *counter) cohesion(s string, n int32) float64 {
	weakest := math.Inf(1)
	total := float64(c.chars)
	for i, r := range s {
		if i == 0 {
			continue
		}
		_ = r
		a, b := c.count(s[:i]), c.count(s[i:])
		if a == 0 || b == 0 {
			continue
		}
		weakest = min(weakest, math.Log(float64(n)*total/(float64(a)*float64(b))))
	}
	if math.IsInf(weakest, 1) {
		return 0
	}
	return weakest
}

// scored is a window candidate before details.
type scored struct {
	text               string
	g                  *gram
	score, coh, hl, hr float64
}

// rank scores the window's strings and keeps the n best.
func (c *counter) rank(n int) []scored {
	var out []scored
	for k, g := range c.grams {
		l := utf8.RuneCountInString(k)
		if l > maxLen || int(g.articles) < c.o.MinArticles || c.excluded(k) || !formLike(k) {
			continue
		}
		coh := c.cohesion(k, g.count)
		hl, hr := entropy(g.count, g.leftCLogC), entropy(g.count, g.rightCLogC)
		sc := score(l, g, coh, hl, hr)
		if sc <= 0 {
			continue
		}
		out = append(out, scored{k, g, sc, coh, hl, hr})
	}
	slices.SortFunc(out, func(a, b scored) int {
		return cmp.Or(cmp.Compare(b.score, a.score), cmp.Compare(a.text, b.text))
	})
	return out[:min(n, len(out))]
}

func popcount(x uint64) int {
	n := 0
	for ; x != 0; x &= x - 1 {
		n++
	}
	return max(n, 1)
}

// score is how formulation-like a string looks in the window alone:
// boundary freedom (the weaker side's branching entropy as a share of the
// most its count allows, so frequency does not count twice) times cohesion,
// spread (articles, then sources) and length (most two-character strings
// are ordinary words; formulations run to four characters and more).
func score(runes int, g *gram, coh, hl, hr float64) float64 {
	free := min(hl, hr) / math.Log(float64(g.count)+2) // +2: two sightings with two neighbours are weak evidence of freedom
	spread := math.Log1p(float64(g.articles)) * (1 + math.Log(float64(popcount(g.srcs))))
	return free * max(coh, 0) * spread * float64(min(runes, 6)-1)
}

// excluded says whether s is a lexicon form, inside one, or holds one: a
// string around a counted term is that term in context, counted already.
func (c *counter) excluded(s string) bool {
	if c.exclude[s] {
		return true
	}
	for _, f := range c.o.Exclude {
		if f != "" && strings.Contains(s, f) {
			return true
		}
	}
	return false
}
