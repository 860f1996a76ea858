package report

import (
	"bytes"
	"context"
	"fmt"
	"image/color"
	"image/png"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode"

	"github.com/tifa-project/tifa"
	"github.com/tifa-project/tifa/calendar"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/recorder"
)

// drawn is what a chart put on the canvas: its strings, markers and lines.
type drawn struct {
	texts   []drawnText
	markers []drawnMark
	lines   []drawnLine
}

type drawnText struct {
	s, font string
	size    vg.Length
	at      vg.Point
}

type drawnMark struct {
	col color.RGBA
	at  vg.Point
}

type drawnLine struct {
	col color.RGBA
	pts []vg.Point
}

// record draws the chart on gonum's recorder at the PNG's default size
// (1600×900 px at 192 dpi) and sorts out what it drew.
func record(t *testing.T, s *Series, c Chart) (drawn, Layout) {
	t.Helper()
	rec := &recorder.Canvas{}
	l, err := c.Draw(draw.NewCanvas(rec, 600, 337.5), s)
	if err != nil {
		t.Fatal(err)
	}
	var d drawn
	var col color.RGBA
	for _, a := range rec.Actions {
		switch a := a.(type) {
		case *recorder.SetColor:
			if a.Color != nil {
				col = color.RGBAModel.Convert(a.Color).(color.RGBA)
			}
		case *recorder.FillString:
			d.texts = append(d.texts, drawnText{a.String, string(a.Font.Typeface), a.Size, a.Point})
		case *recorder.Fill:
			if len(a.Path) > 1 && a.Path[1].Type == vg.ArcComp && col != (color.RGBA{0, 0, 0, 255}) {
				d.markers = append(d.markers, drawnMark{col, a.Path[1].Pos})
			}
		case *recorder.Stroke:
			var pts []vg.Point
			for _, c := range a.Path {
				if c.Type == vg.MoveComp || c.Type == vg.LineComp {
					pts = append(pts, c.Pos)
				}
			}
			d.lines = append(d.lines, drawnLine{col, pts})
		}
	}
	return d, l
}

func (d drawn) text(s string, size vg.Length) (drawnText, bool) {
	for _, x := range d.texts {
		if x.s == s && x.size == size {
			return x, true
		}
	}
	return drawnText{}, false
}

func (d drawn) marks(col color.RGBA) []drawnMark {
	var out []drawnMark
	for _, m := range d.markers {
		if m.col == col {
			out = append(out, m)
		}
	}
	return out
}

func hasHan(s string) bool {
	for _, r := range s {
		if unicode.Is(unicode.Han, r) {
			return true
		}
	}
	return false
}

