package report

import (
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

// Grid is a finished report table: the same rows print for a terminal and
// write as CSV, so every report is also a CSV.
type Grid struct {
	Title string // one line: what is counted, where, which articles
	Head  []string
	Rows  [][]string
	Notes []string // printed under the table, not written to CSV
}

// WriteText prints the grid with columns padded to their widths, a Chinese
// character counting as two.
func (g *Grid) WriteText(w io.Writer) error {
	widths := make([]int, len(g.Head))
	for _, r := range append([][]string{g.Head}, g.Rows...) {
		for i, c := range r {
			if i < len(widths) {
				widths[i] = max(widths[i], width(c))
			}
		}
	}
	var b strings.Builder
	b.WriteString(g.Title + "\n")
	for _, r := range append([][]string{g.Head}, g.Rows...) {
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
	if err := c.write(append([]string(nil), g.Head...)); err != nil {
		return err
	}
	for _, r := range g.Rows {
		if err := c.write(append([]string(nil), r...)); err != nil {
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

// pct formats a ratio as a percentage for a grid.
func pct(f float64) string { return fmt.Sprintf("%.1f%%", 100*f) }
