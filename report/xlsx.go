package report

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/tifa-project/tifa"
	"github.com/xuri/excelize/v2"
)

// About is the provenance an XLSX carries on its About sheet: what a client's
// "where does this number come from?" needs answered.
type About struct {
	Generated time.Time
	Lexicon   string // lexicon version of the configured terms
	Coverage  []tifa.Coverage
	Labels    Labels
	Measure   Measure // what the Trend sheet and its chart show
}

// Sheet names, fixed so formulas and readers can rely on them.
const (
	DataSheet  = "Data"
	TrendSheet = "Trend"
	AboutSheet = "About"
)

// maxSheetRows is Excel's limit; a longer Data sheet would be cut silently.
const maxSheetRows = 1048576

// WriteXLSX writes a workbook: Data (the long table, as the CSV), Trend (the
// measure per period and term, with a native line chart) and About.
func WriteXLSX(w io.Writer, s *Series, about About) error {
	if len(s.Cells)+1 > maxSheetRows {
		return fmt.Errorf("write xlsx: %d rows do not fit a sheet; narrow the range or count by week or month", len(s.Cells))
	}
	if about.Measure == "" {
		about.Measure = Share
	}
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", DataSheet); err != nil {
		return fmt.Errorf("write xlsx: %w", err)
	}
	for _, step := range []func(*excelize.File, *Series, About) error{writeData, writeTrend, writeAbout} {
		if err := step(f, s, about); err != nil {
			return fmt.Errorf("write xlsx: %w", err)
		}
	}
	if err := f.Write(w); err != nil {
		return fmt.Errorf("write xlsx: %w", err)
	}
	return nil
}

// Number formats, by excelize's built-in ids.
const (
	fmtInteger = 1  // 0
	fmtFixed2  = 2  // 0.00
	fmtPercent = 10 // 0.00%
)

// styles are the workbook's cell styles: a bold header, and the number
// formats a client expects (a share reads 25.00%, the cell holds 0.25).
type styles struct{ head, integer, fixed2, percent int }

func newStyles(f *excelize.File) (styles, error) {
	var st styles
	var err error
	if st.head, err = f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true},
		Border: []excelize.Border{{Type: "bottom", Color: "888888", Style: 1}}}); err != nil {
		return st, err
	}
	for _, x := range []struct {
		id  *int
		fmt int
	}{{&st.integer, fmtInteger}, {&st.fixed2, fmtFixed2}, {&st.percent, fmtPercent}} {
		if *x.id, err = f.NewStyle(&excelize.Style{NumFmt: x.fmt}); err != nil {
			return st, err
		}
	}
	return st, nil
}

// measureStyle is the number format of a measure's cells.
func (st styles) measure(m Measure) int {
	switch m {
	case Share:
		return st.percent
	case Per10k:
		return st.fixed2
	}
	return st.integer
}

// dataWidths are the Data sheet's column widths, in characters, in
// CSVHeader's order: wide enough for the header and a typical value.
var dataWidths = []float64{10, 30, 14, 10, 10, 15, 10, 16, 12, 14}

