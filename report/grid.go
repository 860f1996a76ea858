package report

import (
	"io"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Grid is a finished report table: the same rows print for a terminal and
// write as CSV, so every report is also a CSV. Rows hold the CSV's values,
// machine-readable: numbers as plain numbers, fractions as fractions
// (0.25), no data as an empty cell. The table formats them by Kinds, for a
// person: 25.0%, +2.50, "-".
type Grid struct {
	Title string // one line: what is counted, where, which articles
	Head  []string
	Kinds []Kind // per column; missing ones are Plain
	Rows  [][]string
	Notes []string // printed under the table, not written to CSV
}

// Kind is how the table shows a column's values.
type Kind int

// Kinds of column.
const (
	Plain   Kind = iota // text, as written
	Count               // a whole number
	Percent             // a fraction, shown as a percentage: 0.25 → 25.0%
	Points              // a difference of fractions, in signed percentage points: 0.025 → +2.50
	Change              // a relative change as a fraction, shown signed: 0.5 → +50.0%
	Signed              // a difference, shown with its sign: 3 → +3
	Fixed2              // two decimals
)

// shown is a CSV value as the table prints it.
func (k Kind) shown(v string) string {
	if k == Plain {
		return v
	}
	if v == "" {
		return "-" // no data
	}
	f, err := strconv.ParseFloat(v, 64)
	if err != nil || k == Count {
		return v
	}
	switch k {
	case Percent:
		return percent(f)
	case Points:
		return signed(fixed2(100*f), f)
	case Change:
		return signed(percent(f), f)
	case Signed:
		return signed(v, f)
	case Fixed2:
		return fixed2(f)
	}
	return v
}

func signed(s string, f float64) string {
	if f > 0 && !strings.HasPrefix(s, "+") {
		return "+" + s
	}
	return s
}

// num writes a number for a CSV: as short as it can be, to six decimals.
func num(f float64) string {
	return strconv.FormatFloat(math.Round(f*1e6)/1e6, 'f', -1, 64)
}

// text is the grid as the table shows it.
func (g *Grid) text() [][]string {
	out := make([][]string, len(g.Rows))
	for i, r := range g.Rows {
		out[i] = make([]string, len(r))
		for j, v := range r {
			k := Plain
			if j < len(g.Kinds) {
				k = g.Kinds[j]
			}
			out[i][j] = k.shown(v)
		}
	}
	return out
}

// WriteText prints the grid with columns padded to their widths, a Chinese
// character counting as two.
func (g *Grid) WriteText(w io.Writer) error {
	rows := append([][]string{g.Head}, g.text()...)
	widths := make([]int, len(g.Head))
	for _, r := range rows {
		for i, c := range r {
			if i < len(widths) {
				widths[i] = max(widths[i], width(c))
			}
		}
	}
	var b strings.Builder
	b.WriteString(g.Title + "\n")
	for _, r := range rows {
		for i, c := range r {
			pad := strings.Repeat(" ", max(widths[i]-width(c), 0))
			switch {
			case i == len(r)-1:
				b.WriteString(c) // no trailing blanks
			case numeric(c):
				b.WriteString(pad + c + "  ")
			default:
				b.WriteString(c + pad + "  ")
			}
		}
		b.WriteString("\n")
	}
	if len(g.Rows) == 0 {
		b.WriteString("(nothing in the selected range)\n")
	}
	for _, n := range g.Notes {
		b.WriteString(n + "\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// WriteCSV writes the head and rows, cells neutralised against formulas.
func (g *Grid) WriteCSV(w io.Writer, encoding string) error {
	c, err := newCSVWriter(w, encoding)
	if err != nil {
		return err
	}
	if err := c.write(g.Head); err != nil {
		return err
	}
	for _, r := range g.Rows {
		if err := c.write(r); err != nil {
			return err
		}
	}
	return c.close()
}

// width approximates a string's terminal width: East Asian characters take
// two columns.
func width(s string) int {
	n := 0
	for _, r := range s {
		if r >= 0x1100 && (r <= 0x115F || r >= 0x2E80 && r <= 0xA4CF || r >= 0xAC00 && r <= 0xD7A3 ||
			r >= 0xF900 && r <= 0xFAFF || r >= 0xFE30 && r <= 0xFE4F || r >= 0xFF00 && r <= 0xFF60 || r >= 0x20000) {
			n += 2
			continue
		}
		n++
	}
	return n
}

func numeric(s string) bool {
	if s == "" || !utf8.ValidString(s) {
		return false
	}
	return strings.Trim(s, "+-.,%0123456789") == "" && strings.ContainsAny(s, "0123456789") || s == "-"
}
