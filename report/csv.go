package report

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/transform"
)

// CSVHeader is the fixed column order of the long CSV. New columns are only
// ever added at the end, so a spreadsheet built on the file keeps working.
var CSVHeader = []string{"period", "term", "source", "mentions", "articles", "total_articles", "share",
	"nested_mentions", "total_chars", "per_10k_chars"}

// Encodings a CSV can be written in.
const (
	UTF8    = "utf-8"   // with a byte order mark, so Excel reads it as UTF-8
	GB18030 = "gb18030" // what Excel on Chinese Windows assumes without a BOM
)

// bom makes Excel read the file as UTF-8; without it Chinese turns to mojibake.
const bom = "\uFEFF"

// csvWriter writes records in the chosen encoding, CRLF line ends (what
// Excel writes and expects), every text cell neutralised against formulas.
// It quotes exactly as encoding/csv does (TestCSVWriterIsEncodingCSV), but
// appends numbers straight into one reused line: a year's long CSV is
// 70,000 rows, and a string per number and a slice per row were most of
// its cost.
type csvWriter struct {
	w     *bufio.Writer
	enc   io.WriteCloser // nil for UTF-8
	line  []byte
	cells int // in line
}

func newCSVWriter(w io.Writer, encoding string) (*csvWriter, error) {
	c := &csvWriter{}
	switch encoding {
	case "", UTF8:
		if _, err := io.WriteString(w, bom); err != nil {
			return nil, fmt.Errorf("write csv: %w", err)
		}
	case GB18030:
		c.enc = transform.NewWriter(w, simplifiedchinese.GB18030.NewEncoder())
		w = c.enc
	default:
		return nil, fmt.Errorf("csv encoding %q: use %s or %s", encoding, UTF8, GB18030)
	}
	c.w = bufio.NewWriter(w)
	return c, nil
}

// write writes a record of text cells.
func (c *csvWriter) write(rec []string) error {
	for _, s := range rec {
		c.text(s)
	}
	return c.end()
}

// text adds a text cell, made safe (SafeCell) and quoted where needed.
func (c *csvWriter) text(s string) {
	c.sep()
	c.line = appendField(c.line, SafeCell(s))
}

// int adds a count: digits and a sign, which SafeCell leaves and no reader
// needs quoted.
func (c *csvWriter) int(n int) {
	c.sep()
	c.line = strconv.AppendInt(c.line, int64(n), 10)
}

// ratio adds a ratio with four decimals, as ratio writes it.
func (c *csvWriter) ratio(f float64) {
	c.sep()
	c.line = strconv.AppendFloat(c.line, f, 'f', 4, 64)
}

func (c *csvWriter) sep() {
	if c.cells > 0 {
		c.line = append(c.line, ',')
	}
	c.cells++
}

// end writes the record's line.
func (c *csvWriter) end() error {
	c.line = append(c.line, '\r', '\n')
	_, err := c.w.Write(c.line)
	c.line, c.cells = c.line[:0], 0
	if err != nil {
		return fmt.Errorf("write csv: %w", err)
	}
	return nil
}

func (c *csvWriter) close() error {
	if err := c.w.Flush(); err != nil {
		return fmt.Errorf("write csv: %w", err)
	}
	if c.enc != nil {
		if err := c.enc.Close(); err != nil {
			return fmt.Errorf("write csv: %w", err)
		}
	}
	return nil
}

// appendField appends s as encoding/csv's Writer writes a field with a
// comma and CRLF line ends: quoted when it holds a comma, quote, CR or LF,
// begins with a space, or is \. ; inside quotes a quote is doubled, a
// line feed becomes CRLF and a carriage return is dropped.
func appendField(b []byte, s string) []byte {
	if !needsQuotes(s) {
		return append(b, s...)
	}
	b = append(b, '"')
	for i := 0; i < len(s); i++ {
		switch ch := s[i]; ch {
		case '"':
			b = append(b, '"', '"')
		case '\r':
		case '\n':
			b = append(b, '\r', '\n')
		default:
			b = append(b, ch)
		}
	}
	return append(b, '"')
}

func needsQuotes(s string) bool {
	if s == "" {
		return false
	}
	if s == `\.` {
		return true
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; c == ',' || c == '"' || c == '\r' || c == '\n' {
			return true
		}
	}
	if s[0] < utf8.RuneSelf {
		return asciiSpace(s[0])
	}
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsSpace(r)
}

// asciiSpace is unicode.IsSpace for an ASCII byte.
func asciiSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r'
}

// WriteCSV writes the long CSV in UTF-8 with a BOM; see WriteCSVEncoded.
func WriteCSV(w io.Writer, s *Series) error { return WriteCSVEncoded(w, s, UTF8) }

// WriteCSVEncoded writes one row per (period, term, source) where the source
// stored articles in the period, in the columns of CSVHeader. A period
// without a row is no data, not zero.
func WriteCSVEncoded(w io.Writer, s *Series, encoding string) error {
	c, err := newCSVWriter(w, encoding)
	if err != nil {
		return err
	}
	if err := c.write(CSVHeader); err != nil {
		return err
	}
	for _, x := range s.Cells {
		c.text(x.Period)
		c.text(x.Term)
		c.text(x.Source)
		c.int(x.Mentions)
		c.int(x.Articles)
		c.int(x.Total)
		c.ratio(x.Share())
		c.int(x.Nested)
		c.int(x.Chars)
		c.ratio(x.Per10k())
		if err := c.end(); err != nil {
			return err
		}
	}
	return c.close()
}

// WriteWideCSV writes one row per period and one column per term (after
// "period", in the series' term order), each cell the measure summed over
// the selected sources; an empty cell is a period without stored articles.
func WriteWideCSV(w io.Writer, s *Series, m Measure, labels Labels, encoding string) error {
	c, err := newCSVWriter(w, encoding)
	if err != nil {
		return err
	}
	head := []string{"period"}
	for _, t := range s.Terms {
		head = append(head, labels.name(t))
	}
	if err := c.write(head); err != nil {
		return err
	}
	sums := s.ByTerm()
	for _, p := range s.Periods {
		rec := []string{p}
		for _, t := range s.Terms {
			x, ok := sums[PeriodTerm{p, t}]
			if !ok {
				rec = append(rec, "")
				continue
			}
			rec = append(rec, m.Format(x))
		}
		if err := c.write(rec); err != nil {
			return err
		}
	}
	return c.close()
}

func ratio(f float64) string { return strconv.FormatFloat(f, 'f', 4, 64) }

// SafeCell keeps a spreadsheet from reading a cell as a formula (CSV
// injection): a cell beginning with = + - @, a tab or a carriage return gets
// a leading apostrophe. A plain number ("-2.5", a fall in a comparison) is
// left alone: it cannot run anything and must stay a number.
func SafeCell(s string) string {
	if s == "" {
		return s
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r':
	default:
		return s
	}
	if n := strings.TrimSuffix(s, "%"); strings.Trim(n, "+-.0123456789") == "" {
		if _, err := strconv.ParseFloat(n, 64); err == nil {
			return s
		}
	}
	return "'" + s
}
