package segment

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"runtime/debug"
	"slices"
	"time"
)

// A cache file holds one dict: magic, the key it was built for, the
// payload's length and CRC-32C, then the payload (little-endian counts and
// arrays, in dict's field order). The key covers everything the dict is
// built from, so a file is either right for its name or unused.
const (
	cacheMagic = "tifaseg\x01" // the last byte is the format's version
	headerLen  = len(cacheMagic) + sha256.Size + 8 + 4
	// cacheFiles is how many dictionaries the cache directory keeps: one
	// per lexicon recently used, each about 20 MB.
	cacheFiles = 4
	cacheExt   = ".dict"
)

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// gseVersion names the gse module this binary was built with, from its
// build information; "" if it has none (test binaries, a replaced module
// without a checksum), and then nothing is cached: gse's dictionary is
// embedded in the module, so its version and checksum name the words.
func gseVersion() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return ""
	}
	for _, m := range bi.Deps {
		if m.Path != "github.com/go-ego/gse" {
			continue
		}
		if m.Replace != nil {
			m = m.Replace
		}
		if m.Sum == "" {
			return ""
		}
		return m.Path + "@" + m.Version + " " + m.Sum
	}
	return ""
}

// cacheKey names the dict built from dictionary dictID with pinned pinned:
// the pins in their order, each with its length so that no two lists
// join alike, and pinFreq, which the build bakes into the distances.
func cacheKey(dictID string, pinned []string) [sha256.Size]byte {
	h := sha256.New()
	fmt.Fprintf(h, "%s\n%s\n%v\n%d\n", cacheMagic, dictID, pinFreq, len(pinned))
	for _, w := range pinned {
		fmt.Fprintf(h, "%d:%s\n", len(w), w)
	}
	var key [sha256.Size]byte
	h.Sum(key[:0])
	return key
}

func cachePath(dir string, key [sha256.Size]byte) string {
	return filepath.Join(dir, fmt.Sprintf("%x%s", key[:16], cacheExt))
}

// readCache loads the dict stored for key at path. Any file that is not
// exactly what writeCache wrote for key is an error, never a wrong dict:
// the header names the key, the CRC covers the payload, and decode checks
// every index before the cut can follow it.
func readCache(path string, key [sha256.Size]byte) (*dict, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	if len(b) < headerLen || string(b[:len(cacheMagic)]) != cacheMagic {
		return nil, fmt.Errorf("%s: not a segment cache file", path)
	}
	h := b[len(cacheMagic):headerLen]
	if !bytes.Equal(h[:sha256.Size], key[:]) {
		return nil, fmt.Errorf("%s: built for another dictionary", path)
	}
	n := binary.LittleEndian.Uint64(h[sha256.Size:])
	sum := binary.LittleEndian.Uint32(h[sha256.Size+8:])
	payload := b[headerLen:]
	if uint64(len(payload)) != n {
		return nil, fmt.Errorf("%s: %d bytes of payload, header says %d", path, len(payload), n)
	}
	if crc32.Checksum(payload, castagnoli) != sum {
		return nil, fmt.Errorf("%s: checksum mismatch", path)
	}
	d, err := decode(payload)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return d, nil
}

// writeCache stores d for key at path, through a temporary file renamed
// into place, so that a reader, or a second process building the same
// dict, sees a whole file or none. It then drops the least recently used
// files beyond cacheFiles.
func writeCache(path string, key [sha256.Size]byte, d *dict) error {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("create segment cache: %w", err)
	}
	payload := encode(d)
	hdr := make([]byte, 0, headerLen)
	hdr = append(hdr, cacheMagic...)
	hdr = append(hdr, key[:]...)
	hdr = binary.LittleEndian.AppendUint64(hdr, uint64(len(payload)))
	hdr = binary.LittleEndian.AppendUint32(hdr, crc32.Checksum(payload, castagnoli))
	f, err := os.CreateTemp(dir, ".tmp-*"+cacheExt)
	if err != nil {
		return fmt.Errorf("write segment cache: %w", err)
	}
	_, err = f.Write(hdr)
	if err == nil {
		_, err = f.Write(payload)
	}
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(f.Name(), path)
	}
	if err != nil {
		os.Remove(f.Name())
		return fmt.Errorf("write segment cache: %w", err)
	}
	return pruneCache(dir)
}

// touch marks path used now, for pruneCache's order.
func touch(path string) error {
	now := time.Now()
	return os.Chtimes(path, now, now)
}

// pruneCache removes all but the cacheFiles most recently used dicts.
func pruneCache(dir string) error {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return fmt.Errorf("prune segment cache: %w", err)
	}
	type file struct {
		name string
		used time.Time
	}
	var files []file
	for _, e := range ents {
		if e.Type().IsRegular() && filepath.Ext(e.Name()) == cacheExt && e.Name()[0] != '.' {
			if info, err := e.Info(); err == nil {
				files = append(files, file{e.Name(), info.ModTime()})
			}
		}
	}
	slices.SortFunc(files, func(a, b file) int { return b.used.Compare(a.used) })
	var errs []error
	for _, f := range files[min(cacheFiles, len(files)):] {
		if err := os.Remove(filepath.Join(dir, f.name)); err != nil && !errors.Is(err, fs.ErrNotExist) {
			errs = append(errs, err)
		}
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("prune segment cache: %w", err)
	}
	return nil
}

