package discover

// sketch is a count-min sketch with conservative update and saturating
// 16-bit cells. It only has to answer "seen at least t times?" for small t,
// so 16 bits are plenty, and halving the cell doubles the width memory buys:
// width is what keeps a rare string's estimate near its true count.
//
// The sketch is blocked: a string's four cells, one per row, lie in one
// 64-byte block (a cache line), eight cells per row in each block. Counting
// is bound by memory, not arithmetic: four rows apart cost four cache misses
// per string, one block costs one. Strings in different blocks never
// collide, and two in one block collide in a row with chance 1/8, so each
// row is still as wide as before; only the rows' collisions are no longer
// independent across blocks, which costs a little accuracy for rare strings
// beside frequent ones.
type sketch struct {
	mask  uint64   // blocks - 1
	cells []uint16 // blocks of blockCells cells
}

const (
	depth      = 4
	rowCells   = 8
	blockCells = depth * rowCells // 32 cells of 2 bytes: 64 bytes
)

// newSketch holds about width cells per row, rounded up to a power of two.
func newSketch(width int) *sketch {
	b := 1
	for b*rowCells < width {
		b <<= 1
	}
	return &sketch{mask: uint64(b - 1), cells: make([]uint16, b*blockCells)}
}

// cells are the string's four cells: the block from the hash's low bits,
// the cell of each row from its high bits.
func (s *sketch) index(h uint64) [depth]int {
	b := int(h&s.mask) * blockCells
	x := h >> 40
	return [depth]int{b + int(x&7), b + rowCells + int(x>>3&7), b + 2*rowCells + int(x>>6&7), b + 3*rowCells + int(x>>9&7)}
}

// part is which of two counting goroutines owns the block of h: each
// updates only its own blocks, so the sketch needs no locks and ends the
// same as if one goroutine had counted.
func part(h uint64) int { return int(h & 1) }

// add counts one occurrence, raising only the rows at the minimum
// (conservative update), which keeps estimates of rare strings low.
func (s *sketch) add(h uint64) {
	ix := s.index(h)
	m := min(s.cells[ix[0]], s.cells[ix[1]], s.cells[ix[2]], s.cells[ix[3]])
	if m == 0xffff {
		return
	}
	for _, j := range ix {
		if s.cells[j] == m {
			s.cells[j] = m + 1
		}
	}
}

// estimate is never below the true count (until a cell saturates).
func (s *sketch) estimate(h uint64) uint16 {
	ix := s.index(h)
	return min(s.cells[ix[0]], s.cells[ix[1]], s.cells[ix[2]], s.cells[ix[3]])
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
// starting at character i of the run, for k up to maxLen: each string's
// hash extends the one a character shorter, so a window is hashed once.
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
