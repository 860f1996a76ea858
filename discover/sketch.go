package discover

// sketch is a count-min sketch with conservative update and saturating
// 16-bit cells. It only has to answer "seen at least t times?" for small t,
// so 16 bits are plenty, and halving the cell doubles the width memory buys:
// width is what keeps a rare string's estimate near its true count.
type sketch struct {
	depth int
	mask  uint64
	cells []uint16 // depth rows of mask+1 cells
}

func newSketch(width, depth int) *sketch {
	w := 1
	for w < width {
		w <<= 1
	}
	return &sketch{depth: depth, mask: uint64(w - 1), cells: make([]uint16, w*depth)}
}

// index is the cell of row i for hash h: double hashing (Kirsch and
// Mitzenmacher) from the two halves of one 64-bit hash.
func (s *sketch) index(h uint64, i int) int {
	a, b := h, (h>>32)|1
	return i*int(s.mask+1) + int((a+uint64(i)*b*0x9e3779b97f4a7c15)&s.mask)
}

// add counts one occurrence, raising only the rows at the minimum
// (conservative update), which keeps estimates of rare strings low.
func (s *sketch) add(h uint64) {
	m := s.estimate(h)
	if m == 0xffff {
		return
	}
	for i := range s.depth {
		if j := s.index(h, i); s.cells[j] == m {
			s.cells[j] = m + 1
		}
	}
}

// estimate is never below the true count (until a cell saturates).
func (s *sketch) estimate(h uint64) uint16 {
	m := uint16(0xffff)
	for i := range s.depth {
		if c := s.cells[s.index(h, i)]; c < m {
			m = c
		}
	}
	return m
}

// bytes is the sketch's memory.
func (s *sketch) bytes() int { return 2 * len(s.cells) }

// mix finalises an FNV-style running hash (splitmix64's finaliser), so
// the low bits used for indices depend on every character.
func mix(h uint64) uint64 {
	h ^= h >> 30
	h *= 0xbf58476d1ce4e5b9
	h ^= h >> 27
	h *= 0x94d049bb133111eb
	h ^= h >> 31
	return h
}

const (
	fnvOffset = 14695981039346656037
	fnvPrime  = 1099511628211
)

// hashes fills hs[i*maxLen+k-1] with the hash of the k-character string
// starting at character i of the run, for k up to maxLen.
func hashes(text string, r run, maxLen int, hs []uint64) []uint64 {
	n := r.len()
	if cap(hs) < n*maxLen {
		hs = make([]uint64, n*maxLen)
	}
	hs = hs[:n*maxLen]
	for i := range n {
		h := uint64(fnvOffset)
		for k := 1; k <= maxLen && i+k <= n; k++ {
			for _, b := range []byte(text[r.off[i+k-1]:r.off[i+k]]) {
				h = (h ^ uint64(b)) * fnvPrime
			}
			hs[i*maxLen+k-1] = mix(h)
		}
	}
	return hs
}