func encode(d *dict) []byte {
	le := binary.LittleEndian
	size := 4*4 + len(d.label) + 4*len(d.first) + 4*len(d.value) +
		len(d.words) + 4*len(d.dist) + 8*len(d.freq) + 4*len(d.end) + len(d.text)
	b := make([]byte, 0, size)
	for _, n := range []int{len(d.label), len(d.words), len(d.text), d.maxWords} {
		b = le.AppendUint32(b, uint32(n))
	}
	b = append(b, d.label...)
	for _, v := range d.first {
		b = le.AppendUint32(b, v)
	}
	for _, v := range d.value {
		b = le.AppendUint32(b, uint32(v))
	}
	b = append(b, d.words...)
	for _, v := range d.dist {
		b = le.AppendUint32(b, math.Float32bits(v))
	}
	for _, v := range d.freq {
		b = le.AppendUint64(b, math.Float64bits(v))
	}
	for _, v := range d.end {
		b = le.AppendUint32(b, v)
	}
	return append(b, d.text...)
}

// decoder reads encode's arrays off the front of b.
type decoder struct {
	b   []byte
	err error
}

func (r *decoder) take(n uint64) []byte {
	if r.err != nil || uint64(len(r.b)) < n {
		r.err = errors.New("truncated")
		return nil
	}
	out := r.b[:n]
	r.b = r.b[n:]
	return out
}

func (r *decoder) uint32s(n uint64) []uint32 {
	b := r.take(4 * n)
	out := make([]uint32, len(b)/4)
	for i := range out {
		out[i] = binary.LittleEndian.Uint32(b[4*i:])
	}
	return out
}

func decode(b []byte) (*dict, error) {
	r := &decoder{b: b}
	counts := r.uint32s(4)
	if r.err != nil {
		return nil, r.err
	}
	nodes, toks, textLen := uint64(counts[0]), uint64(counts[1]), uint64(counts[2])
	d := &dict{maxWords: int(counts[3])}
	d.label = slices.Clone(r.take(nodes))
	d.first = r.uint32s(nodes + 1)
	d.value = make([]int32, 0, nodes)
	for _, v := range r.uint32s(nodes) {
		d.value = append(d.value, int32(v))
	}
	d.words = slices.Clone(r.take(toks))
	d.dist = make([]float32, 0, toks)
	for _, v := range r.uint32s(toks) {
		d.dist = append(d.dist, math.Float32frombits(v))
	}
	freq := r.take(8 * toks)
	d.freq = make([]float64, len(freq)/8)
	for i := range d.freq {
		d.freq[i] = math.Float64frombits(binary.LittleEndian.Uint64(freq[8*i:]))
	}
	d.end = r.uint32s(toks)
	d.text = string(r.take(textLen))
	if r.err != nil {
		return nil, r.err
	}
	if len(r.b) != 0 {
		return nil, fmt.Errorf("%d bytes after the dictionary", len(r.b))
	}
	if err := d.check(); err != nil {
		return nil, err
	}
	return d, nil
}

// check makes sure every index the cut and Knows follow is in range, and
// that children come after their parent in label order, which child's
// search needs and which rules out cycles.
func (d *dict) check() error {
	nodes, toks := len(d.label), len(d.words)
	if nodes == 0 || d.first[0] != 1 || d.first[nodes] != uint32(nodes) {
		return errors.New("trie: bad root or end")
	}
	for n := range nodes {
		lo, hi := d.first[n], d.first[n+1]
		if lo > hi || lo <= uint32(n) {
			return fmt.Errorf("trie: node %d has children out of order", n)
		}
		for c := lo + 1; c < hi; c++ {
			if d.label[c-1] >= d.label[c] {
				return fmt.Errorf("trie: node %d has labels out of order", n)
			}
		}
		if v := d.value[n]; v < -1 || int(v) >= toks {
			return fmt.Errorf("trie: node %d has no such word", n)
		}
	}
	if d.maxWords < 1 || d.maxWords > math.MaxUint8 {
		return errors.New("bad longest word")
	}
	prev := uint32(0)
	for i := range toks {
		if w := d.words[i]; w < 1 || int(w) > d.maxWords {
			return fmt.Errorf("word %d has a bad length", i)
		}
		if d.end[i] < prev {
			return fmt.Errorf("word %d ends before the one before", i)
		}
		prev = d.end[i]
	}
	if int(prev) != len(d.text) {
		return errors.New("words do not cover the text")
	}
	return nil
}
