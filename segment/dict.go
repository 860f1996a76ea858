package segment

import (
	"fmt"
	"math"
	"runtime"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/go-ego/gse"
)

// dict is gse's dictionary once loaded, in a form that is read, not
// built: a byte trie numbered breadth first, so that a node's children are
// one sorted run of the arrays, and the token table gse's shortest-path cut
// reads, in gse's token order. gse's own form is a cedar trie grown key by
// key (about a second for 350,000 words) and cannot be saved or restored
// from outside the package; this one loads from a file in milliseconds.
//
// The trie is cedar's as gse uses it, byte for byte: a key that is also the
// prefix of a longer key has a NUL child holding its value again, which is
// where cedar's reduced trie keeps it, so Knows and the cut answer as
// gse's Find and LookupTokens would on text with NUL bytes too.
type dict struct {
	label []byte   // label[n]: the byte on the edge into node n
	first []uint32 // node n's children are first[n]:first[n+1]; len(label)+1 entries
	value []int32  // the token whose key ends at node n, or -1

	words []uint8   // token i's key is words[i] of gse's words
	dist  []float32 // gse's path length of token i, log2(total/freq)
	freq  []float64
	end   []uint32 // token i's key is text[end[i-1]:end[i]]
	text  string

	maxWords int // the most words of any key: how far a lookup looks ahead
}

// fromGse copies the dictionary out of a loaded gse segmenter. Distances
// are gse's CalcToken formula, in float32 as gse keeps them, so the cut's
// sums and ties are the same bits.
func fromGse(seg *gse.Segmenter) (*dict, error) {
	toks := seg.Dict.Tokens
	if len(toks) >= math.MaxInt32 {
		return nil, fmt.Errorf("gse dictionary has %d words", len(toks))
	}
	d := &dict{
		words: make([]uint8, len(toks)),
		dist:  make([]float32, len(toks)),
		freq:  make([]float64, len(toks)),
		end:   make([]uint32, len(toks)),
	}
	logTotal := float32(math.Log2(seg.Dict.TotalFreq()))
	var text strings.Builder
	var ends []int32
	for i := range toks {
		key := toks[i].Text()
		if key == "" || strings.IndexByte(key, 0) >= 0 {
			return nil, fmt.Errorf("gse dictionary word %d is %q: no trie key", i, key)
		}
		// gse split the key into words with SplitTextToWords when it added
		// it; splitWords is the same split (TestWordCounts) and allocates
		// nothing.
		n := len(splitWords([]byte(key), ends[:0]))
		if n > math.MaxUint8 {
			return nil, fmt.Errorf("gse dictionary word %q is %d words", key, n)
		}
		d.words[i] = uint8(n)
		d.maxWords = max(d.maxWords, n)
		d.freq[i] = toks[i].Freq()
		d.dist[i] = logTotal - float32(math.Log2(d.freq[i]))
		text.WriteString(key)
		if text.Len() > math.MaxUint32 {
			return nil, fmt.Errorf("gse dictionary text over 4 GiB")
		}
		d.end[i] = uint32(text.Len())
	}
	d.text = text.String()
	// gse's segmenter is garbage from here on (New keeps no reference), and
	// the largest part of the heap: collecting it now lets the trie reuse
	// its memory instead of growing the process past gse's peak.
	toks, seg = nil, nil
	runtime.GC()
	if err := d.buildTrie(); err != nil {
		return nil, err
	}
	return d, nil
}

func (d *dict) key(i int32) string {
	start := uint32(0)
	if i > 0 {
		start = d.end[i-1]
	}
	return d.text[start:d.end[i]]
}

// buildTrie numbers the trie's nodes breadth first from the sorted keys:
// a node is the run of keys sharing its prefix, and its children are that
// run split by the next byte, appended to the queue in byte order.
func (d *dict) buildTrie() error {
	order := make([]int32, len(d.end))
	for i := range order {
		order[i] = int32(i)
	}
	keys := make([]string, len(d.end))
	for i := range keys {
		keys[i] = d.key(int32(i))
	}
	slices.SortFunc(order, func(a, b int32) int { return strings.Compare(keys[a], keys[b]) })
	for i := 1; i < len(order); i++ {
		if keys[order[i-1]] == keys[order[i]] {
			return fmt.Errorf("gse dictionary has %q twice", keys[order[i]])
		}
	}
	type node struct{ lo, hi, depth int32 }
	queue := []node{{0, int32(len(order)), 0}}
	d.label, d.value = []byte{0}, []int32{-1}
	for qi := 0; qi < len(queue); qi++ {
		n := queue[qi]
		d.first = append(d.first, uint32(len(queue)))
		lo := n.lo
		// Sorted, so a key that ends here comes first in the run.
		if lo < n.hi && len(keys[order[lo]]) == int(n.depth) {
			d.value[qi] = order[lo]
			lo++
			if lo < n.hi {
				queue = append(queue, node{lo, lo, n.depth + 1})
				d.label, d.value = append(d.label, 0), append(d.value, order[lo-1])
			}
		}
		for lo < n.hi {
			b := keys[order[lo]][n.depth]
			hi := lo + 1
			for hi < n.hi && keys[order[hi]][n.depth] == b {
				hi++
			}
			queue = append(queue, node{lo, hi, n.depth + 1})
			d.label, d.value = append(d.label, b), append(d.value, -1)
			lo = hi
		}
	}
	if len(queue) >= math.MaxUint32 {
		return fmt.Errorf("gse dictionary trie has %d nodes", len(queue))
	}
	d.first = append(d.first, uint32(len(queue)))
	return nil
}

