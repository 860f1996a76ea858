package reprint_test

import (
	"crypto/sha256"
	"hash/fnv"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/tifa-project/tifa/extract"
	"github.com/tifa-project/tifa/reprint"
)

// page is one saved page under a test corpus, extracted.
type page struct {
	path  string
	raw   []byte
	body  string // "" when the page holds no article
	truth bool   // the page has a .truth.json
}

// loadPages extracts every page under dir, with the URL its truth file
// gives (which picks the site rule), as a crawl would. With truthOnly the
// page is not extracted: its body is the one its truth file gives, if any,
// which is cheap.
// Pages whose bytes are in seen are skipped, and the rest added to it.
func loadPages(tb testing.TB, dir string, seen map[[32]byte]bool, truthOnly bool) []page {
	tb.Helper()
	var out []page
	err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".html") {
			return err
		}
		raw, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(raw)
		if seen[sum] {
			return nil
		}
		seen[sum] = true
		p := page{path: path, raw: raw}
		var u string
		if tf, err := os.Open(strings.TrimSuffix(path, ".html") + ".truth.json"); err == nil {
			truth, err := extract.ParseTruth(tf)
			tf.Close()
			if err != nil {
				return err
			}
			p.truth = true
			if truth.URL != nil {
				u = *truth.URL
			}
			if truthOnly && truth.Body != nil {
				p.body = *truth.Body
			}
		}
		if !truthOnly {
			if a, err := extract.Extract(u, raw, ""); err == nil {
				p.body = a.Body
			}
		}
		out = append(out, p)
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
	if len(out) == 0 {
		tb.Fatalf("no pages under %s", dir)
	}
	return out
}

func corpusBodies(t *testing.T, minRunes int) []string {
	t.Helper()
	var bodies []string
	for _, p := range loadPages(t, "../testdata/corpus", map[[32]byte]bool{}, false) {
		if !p.truth {
			continue
		}
		if p.body == "" {
			t.Fatalf("%s: no article extracted", p.path)
		}
		if utf8.RuneCountInString(p.body) >= minRunes {
			bodies = append(bodies, p.body)
		}
	}
	return bodies
}

func TestFingerprintReprints(t *testing.T) {
	bodies := corpusBodies(t, 300)
	var editBits int
	for i, body := range bodies {
		fp := reprint.Fingerprint(body)
		// A reprint as another site serves it: its own source and editor
		// lines, other punctuation, spacing and paragraph breaks.
		text := strings.ReplaceAll(strings.ReplaceAll(body, "\n", ""), "，", ", ")
		reprinted := "（来源：新华网）\n原标题：某某\n" + text + "\n（责任编辑：某某）"
		if d := reprint.Distance(fp, reprint.Fingerprint(reprinted)); d > 3 {
			t.Errorf("page %d: reprint differs in %d bits, want <= 3", i, d)
		}
		// A reprint with one character corrected.
		runes := []rune(text)
		runes[len(runes)/2] = '改'
		editBits += reprint.Distance(fp, reprint.Fingerprint(string(runes)))
		for j, other := range bodies[:i] {
			if d := reprint.Distance(fp, reprint.Fingerprint(other)); d < 10 {
				t.Errorf("pages %d and %d: different stories differ in only %d bits", i, j, d)
			}
		}
	}
	if mean := float64(editBits) / float64(len(bodies)); mean > 3 {
		t.Errorf("one changed character: mean %.1f bits, want <= 3", mean)
	}
	if reprint.Fingerprint("") != 0 || reprint.Distance(0, ^uint64(0)) != 64 {
		t.Error("empty fingerprint or Distance is wrong")
	}
}

// variants are texts derived from one page that exercise every path of
// Fingerprint: the body, its reprint with provenance lines, the raw page
// (markup, scripts, undeclared GBK bytes), short prefixes.
func variants(p page) []string {
	out := []string{string(p.raw)}
	if p.body == "" {
		return out
	}
	out = append(out, p.body,
		"（来源：新华网）\n原标题：某某\n"+strings.ReplaceAll(p.body, "，", ", ")+"\n（责任编辑：某某）\n",
		"Source: Xinhua\n"+strings.ToUpper(p.body)+"\neditor : X")
	for _, n := range []int{1, 2, 3, 4, 7} {
		if r := []rune(p.body); len(r) >= n {
			out = append(out, string(r[:n]))
		}
	}
	return out
}

