package report

import (
	"archive/zip"
	"bytes"
	"context"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/tifa-project/tifa"
	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"
)

func TestSafeCell(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"=SUM(A1)", "'=SUM(A1)"},
		{"+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"},
		{"-cmd", "'-cmd"},
		{"@SUM(1)", "'@SUM(1)"},
		{"\tx", "'\tx"},
		{"\rx", "'\rx"},
		{"-2.50", "-2.50"},   // a fall in a comparison stays a number
		{"-33.3%", "-33.3%"}, // and so does a percentage
		{"+1", "+1"},
		{"-1+2", "'-1+2"}, // an expression is not a number
		{"新质生产力", "新质生产力"},
		{"", ""},
	} {
		if got := SafeCell(tt.in); got != tt.want {
			t.Errorf("SafeCell(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestCSVInjection: every cell of every CSV shape goes through SafeCell.
func TestCSVInjection(t *testing.T) {
	g := &Grid{Head: []string{"=h", "b"}, Rows: [][]string{{"=1+1", "@x"}, {"-3", "\tcmd"}}}
	var b bytes.Buffer
	if err := g.WriteCSV(&b, UTF8); err != nil {
		t.Fatal(err)
	}
	want := bom + "'=h,b\r\n'=1+1,'@x\r\n-3,'\tcmd\r\n"
	if b.String() != want {
		t.Errorf("got %q, want %q", b.String(), want)
	}
	s := &Series{Query: Query{By: Month}, Periods: []string{"2024-05"}, Terms: []string{"=cmd"},
		Cells: []Cell{{Period: "2024-05", Term: "=cmd", Source: "@src", Mentions: 1, Articles: 1, Total: 2, Chars: 100}}}
	for name, write := range map[string]func(io.Writer) error{
		"long": func(w io.Writer) error { return WriteCSV(w, s) },
		"wide": func(w io.Writer) error { return WriteWideCSV(w, s, Share, Labels{"=cmd": "x"}, UTF8) },
	} {
		b.Reset()
		if err := write(&b); err != nil {
			t.Fatal(err)
		}
		for _, bad := range []string{",=cmd", ",@src", "\n=cmd"} {
			if strings.Contains(b.String(), bad) {
				t.Errorf("%s CSV has a live formula %q:\n%s", name, bad, b.String())
			}
		}
	}
}

// TestGB18030RoundTrip: the gb18030 CSV decodes back to the UTF-8 one, has
// no BOM, and is not UTF-8 (old Excel would show the UTF-8 bytes as mojibake).
func TestGB18030RoundTrip(t *testing.T) {
	db := richFixture(t)
	s, err := Build(context.Background(), db, Query{By: Month})
	if err != nil {
		t.Fatal(err)
	}
	for _, shape := range []string{"long", "wide", "grid"} {
		var utf, gb bytes.Buffer
		write := func(w io.Writer, enc string) error {
			switch shape {
			case "long":
				return WriteCSVEncoded(w, s, enc)
			case "wide":
				return WriteWideCSV(w, s, Mentions, richLabels, enc)
			}
			snips, err := Snippets(context.Background(), db, Query{}, "nqpf", 0)
			if err != nil {
				return err
			}
			return SnippetGrid(Query{}, "nqpf", snips).WriteCSV(w, enc)
		}
		if err := write(&utf, UTF8); err != nil {
			t.Fatal(err)
		}
		if err := write(&gb, GB18030); err != nil {
			t.Fatal(err)
		}
		back, err := simplifiedchinese.GB18030.NewDecoder().Bytes(gb.Bytes())
		if err != nil {
			t.Fatal(err)
		}
		if want := strings.TrimPrefix(utf.String(), bom); string(back) != want {
			t.Errorf("%s: gb18030 decodes to\n%s\nwant\n%s", shape, back, want)
		}
		if shape != "long" && (!strings.Contains(utf.String(), "新质生产力") || bytes.Contains(gb.Bytes(), []byte("新质生产力"))) {
			t.Errorf("%s: want Chinese in the UTF-8 file and GB18030 bytes, not UTF-8, in the other", shape)
		}
	}
	if err := WriteCSVEncoded(io.Discard, s, "latin1"); err == nil {
		t.Error("encoding latin1: want an error")
	}
}

func TestXLSX(t *testing.T) {
	db := richFixture(t)
	ctx := context.Background()
	s, err := Build(ctx, db, Query{By: Month, Filter: tifa.Filter{From: "2024-03-01", To: "2024-07-31"}})
	if err != nil {
		t.Fatal(err)
	}
	cov, err := db.Coverage(ctx, tifa.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	about := About{Generated: time.Date(2024, 8, 1, 2, 0, 0, 0, time.UTC), Lexicon: "lex123", Coverage: cov, Labels: richLabels, Measure: Share}
	var b bytes.Buffer
	if err := WriteXLSX(&b, s, about); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(b.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got := strings.Join(f.GetSheetList(), ","); got != "Data,Trend,About" {
		t.Errorf("sheets %s, want Data,Trend,About", got)
	}
	for _, c := range []struct{ sheet, cell, want string }{
		{DataSheet, "A1", "period"},
		{DataSheet, "J1", "per_10k_chars"},
		{DataSheet, "A2", "2024-04"},
		{DataSheet, "B2", "nqpf"},
		{DataSheet, "D2", "2"}, // mentions, a number
		{TrendSheet, "A1", "period"},
		{TrendSheet, "B1", "新质生产力"},
		{TrendSheet, "A2", "2024-03"},
		{TrendSheet, "B2", ""}, // March: no articles, a blank, not 0
		{TrendSheet, "B3", "100.00%"},
		{TrendSheet, "B4", "33.33%"},
		{AboutSheet, "B2", "2024-08-01T02:00:00Z"},
		{AboutSheet, "B3", "lex123"},
		{AboutSheet, "B4", "counting all articles, reprints included"},
	} {
		got, err := f.GetCellValue(c.sheet, c.cell)
		if err != nil || got != c.want {
			t.Errorf("%s!%s = %q, %v; want %q", c.sheet, c.cell, got, err, c.want)
		}
	}
	if typ, _ := f.GetCellType(DataSheet, "D2"); typ == excelize.CellTypeSharedString || typ == excelize.CellTypeInlineString {
		t.Errorf("Data!D2 is text; want a number")
	}
	// Fit for a client: shares are numbers formatted as percentages, the
	// header rows stay in view, columns are wide enough to read.
	for _, c := range []struct {
		sheet, cell string
		numFmt      int
	}{{DataSheet, "G2", 10}, {DataSheet, "J2", 2}, {TrendSheet, "B3", 10}} {
		id, err := f.GetCellStyle(c.sheet, c.cell)
		if err != nil {
			t.Fatal(err)
		}
		st, err := f.GetStyle(id)
		if err != nil || st.NumFmt != c.numFmt {
			t.Errorf("%s!%s number format %v (%v), want %d", c.sheet, c.cell, st, err, c.numFmt)
		}
		if typ, _ := f.GetCellType(c.sheet, c.cell); typ == excelize.CellTypeSharedString || typ == excelize.CellTypeInlineString {
			t.Errorf("%s!%s is text; want a number", c.sheet, c.cell)
		}
	}
	if raw, _ := f.GetCellValue(DataSheet, "G2", excelize.Options{RawCellValue: true}); raw != "1" {
		t.Errorf("Data!G2 holds %q, want the fraction 1", raw)
	}
	for _, sheet := range []string{DataSheet, TrendSheet} {
		if p, err := f.GetPanes(sheet); err != nil || !p.Freeze || p.YSplit != 1 {
			t.Errorf("%s panes %+v (%v): want the header row frozen", sheet, p, err)
		}
	}
	if w, _ := f.GetColWidth(DataSheet, "B"); w < 20 {
		t.Errorf("Data column B (term) is %v wide, want room for a term id", w)
	}
	if w, _ := f.GetColWidth(DataSheet, "F"); w < float64(len("total_articles")) {
		t.Errorf("Data column F is %v wide, narrower than its header total_articles", w)
	}
	rows, _ := f.GetRows(AboutSheet)
	var about2 strings.Builder
	for _, r := range rows {
		about2.WriteString(strings.Join(r, "|") + "\n")
	}
	for _, w := range []string{"people|2024-04-16|2024-05-03|2|2", "xinhua|2023-05-10|2024-07-01|5|5", "nqpf|新质生产力"} {
		if !strings.Contains(about2.String(), w) {
			t.Errorf("About sheet lacks %q:\n%s", w, about2.String())
		}
	}
	// The chart: a drawing on the Trend sheet holding a native line chart
	// over the Trend columns.
	z, err := zip.NewReader(bytes.NewReader(b.Bytes()), int64(b.Len()))
	if err != nil {
		t.Fatal(err)
	}
	files := map[string]string{}
	for _, zf := range z.File {
		r, _ := zf.Open()
		data, _ := io.ReadAll(r)
		r.Close()
		files[zf.Name] = string(data)
	}
	chart := files["xl/charts/chart1.xml"]
	if !strings.Contains(chart, "<lineChart>") || !strings.Contains(chart, "Trend!$B$2:$B$6") || strings.Count(chart, "<ser>") != 3 {
		t.Errorf("xl/charts/chart1.xml: want a line chart with 3 series over Trend!$B$2:$B$6; got %.400s", chart)
	}
	if !strings.Contains(files["xl/worksheets/_rels/sheet2.xml.rels"], "drawing") {
		t.Errorf("the Trend sheet (sheet2) has no drawing")
	}
}

func near(v uint32, c uint8) bool {
	d := int(v>>8) - int(c)
	return d > -24 && d < 24
}
