package report

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/tifa-project/tifa/store"
)

// About is the provenance an XLSX carries on its About sheet: what a client's
// "where does this number come from?" needs answered.
type About struct {
	Generated time.Time
	Lexicon   string // lexicon version of the configured terms
	Coverage  []store.Coverage
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
		return fmt.Errorf("write xlsx: %d rows do not fit a sheet; narrow the range or use --by week or month", len(s.Cells))
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

func writeData(f *excelize.File, s *Series, _ About) error {
	sw, err := f.NewStreamWriter(DataSheet)
	if err != nil {
		return err
	}
	head := make([]any, len(CSVHeader))
	for i, h := range CSVHeader {
		head[i] = h
	}
	if err := sw.SetRow("A1", head); err != nil {
		return err
	}
	for i, c := range s.Cells {
		row := []any{c.Period, c.Term, c.Source, c.Mentions, c.Articles, c.Total, c.Share(), c.Nested, c.Chars, c.Per10k()}
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
	if about.Measure == Share {
		style, err := f.NewStyle(&excelize.Style{NumFmt: 10}) // 0.00%
		if err != nil {
			return err
		}
		last, _ := excelize.CoordinatesToCellName(len(s.Terms)+1, len(s.Periods)+1)
		if err := f.SetCellStyle(TrendSheet, "B2", last, style); err != nil {
			return err
		}
	}
	if len(s.Terms) == 0 || len(s.Periods) == 0 {
		return nil
	}
	return f.AddChart(TrendSheet, chartAnchor(len(s.Terms)), trendChart(s, about))
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
	title := fmt.Sprintf("%s by %s", upperFirst(about.Measure.Title()), s.Query.By)
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
	return f.SetColWidth(AboutSheet, "A", "A", 22)
}

// columnDocs explains CSVHeader, in its order.
var columnDocs = [][2]string{
	{"period", "day YYYY-MM-DD, ISO week YYYY-Www or month YYYY-MM, China time"},
	{"term", "term id (labels on this sheet)"},
	{"source", "source id"},
	{"mentions", "occurrences in title and body"},
	{"articles", "articles mentioning the term"},
	{"total_articles", "articles stored for the source in the period"},
	{"share", "articles / total_articles"},
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
