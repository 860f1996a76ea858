package extract

import (
	"strings"
	"testing"
)

func corpusBodies(t *testing.T, minRunes int) []string {
	t.Helper()
	var bodies []string
	for _, p := range loadCorpus(t) {
		a, err := extract(p.url(), p.raw, "", testNow)
		if err != nil {
			t.Fatal(err)
		}
		if len([]rune(a.Body)) >= minRunes {
			bodies = append(bodies, a.Body)
		}
	}
	return bodies
}

func TestFingerprintReprints(t *testing.T) {
	bodies := corpusBodies(t, 300)
	var editBits int
	for i, body := range bodies {
		fp := Fingerprint(body)
		// A reprint as another site serves it: its own source and editor
		// lines, other punctuation, spacing and paragraph breaks.
		text := strings.ReplaceAll(strings.ReplaceAll(body, "\n", ""), "，", ", ")
		reprint := "（来源：新华网）\n原标题：某某\n" + text + "\n（责任编辑：某某）"
		if d := Hamming(fp, Fingerprint(reprint)); d > 3 {
			t.Errorf("page %d: reprint differs in %d bits, want <= 3", i, d)
		}
		// A reprint with one character corrected.
		runes := []rune(text)
		runes[len(runes)/2] = '改'
		editBits += Hamming(fp, Fingerprint(string(runes)))
		for j, other := range bodies[:i] {
			if d := Hamming(fp, Fingerprint(other)); d < 10 {
				t.Errorf("pages %d and %d: different stories differ in only %d bits", i, j, d)
			}
		}
	}
	if mean := float64(editBits) / float64(len(bodies)); mean > 3 {
		t.Errorf("one changed character: mean %.1f bits, want <= 3", mean)
	}
	if Fingerprint("") != 0 || Hamming(0, ^uint64(0)) != 64 {
		t.Error("empty fingerprint or Hamming is wrong")
	}
}