// TestChartWithoutSystemFonts draws the fixture on a machine view with no
// font installed (the font search points at an empty directory): Chinese
// comes from the embedded subset, Latin from Liberation Sans, nothing is a
// box; each month sits at its date, June (no articles) breaks the lines, a
// lone month is a marker, the legend is beside the plot, not on it. The
// drawn layout is kept as a golden file.
func TestChartWithoutSystemFonts(t *testing.T) {
	fnt, err := LoadFont("", t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	if fnt.Path != EmbeddedFontName {
		t.Fatalf("font: got %s, want the embedded one", fnt.Path)
	}
	s, err := Build(context.Background(), richFixture(t), Query{By: Month, Merged: true,
		Filter: tifa.Filter{Terms: []string{"nqpf", "hqd", "open"}, From: "2024-01-01", To: "2024-08-31"}})
	if err != nil {
		t.Fatal(err)
	}
	var layout bytes.Buffer
	d, l := record(t, s, Chart{Measure: Share, Labels: richLabels, Font: fnt, Events: calendarMarks()})
	if len(l.Missing) > 0 {
		t.Errorf("characters without a glyph: %q", string(l.Missing))
	}
	if l.Legend.Min.X <= l.Data.Max.X || l.Legend.Size().X <= 0 {
		t.Errorf("legend box %v overlaps the data area %v", l.Legend, l.Data)
	}
	for _, x := range d.texts {
		switch {
		case hasHan(x.s) && x.font != EmbeddedFontName:
			t.Errorf("%q drawn in %q, want the embedded font", x.s, x.font)
		case !hasHan(x.s) && x.font != "Liberation Sans":
			t.Errorf("%q drawn in %q, want Liberation Sans", x.s, x.font)
		}
	}
	for _, want := range []string{"新质生产力, 高质量发展, 对外开放", "Share of articles mentioning, by month, 2024-01-01 to 2024-08-31", "2024-03", "40%"} {
		found := false
		for _, x := range d.texts {
			found = found || strings.Contains(strings.Join(strings.Fields(x.s), " "), want)
		}
		// A title line is drawn in runs, one per font: join them.
		if !found && !strings.Contains(d.joined(), want) {
			t.Errorf("no drawn text %q; drawn: %s", want, d.joined())
		}
	}

	// nqpf: April, May and July 2024 (June stored nothing); the fourth
	// marker is the legend's.
	m := d.marks(palette[0])
	if len(m) == 4 && in(l.Legend, m[3].at) {
		m = m[:3]
	}
	if len(m) != 3 {
		t.Fatalf("nqpf markers: got %d %v, want 3 (April, May, July)", len(m), m)
	}
	apr, may, jul := m[0].at.X, m[1].at.X, m[2].at.X
	if r := float64((jul - may) / (may - apr)); math.Abs(r-61.0/30) > 0.01 {
		t.Errorf("x spacing July-May : May-April = %.3f, want 61 days : 30 days = %.3f (periods at their dates)", r, 61.0/30)
	}
	for _, ln := range d.lines {
		if ln.col != palette[0] || in(l.Legend, ln.pts[0]) {
			continue
		}
		for _, p := range ln.pts {
			if p.X > may+0.01 {
				t.Errorf("nqpf line reaches x=%.1f past May (%.1f): drawn across June, which has no data", p.X, may)
			}
		}
	}
	for _, mk := range d.markers {
		if !in(l.Data, mk.at) && !in(l.Legend, mk.at) {
			t.Errorf("marker at %v neither in the data area %v nor in the legend", mk.at, l.Data)
		}
	}
	for _, term := range []string{"nqpf", "hqd", "open"} {
		x, ok := d.text(richLabels[term], legendSize)
		if !ok {
			t.Fatalf("legend entry %s not drawn", richLabels[term])
		}
		if !in(l.Legend, vg.Point{X: x.at.X, Y: x.at.Y + x.size/2}) {
			t.Errorf("legend %s at %v, outside the legend box %v", x.s, x.at, l.Legend)
		}
	}
	// The Two Sessions (4 March) and the third plenum (15 July) are in
	// range, labelled in Chinese at their first day; the December work
	// conference is past it and the foreign affairs conference of 27
	// December 2023 before it (though inside the half month of margin).
	for _, ev := range []struct {
		label string
		day   float64 // days after 1 April, where the nqpf marker sits
	}{{"全国两会", -28}, {"二十届三中全会", 105}} {
		x, ok := d.text(ev.label, noteSize)
		if !ok {
			t.Errorf("no event label %s drawn; drawn: %s", ev.label, d.joined())
			continue
		}
		// A label reads upwards just right of its line: drawn rotated a
		// quarter turn, its baseline's x is minus the recorded y.
		line := apr + vg.Length(ev.day)*(may-apr)/30
		if base := -x.at.Y; base < line || base > line+2*noteSize {
			t.Errorf("%s's baseline at x=%.1f, want just right of its first day's line at %.1f", ev.label, base, line)
		}
	}
	for _, out := range []string{"中央经济工作会议", "中央外事工作会议"} {
		if _, ok := d.text(out, noteSize); ok {
			t.Errorf("%s drawn on a chart of 2024-01-01 to 2024-08-31", out)
		}
	}
	fmt.Fprintf(&layout, "data %.1f,%.1f %.1f,%.1f\nlegend %.1f,%.1f %.1f,%.1f\n", l.Data.Min.X, l.Data.Min.Y, l.Data.Max.X, l.Data.Max.Y,
		l.Legend.Min.X, l.Legend.Min.Y, l.Legend.Max.X, l.Legend.Max.Y)
	layout.Write(d.layout())
	golden(t, "chart-layout.txt", layout.Bytes())
}

// calendarMarks are the shipped calendar's events as tifa chart marks them.
func calendarMarks() []EventMark {
	var out []EventMark
	for _, e := range calendar.Default().Events() {
		out = append(out, EventMark{Start: e.Start, End: e.End, Label: e.Short()})
	}
	return out
}

func in(r vg.Rectangle, p vg.Point) bool {
	return p.X >= r.Min.X-0.01 && p.X <= r.Max.X+0.01 && p.Y >= r.Min.Y-0.01 && p.Y <= r.Max.Y+0.01
}

func (d drawn) joined() string {
	var b strings.Builder
	for _, x := range d.texts {
		b.WriteString(x.s)
	}
	return b.String()
}

// layout is the drawing as text, positions to a tenth of a point.
func (d drawn) layout() []byte {
	var b bytes.Buffer
	for _, x := range d.texts {
		fmt.Fprintf(&b, "text %q %s %.1fpt at %.1f,%.1f\n", x.s, x.font, x.size, x.at.X, x.at.Y)
	}
	for _, m := range d.markers {
		fmt.Fprintf(&b, "marker #%02x%02x%02x at %.1f,%.1f\n", m.col.R, m.col.G, m.col.B, m.at.X, m.at.Y)
	}
	for _, l := range d.lines {
		if l.col == palette[0] || l.col == palette[1] || l.col == palette[2] {
			fmt.Fprintf(&b, "line #%02x%02x%02x", l.col.R, l.col.G, l.col.B)
			for _, p := range l.pts {
				fmt.Fprintf(&b, " %.1f,%.1f", p.X, p.Y)
			}
			b.WriteString("\n")
		}
	}
	return b.Bytes()
}

// TestChartTicks: a count axis has whole numbers, a share axis percent,
// the time axis dates at calendar boundaries.
func TestChartTicks(t *testing.T) {
	fnt, err := EmbeddedFont()
	if err != nil {
		t.Fatal(err)
	}
	s, err := Build(context.Background(), richFixture(t), Query{By: Month, Merged: true,
		Filter: tifa.Filter{Terms: []string{"nqpf"}, From: "2024-01-01", To: "2024-08-31"}})
	if err != nil {
		t.Fatal(err)
	}
	d, _ := record(t, s, Chart{Measure: Mentions, Labels: richLabels, Font: fnt, Title: "My own title"})
	if _, ok := d.text("My own title", titleSize); !ok {
		t.Errorf("--title not drawn: %s", d.joined())
	}
	for _, x := range d.texts {
		if strings.Contains(x.s, ".") && strings.Trim(x.s, "0123456789.") == "" {
			t.Errorf("mentions axis has a fractional tick %q", x.s)
		}
	}
	for _, tt := range []struct {
		min, max float64
		want     string
	}{
		{0, 3.3, "0 1 2 3"},
		{0, 13, "0 5 10"},
		{0, 1, "0 1"},
		{0, 4400, "0 1000 2000 3000 4000"},
	} {
		var got []string
		for _, tk := range (countTicks{}).Ticks(tt.min, tt.max) {
			got = append(got, tk.Label)
		}
		if strings.Join(got, " ") != tt.want {
			t.Errorf("count ticks %g..%g: got %v, want %s", tt.min, tt.max, got, tt.want)
		}
	}
	for _, tt := range []struct{ from, to, want string }{
		{"2024-01-01", "2024-08-31", "2024-01 2024-02 2024-03 2024-04 2024-05 2024-06 2024-07 2024-08"},
		{"2009-11-01", "2024-06-30", "2010 2012 2014 2016 2018 2020 2022 2024"},
		{"2024-05-01", "2024-05-31", "2024-05-06 2024-05-13 2024-05-20 2024-05-27"},
	} {
		a, _ := PeriodStart(tt.from, Day)
		b, _ := PeriodStart(tt.to, Day)
		var got []string
		for _, tk := range (dateTicks{}).Ticks(daysOf(a), daysOf(b)) {
			if tk.Label != "" {
				got = append(got, tk.Label)
			}
		}
		if strings.Join(got, " ") != tt.want {
			t.Errorf("date ticks %s..%s: got %v, want %s", tt.from, tt.to, got, tt.want)
		}
	}
	for _, tt := range []struct{ p, by, want, next string }{
		{"2024-W01", Week, "2024-01-01", "2024-W02"},
		{"2021-W01", Week, "2021-01-04", "2021-W02"},
		{"2020-W53", Week, "2020-12-28", "2021-W01"},
		{"2024-12", Month, "2024-12-01", "2025-01"},
		{"2024-02-29", Day, "2024-02-29", "2024-03-01"},
	} {
		got, err := PeriodStart(tt.p, tt.by)
		if err != nil || got.Format("2006-01-02") != tt.want || nextPeriod(tt.p, tt.by) != tt.next {
			t.Errorf("%s: starts %v (%v), next %s; want %s, next %s", tt.p, got, err, nextPeriod(tt.p, tt.by), tt.want, tt.next)
		}
	}
}

// TestChartFiles writes the PNG (saved where TIFA_ARTIFACTS says, for a
// person to look at) and an SVG whose text is outlines, so it needs no
// font where it is opened; a label the fonts cannot draw is reported.
func TestChartFiles(t *testing.T) {
	fnt, err := LoadFont("", t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	s, err := Build(context.Background(), richFixture(t), Query{By: Month, Merged: true,
		Filter: tifa.Filter{From: "2024-01-01", To: "2024-08-31"}})
	if err != nil {
		t.Fatal(err)
	}
	c := Chart{Measure: Share, Labels: richLabels, Font: fnt, Events: calendarMarks()}
	var b bytes.Buffer
	if missing, err := WriteChart(&b, s, "png", c); err != nil || len(missing) > 0 {
		t.Fatalf("png: %v, missing %q", err, string(missing))
	}
	img, err := png.Decode(bytes.NewReader(b.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	if r := img.Bounds(); r.Dx() != 1600 || r.Dy() != 900 {
		t.Errorf("PNG is %dx%d, want 1600x900", r.Dx(), r.Dy())
	}
	saveArtifact(t, "chart.png", b.Bytes())
	b.Reset()
	if _, err := WriteChart(&b, s, "svg", c); err != nil {
		t.Fatal(err)
	}
	svg := b.String()
	if strings.Contains(svg, "<text") || strings.Contains(svg, "font-family") || strings.Count(svg, "<path") < 100 {
		t.Errorf("SVG: want text as outlined paths and no font reference; got %d paths, <text: %v", strings.Count(svg, "<path"), strings.Contains(svg, "<text"))
	}
	if len(svg) > 400_000 {
		t.Errorf("SVG is %d bytes: it should carry only the glyphs it uses", len(svg))
	}
	missing, err := WriteChart(io.Discard, s, "png", Chart{Measure: Share, Labels: Labels{"nqpf": "王堃"}, Font: fnt})
	if err != nil || string(missing) != "堃" {
		t.Errorf("label 王堃 with the GB2312 subset: missing %q (%v), want 堃", string(missing), err)
	}
	if _, err := WriteChart(io.Discard, s, "gif", c); err == nil {
		t.Error("format gif: want an error")
	}
}

// TestChartPrefersSystemFont: an installed CJK font wins over the subset.
func TestChartPrefersSystemFont(t *testing.T) {
	dir := t.TempDir()
	var data []byte
	var rel string
	for _, p := range systemFonts {
		if b, err := os.ReadFile(filepath.Join(SystemFontDir, p)); err == nil {
			data, rel = b, p
			break
		}
	}
	if data == nil {
		t.Skip("no system CJK font installed (.ci/run installs fonts-wqy-microhei)")
	}
	dst := filepath.Join(dir, rel)
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(dst, data, 0o644); err != nil {
		t.Fatal(err)
	}
	fnt, err := LoadFont("", dir)
	if err != nil || fnt.Path != dst {
		t.Fatalf("got %v (%v), want %s", fnt, err, dst)
	}
	if _, err := LoadFont(filepath.Join(dir, "none.ttf"), dir); err == nil {
		t.Error("--font naming a missing file: want an error")
	}
}

// saveArtifact keeps a file where TIFA_ARTIFACTS says (CI prints the
// directory), else in the test's temporary directory.
func saveArtifact(t *testing.T, name string, data []byte) {
	t.Helper()
	dir := os.Getenv("TIFA_ARTIFACTS")
	if dir == "" {
		dir = t.TempDir()
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("saved %s", path)
}
