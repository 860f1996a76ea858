package report

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"

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
// Excel writes and expects), every cell neutralised against formulas.
type csvWriter struct {
	cw  *csv.Writer
	enc io.WriteCloser // nil for UTF-8
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
	c.cw = csv.NewWriter(w)
	c.cw.UseCRLF = true
	return c, nil
}

func (c *csvWriter) write(rec []string) error {
	for i := range rec {
		rec[i] = SafeCell(rec[i])
	}
	if err := c.cw.Write(rec); err != nil {
		return fmt.Errorf("write csv: %w", err)
	}
	return nil
}

func (c *csvWriter) close() error {
	c.cw.Flush()
	if err := c.cw.Error(); err != nil {
		return fmt.Errorf("write csv: %w", err)
	}
	if c.enc != nil {
		if err := c.enc.Close(); err != nil {
			return fmt.Errorf("write csv: %w", err)
		}
	}
	return nil
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
	if err := c.write(append([]string(nil), CSVHeader...)); err != nil {
		return err
	}
	for _, x := range s.Cells {
		rec := []string{x.Period, x.Term, x.Source, strconv.Itoa(x.Mentions), strconv.Itoa(x.Articles),
			strconv.Itoa(x.Total), ratio(x.Share()), strconv.Itoa(x.Nested), strconv.Itoa(x.Chars), ratio(x.Per10k())}
		if err := c.write(rec); err != nil {
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
	if s == "" || !strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return s
	}
	if n := strings.TrimSuffix(s, "%"); strings.Trim(n, "+-.0123456789") == "" {
		if _, err := strconv.ParseFloat(n, 64); err == nil {
			return s
		}
	}
	return "'" + s
}
