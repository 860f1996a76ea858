package report

import (
	"bytes"
	"encoding/csv"
	"math/rand/v2"
	"strings"
	"testing"
)

// TestCSVWriterIsEncodingCSV: the CSV writer, which appends fields itself,
// writes the bytes encoding/csv writes (CRLF) for the same made-safe cells:
// fields that need quotes, quotes, line breaks, spaces Unicode counts
// (U+00A0, U+3000), every ASCII byte first, invalid UTF-8, and random mixes of them.
func TestCSVWriterIsEncodingCSV(t *testing.T) {
	recs := [][]string{
		{"", "plain", "新质生产力", "a,b", `say "hi"`, "two\nlines", "cr\rlf\r\n", `\.`, `\.x`},
		{" lead", "\tcmd", "\u00a0nbsp", "\u3000全角", "trail ", "\xff\xfe", "=1+1", "-2.5", "+", "@x", "\"", ","},
	}
	var ascii []string
	for c := range 128 {
		ascii = append(ascii, string(rune(c))+"x")
	}
	recs = append(recs, ascii)
	r := rand.New(rand.NewPCG(7, 7))
	const alphabet = "a,\"\r\n \t=-+@.\\é\u3000\xff"
	for range 500 {
		var rec []string
		for k := 1 + r.IntN(6); k > 0; k-- {
			var b strings.Builder
			for n := r.IntN(8); n > 0; n-- {
				b.WriteString(string([]rune(alphabet)[r.IntN(len([]rune(alphabet)))]))
			}
			rec = append(rec, b.String())
		}
		recs = append(recs, rec)
	}
	var got, want bytes.Buffer
	c, err := newCSVWriter(&got, UTF8)
	if err != nil {
		t.Fatal(err)
	}
	want.WriteString(bom)
	cw := csv.NewWriter(&want)
	cw.UseCRLF = true
	for _, rec := range recs {
		if err := c.write(rec); err != nil {
			t.Fatal(err)
		}
		safe := make([]string, len(rec))
		for i, s := range rec {
			safe[i] = SafeCell(s)
		}
		cw.Write(safe)
	}
	if err := c.close(); err != nil {
		t.Fatal(err)
	}
	cw.Flush()
	if !bytes.Equal(got.Bytes(), want.Bytes()) {
		g, w := strings.Split(got.String(), "\r\n"), strings.Split(want.String(), "\r\n")
		for i := range min(len(g), len(w)) {
			if g[i] != w[i] {
				t.Fatalf("line %d: got %q, want %q (encoding/csv)", i, g[i], w[i])
			}
		}
		t.Fatalf("got %d lines, want %d", len(g), len(w))
	}
}
