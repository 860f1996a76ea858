package tagger

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/longbridgeapp/opencc"
	"golang.org/x/text/unicode/norm"
)

// Special values in the fold table. Real targets are never 0 (identity is
// stored as 0) and never these two, which are noncharacters.
const (
	foldDelete = 0xFFFE // drop the rune: zero-width marks, soft hyphens
	foldSpace  = 0xFFFF // whitespace: collapsed, or dropped between Han
)

// folder maps text into the form the scanner sees: traditional characters
// folded to simplified, full-width letters and digits to ASCII, ASCII
// lower-cased, hyphens to spaces. It works rune by rune so that every
// folded position maps back into the original text, which a phrase-level
// converter (opencc's Convert) could not promise.
type folder struct {
	bmp [0x10000]uint16 // rune → folded rune, 0 for unchanged
}

// newFolder builds the table. keep lists ASCII symbols that appear in the
// lexicon's forms (the + of AI+): their full-width twins fold to ASCII too.
// Other full-width punctuation (，！？) stays as it is, because folding it
// would shift offsets at every comma for no gain in matching.
func newFolder(keep string) (*folder, error) {
	f := &folder{}
	for r := rune(0x80); r < 0x10000; r++ {
		if t := nfkcRune(r); t != r && t >= 0 && (unicode.IsLetter(t) || unicode.IsDigit(t) || strings.ContainsRune(keep, t)) {
			f.bmp[r] = uint16(t)
		}
	}
	if err := f.addSimplified(); err != nil {
		return nil, err
	}
	for r := rune(0); r < 0x10000; r++ {
		t := f.target(r)
		switch {
		case r == '\u200b' || r == '\u200c' || r == '\u200d' || r == '\ufeff' || r == '\u00ad':
			f.bmp[r] = foldDelete
		case unicode.IsSpace(r) || unicode.IsSpace(t):
			f.bmp[r] = foldSpace
		case t == '-' || r == '\uff0d' || r == '\u2010' || r == '\u2011' || r == '\u2012' || r == '\u2013':
			// "high-quality" and "high quality" are one alias.
			f.bmp[r] = ' '
		case t >= 'A' && t <= 'Z':
			f.bmp[r] = uint16(t + 'a' - 'A')
		}
	}
	return f, nil
}

// nfkcRune is NFKC of a single rune, or -1 when that is not one rune.
func nfkcRune(r rune) rune {
	s := norm.NFKC.String(string(r))
	t, n := utf8.DecodeRuneInString(s)
	if n != len(s) {
		return -1
	}
	return t
}

// target is what r currently folds to.
func (f *folder) target(r rune) rune {
	if r < 0x10000 && f.bmp[r] != 0 {
		return rune(f.bmp[r])
	}
	return r
}

// addSimplified folds traditional Han to simplified with opencc's t2s
// character table, one character at a time (newline-separated so that no
// phrase rule applies). Traditional→simplified is nearly always
// many-to-one, so per-character folding is safe; the lexicon's own forms
// go through the same fold, so both sides agree even where it is not.
func (f *folder) addSimplified() error {
	cc, err := opencc.New("t2s")
	if err != nil {
		return fmt.Errorf("load opencc t2s: %w", err)
	}
	var b strings.Builder
	var rs []rune
	for _, rg := range [][2]rune{{0x3400, 0x4DBF}, {0x4E00, 0x9FFF}, {0xF900, 0xFAFF}} {
		for r := rg[0]; r <= rg[1]; r++ {
			rs = append(rs, r)
			b.WriteRune(f.target(r))
			b.WriteByte('\n')
		}
	}
	out, err := cc.Convert(b.String())
	if err != nil {
		return fmt.Errorf("convert to simplified: %w", err)
	}
	lines := strings.Split(out, "\n")
	if len(lines) < len(rs) {
		return fmt.Errorf("convert to simplified: got %d characters, want %d", len(lines), len(rs))
	}
	for i, r := range rs {
		t, n := utf8.DecodeRuneInString(lines[i])
		if n == len(lines[i]) && t != r && t < 0x10000 && t != utf8.RuneError {
			f.bmp[r] = uint16(t)
		}
	}
	return nil
}
