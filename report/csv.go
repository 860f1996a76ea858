package report

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
)

// CSVHeader is the fixed column order of the long CSV.
var CSVHeader = []string{"period", "term", "source", "mentions", "articles", "total_articles", "share", "nested_mentions"}

// bom makes Excel read the file as UTF-8; without it Chinese turns to mojibake.
const bom = "\uFEFF"

// WriteCSV writes one row per (period, term, source) where the source stored
// articles in the period, UTF-8 with a byte order mark.
func WriteCSV(w io.Writer, s *Series) error {
	if _, err := io.WriteString(w, bom); err != nil {
		return fmt.Errorf("write csv: %w", err)
	}
	cw := csv.NewWriter(w)
	cw.UseCRLF = true // what Excel writes and expects
	if err := cw.Write(CSVHeader); err != nil {
		return fmt.Errorf("write csv: %w", err)
	}
	for _, c := range s.Cells {
		rec := []string{c.Period, safeCell(c.Term), safeCell(c.Source), strconv.Itoa(c.Mentions),
			strconv.Itoa(c.Articles), strconv.Itoa(c.Total), strconv.FormatFloat(c.Share(), 'f', 4, 64), strconv.Itoa(c.Nested)}
		if err := cw.Write(rec); err != nil {
			return fmt.Errorf("write csv: %w", err)
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("write csv: %w", err)
	}
	return nil
}

// safeCell keeps a spreadsheet from reading a cell as a formula.
func safeCell(s string) string {
	if s != "" && (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' || s[0] == '\t' || s[0] == '\r') {
		return "'" + s
	}
	return s
}