// child follows the edge labelled b out of node n; ok is false if there is
// none.
func (d *dict) child(n uint32, b byte) (uint32, bool) {
	lo, end := d.first[n], d.first[n+1]
	// Below the first byte of a rune a node has up to 64 children; narrow
	// those to 8 by halves, then scan.
	for hi := end; hi-lo > 8; {
		mid := lo + (hi-lo)/2
		if d.label[mid] < b {
			lo = mid + 1
		} else {
			hi = mid + 1
		}
	}
	for ; lo < end; lo++ {
		if l := d.label[lo]; l >= b {
			return lo, l == b
		}
	}
	return 0, false
}

// walk follows key from node n.
func (d *dict) walk(n uint32, key []byte) (uint32, bool) {
	for _, b := range key {
		var ok bool
		if n, ok = d.child(n, b); !ok {
			return 0, false
		}
	}
	return n, true
}

// splitWords appends to dst the end offsets of gse's words in text
// (SplitTextToWords without AlphaNum): a run of letters and digits of at
// most two bytes each is one word, any other rune, or invalid byte, is a
// word of its own.
func splitWords(text []byte, dst []int32) []int32 {
	inRun := false
	for cur := 0; cur < len(text); {
		r, size := utf8.DecodeRune(text[cur:])
		if size <= 2 && (unicode.IsNumber(r) || unicode.IsLetter(r)) {
			inRun = true
		} else {
			if inRun && cur != 0 {
				dst = append(dst, int32(cur))
			}
			inRun = false
			dst = append(dst, int32(cur+size))
		}
		cur += size
	}
	if inRun && len(text) != 0 {
		dst = append(dst, int32(len(text)))
	}
	return dst
}

// lower is text with ASCII capitals in lower case, as gse's words are: gse
// lowers only letter runs, but every ASCII capital is in one.
func lower(text []byte) []byte {
	i := slices.IndexFunc(text, func(b byte) bool { return 'A' <= b && b <= 'Z' })
	if i < 0 {
		return text
	}
	out := slices.Clone(text)
	for ; i < len(out); i++ {
		if b := out[i]; 'A' <= b && b <= 'Z' {
			out[i] = b + 'a' - 'A'
		}
	}
	return out
}

// pseudo marks a word the cut keeps on its own with no dictionary entry;
// gse gives it path length 32.
const (
	pseudo     int32   = -1
	pseudoDist float32 = 32
)

// piece is one word of the cut: token tok (or pseudo) starting at
// gse word index word.
type piece struct{ word, tok int32 }

// cut is gse's shortest-path segmentation (segmentWords, normal mode) of
// text, whose word ends are ends and which is already lowered: for each
// word, every dictionary key starting there extends the best path to where
// it ends, and a word with no one-word key is its own pseudo word.
func (d *dict) cut(text []byte, ends []int32) []piece {
	type jumper struct {
		dist float32
		tok  int32
	}
	jumpers := make([]jumper, len(ends))
	update := func(at int, base float32, tok int32, dist float32) {
		j := &jumpers[at]
		if nd := base + dist; j.dist == 0 || j.dist > nd {
			*j = jumper{nd, tok}
		}
	}
	for cur := range ends {
		var base float32
		if cur > 0 {
			base = jumpers[cur-1].dist
		}
		start := int32(0)
		if cur > 0 {
			start = ends[cur-1]
		}
		node, found := uint32(0), false
		shortest := uint8(0)
		for w := cur; w < min(cur+d.maxWords, len(ends)); w++ {
			var ok bool
			if node, ok = d.walk(node, text[start:ends[w]]); !ok {
				break
			}
			start = ends[w]
			if tok := d.value[node]; tok >= 0 {
				if !found {
					found, shortest = true, d.words[tok]
				}
				update(cur+int(d.words[tok])-1, base, tok, d.dist[tok])
			}
		}
		if !found || shortest > 1 {
			update(cur, base, pseudo, pseudoDist)
		}
	}
	n := 0
	for i := len(ends) - 1; i >= 0; i -= d.span(jumpers[i].tok) {
		n++
	}
	out := make([]piece, n)
	for i := len(ends) - 1; i >= 0; i -= d.span(jumpers[i].tok) {
		n--
		out[n] = piece{int32(i - d.span(jumpers[i].tok) + 1), jumpers[i].tok}
	}
	return out
}

// span is how many words tok covers.
func (d *dict) span(tok int32) int {
	if tok == pseudo {
		return 1
	}
	return int(d.words[tok])
}