// TestFingerprintUnchanged checks the streaming Fingerprint against the
// implementation it replaced on every page under testdata (the page and
// the body extracted from it) and, when it is there, the shared corpus (the
// page and the body its truth file gives): the fingerprints stored in
// databases must not move.
func TestFingerprintUnchanged(t *testing.T) {
	dirs := []string{"../testdata", "../../shared/corpus"}
	if _, err := os.Stat(dirs[1]); err != nil || testing.Short() {
		t.Logf("shared corpus not read (-short, or %v): testdata only", err)
		dirs = dirs[:1]
	}
	texts := 0
	seen := map[[32]byte]bool{}
	for i, dir := range dirs {
		// The shared corpus's pages with the bodies their truth files give:
		// extracting them all again would cost minutes under -race.
		for _, p := range loadPages(t, dir, seen, i > 0) {
			for i, s := range variants(p) {
				if got, want := reprint.Fingerprint(s), oldFingerprint(s); got != want {
					t.Errorf("%s, variant %d: got %016x, want %016x", p.path, i, got, want)
				}
				texts++
			}
		}
	}
	for _, s := range edgeTexts() {
		if got, want := reprint.Fingerprint(s), oldFingerprint(s); got != want {
			t.Errorf("%q: got %016x, want %016x", s, got, want)
		}
		texts++
	}
	t.Logf("%d texts compared", texts)
}

func edgeTexts() []string {
	out := []string{"", "\n", "\n\n", "a", "ab", "abc", "AB", "，。", "a\nb", "来源：新华社", "来源:x\nabc",
		"  【 来源 ： 新华社 】", "编辑：" + strings.Repeat("长", 61), "编辑：" + strings.Repeat("长", 60), "\xff\xfeab\xc3",
		"Ⅻ ½ ｆｕｌｌ ＡＢＣ ㈠ ǅ İ K", "editor:\nsource :x", strings.Repeat("新质生产力", 300)}
	// Random text over the characters that matter: CJK, ASCII, full-width
	// forms, the provenance words, colons, newlines, invalid bytes.
	alphabet := []string{"新", "质", "生", "产", "力", "来源", "编辑", "原标题", "责编", "source", "editor", ":", "：", "\n", " ",
		"【", "(", "A", "z", "9", "，", "Ⅻ", "ｆ", "İ", "\xff", "𠀀", "ǅ"}
	rng := rand.New(rand.NewPCG(1, 2))
	for range 2000 {
		var b strings.Builder
		for range rng.IntN(400) {
			b.WriteString(alphabet[rng.IntN(len(alphabet))])
		}
		out = append(out, b.String())
	}
	return out
}

// TestFoldIsUnicode checks the fast character classes against package
// unicode over every code point, so a new Unicode version cannot make them
// disagree unnoticed.
func TestFoldIsUnicode(t *testing.T) {
	for r := rune(0); r <= unicode.MaxRune; r++ {
		s := string(r)
		if r >= 0xD800 && r <= 0xDFFF {
			continue // not a character; ranging over a string never yields one
		}
		got, want := reprint.Fingerprint(s+s+s), oldFingerprint(s+s+s)
		if got != want {
			t.Fatalf("U+%04X: got %016x, want %016x", r, got, want)
		}
	}
}

func FuzzFingerprint(f *testing.F) {
	for _, s := range edgeTexts()[:20] {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := reprint.Fingerprint(s), oldFingerprint(s); got != want {
			t.Errorf("%q: got %016x, want %016x", s, got, want)
		}
	})
}

func BenchmarkFingerprint(b *testing.B) {
	var bodies []string
	var size int64
	for _, p := range loadPages(b, "../testdata/corpus", map[[32]byte]bool{}, false) {
		if p.body != "" {
			bodies = append(bodies, p.body)
			size += int64(len(p.body))
		}
	}
	for _, bm := range []struct {
		name string
		fn   func(string) uint64
	}{{"old", oldFingerprint}, {"new", reprint.Fingerprint}} {
		b.Run(bm.name, func(b *testing.B) {
			b.SetBytes(size)
			b.ReportAllocs()
			for b.Loop() {
				for _, s := range bodies {
					bm.fn(s)
				}
			}
		})
	}
}

// oldFingerprint is Fingerprint as it was before it streamed, kept as the
// reference its output must equal.
func oldFingerprint(text string) uint64 {
	var runes []rune
	for _, line := range strings.Split(norm.NFKC.String(text), "\n") {
		if oldProvenanceLine.MatchString(line) {
			continue
		}
		for _, r := range line {
			if unicode.IsLetter(r) || unicode.IsDigit(r) {
				runes = append(runes, unicode.ToLower(r))
			}
		}
	}
	if len(runes) == 0 {
		return 0
	}
	var weights [64]int
	h := fnv.New64a()
	buf := make([]byte, 0, 3*4)
	for i := 0; i+3 <= len(runes) || i == 0; i++ {
		buf = buf[:0]
		for _, r := range runes[i:min(i+3, len(runes))] {
			buf = append(buf, string(r)...)
		}
		h.Reset()
		h.Write(buf)
		v := oldMix(h.Sum64())
		for b := range weights {
			if v&(1<<b) != 0 {
				weights[b]++
			} else {
				weights[b]--
			}
		}
	}
	var fp uint64
	for b, w := range weights {
		if w > 0 {
			fp |= 1 << b
		}
	}
	return fp
}

func oldMix(x uint64) uint64 {
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	x ^= x >> 31
	return x
}

var oldProvenanceLine = regexp.MustCompile(`^\s*[\[【(]?\s*(?:来源|稿件来源|原标题|责任编辑|责编|编辑|source|editor)\s*:.{0,60}$`)