func writeData(f *excelize.File, s *Series, _ About) error {
	st, err := newStyles(f)
	if err != nil {
		return err
	}
	sw, err := f.NewStreamWriter(DataSheet)
	if err != nil {
		return err
	}
	// Widths, styles and panes go before the first row, as the stream
	// writer requires.
	for i, w := range dataWidths {
		if err := sw.SetColWidth(i+1, i+1, w); err != nil {
			return err
		}
	}
	for col, style := range map[int]int{4: st.integer, 5: st.integer, 6: st.integer, 7: st.percent, 8: st.integer, 9: st.integer, 10: st.fixed2} {
		if err := sw.SetColStyle(col, col, style); err != nil {
			return err
		}
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	head := make([]any, len(CSVHeader))
	for i, h := range CSVHeader {
		head[i] = excelize.Cell{StyleID: st.head, Value: h}
	}
	if err := sw.SetRow("A1", head); err != nil {
		return err
	}
	for i, c := range s.Cells {
		row := []any{c.Period, c.Term, c.Source, c.Mentions, c.Articles, c.Total,
			excelize.Cell{StyleID: st.percent, Value: c.Share()}, c.Nested, c.Chars, excelize.Cell{StyleID: st.fixed2, Value: c.Per10k()}}
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		if err := sw.SetRow(cell, row); err != nil {
			return err
		}
	}
	return sw.Flush()
}

// writeTrend lays out period × term and charts each term as a line; a period
// without stored articles is a blank cell, drawn as a gap, not a zero.
func writeTrend(f *excelize.File, s *Series, about About) error {
	if _, err := f.NewSheet(TrendSheet); err != nil {
		return err
	}
	if err := f.SetCellValue(TrendSheet, "A1", "period"); err != nil {
		return err
	}
	sums := s.ByTerm()
	for j, t := range s.Terms {
		cell, _ := excelize.CoordinatesToCellName(j+2, 1)
		if err := f.SetCellValue(TrendSheet, cell, about.Labels.label(t)); err != nil {
			return err
		}
		for i, p := range s.Periods {
			c, ok := sums[PeriodTerm{p, t}]
			if !ok {
				continue
			}
			cell, _ := excelize.CoordinatesToCellName(j+2, i+2)
			if err := f.SetCellValue(TrendSheet, cell, about.Measure.Of(c)); err != nil {
				return err
			}
		}
	}
	for i, p := range s.Periods {
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		if err := f.SetCellValue(TrendSheet, cell, p); err != nil {
			return err
		}
	}
	if err := formatTrend(f, s, about); err != nil {
		return err
	}
	if len(s.Terms) == 0 || len(s.Periods) == 0 {
		return nil
	}
	return f.AddChart(TrendSheet, chartAnchor(len(s.Terms)), trendChart(s, about))
}

// formatTrend gives the Trend sheet its number format, a bold frozen
// header row and period column, and widths for Chinese labels.
func formatTrend(f *excelize.File, s *Series, about About) error {
	st, err := newStyles(f)
	if err != nil {
		return err
	}
	lastCol, _ := excelize.ColumnNumberToName(len(s.Terms) + 1)
	if len(s.Periods) > 0 && len(s.Terms) > 0 {
		if err := f.SetCellStyle(TrendSheet, "B2", lastCol+fmt.Sprint(len(s.Periods)+1), st.measure(about.Measure)); err != nil {
			return err
		}
	}
	if err := f.SetCellStyle(TrendSheet, "A1", lastCol+"1", st.head); err != nil {
		return err
	}
	if err := f.SetColWidth(TrendSheet, "A", "A", 10); err != nil {
		return err
	}
	for j, t := range s.Terms {
		col, _ := excelize.ColumnNumberToName(j + 2)
		// A Chinese character is about two columns wide.
		w := max(12, 2*float64(len([]rune(about.Labels.label(t))))+2)
		if err := f.SetColWidth(TrendSheet, col, col, min(w, 40)); err != nil {
			return err
		}
	}
	return f.SetPanes(TrendSheet, &excelize.Panes{Freeze: true, XSplit: 1, YSplit: 1, TopLeftCell: "B2", ActivePane: "bottomRight"})
}

func trendChart(s *Series, about About) *excelize.Chart {
	n := len(s.Periods) + 1
	var series []excelize.ChartSeries
	for j := range s.Terms {
		col, _ := excelize.ColumnNumberToName(j + 2)
		series = append(series, excelize.ChartSeries{
			Name:       fmt.Sprintf("%s!$%s$1", TrendSheet, col),
			Categories: fmt.Sprintf("%s!$A$2:$A$%d", TrendSheet, n),
			Values:     fmt.Sprintf("%s!$%s$2:$%s$%d", TrendSheet, col, col, n),
			Line:       excelize.LineOptions{Width: 2},
		})
	}
	names := make([]string, len(s.Terms))
	for i, t := range s.Terms {
		names[i] = about.Labels.label(t)
	}
	title := termNames(names) + ": " + measureLine(s, about.Measure)
	return &excelize.Chart{
		Type:         excelize.Line,
		Series:       series,
		Title:        excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: title}}},
		Legend:       excelize.ChartLegend{Position: "bottom"},
		Dimension:    excelize.ChartDimension{Width: 800, Height: 420},
		ShowBlanksAs: "gap",
		YAxis:        excelize.ChartAxis{MajorGridLines: true},
	}
}

// chartAnchor puts the chart two columns right of the table.
func chartAnchor(terms int) string {
	cell, _ := excelize.CoordinatesToCellName(terms+3, 2)
	return cell
}

func writeAbout(f *excelize.File, s *Series, about About) error {
	if _, err := f.NewSheet(AboutSheet); err != nil {
		return err
	}
	q := s.Query
	rows := [][]any{
		{"tifa export", "mentions of policy formulations (提法) in stored state-media articles"},
		{"generated", about.Generated.UTC().Format(time.RFC3339)},
		{"lexicon version", about.Lexicon},
		{"articles counted", q.Counting()},
		{"period", q.By + " (publish date, China time, UTC+08:00)"},
		{"from", orOpen(q.From)},
		{"to", orOpen(q.To)},
		{"Trend sheet shows", about.Measure.Title()},
		{"no data", "a blank cell (Trend) or a missing row (Data) is a period with no stored articles, not zero"},
		{},
		{"term", "label"},
	}
	for _, t := range s.Terms {
		rows = append(rows, []any{t, about.Labels[t]})
	}
	rows = append(rows, []any{}, []any{"source", "first day stored", "last day stored", "days with articles", "articles stored"})
	for _, c := range about.Coverage {
		rows = append(rows, []any{c.Source, c.First, c.Last, c.Days, c.Articles})
	}
	rows = append(rows, []any{}, []any{"Data column", "meaning"})
	for _, d := range columnDocs {
		rows = append(rows, []any{d[0], d[1]})
	}
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow(AboutSheet, cell, &r); err != nil {
			return err
		}
	}
	if err := f.SetColWidth(AboutSheet, "A", "A", 22); err != nil {
		return err
	}
	return f.SetColWidth(AboutSheet, "B", "E", 18)
}

// columnDocs explains CSVHeader, in its order.
var columnDocs = [][2]string{
	{"period", "day YYYY-MM-DD, ISO week YYYY-Www or month YYYY-MM, China time"},
	{"term", "term id (labels on this sheet)"},
	{"source", "source id"},
	{"mentions", "occurrences in title and body"},
	{"articles", "articles mentioning the term"},
	{"total_articles", "articles stored for the source in the period"},
	{"share", "articles / total_articles, a fraction (0.25) formatted as a percentage"},
	{"nested_mentions", "of mentions, those inside a longer term"},
	{"total_chars", "characters in the bodies of the articles stored"},
	{"per_10k_chars", "mentions per 10,000 characters stored"},
}

func orOpen(day string) string {
	if day == "" {
		return "(open)"
	}
	return day
}

// label is a term's label, or its id when it has none.
func (l Labels) label(term string) string {
	if lb := strings.TrimSpace(l[term]); lb != "" {
		return lb
	}
	return term
}
