package tagger

import (
	_ "embed"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

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
// converter (OpenCC's) could not promise.
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
	// A compatibility ideograph folds by NFKC to a unified one, which may
	// itself be traditional: go on to the simplified character.
	for r := range f.bmp {
		if t := f.bmp[r]; t != 0 && f.bmp[t] != 0 {
			f.bmp[r] = f.bmp[t]
		}
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

// tsCharacters is OpenCC's traditional→simplified character table
// (dictionary/TSCharacters.txt of github.com/longbridgeapp/opencc v0.3.13,
// Apache-2.0; see opencc/README.md). It is embedded rather than imported:
// that package registers a global -dir flag on flag.CommandLine at init,
// which every tifa binary would inherit.
//
//go:embed opencc/TSCharacters.txt
var tsCharacters string

// addSimplified folds traditional Han to simplified: each line is a
// traditional character, a tab, and its simplified candidates, the usual
// one first. Traditional→simplified is nearly always many-to-one, so
// per-character folding is safe; the lexicon's own forms go through the
// same fold, so both sides agree even where it is not. Targets outside the
// BMP (a handful of rare characters) are left unfolded.
func (f *folder) addSimplified() error {
	for n, line := range strings.Split(tsCharacters, "\n") {
		if line == "" {
			continue
		}
		trad, simp, ok := strings.Cut(line, "\t")
		simp, _, _ = strings.Cut(simp, " ")
		r, rn := utf8.DecodeRuneInString(trad)
		t, tn := utf8.DecodeRuneInString(simp)
		if !ok || rn != len(trad) || tn != len(simp) || r == utf8.RuneError || t == utf8.RuneError {
			return fmt.Errorf("TSCharacters.txt line %d: malformed %q", n+1, line)
		}
		if r < 0x10000 && t < 0x10000 && t != r {
			f.bmp[r] = uint16(t)
		}
	}
	return nil
}
