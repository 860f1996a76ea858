package report

import (
	"fmt"
	"image/color"
	"io"
	"math"
	"strings"

	"github.com/tifa-project/tifa"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgsvg"
)

// Chart says how to draw a series.
type Chart struct {
	Measure Measure
	Labels  Labels
	Font    *Font // for Chinese; Latin letters always come from Liberation Sans
	Width   int   // pixels of a PNG; an SVG has the same size in points at 192 dpi
	Height  int
	Title   string // default: the terms, the measure, the period and the range
	// Events are marked where they fall inside the plotted range.
	Events []EventMark
}

// chartDPI draws PNGs at twice screen density: sharp on a projected slide.
const chartDPI = 192

// palette is colour-blind safe (Okabe–Ito), in order of use.
var palette = []color.RGBA{
	{0, 114, 178, 255}, {213, 94, 0, 255}, {0, 158, 115, 255}, {204, 121, 167, 255},
	{230, 159, 0, 255}, {86, 180, 233, 255}, {0, 0, 0, 255}, {240, 228, 66, 255},
}

// LineColor is the colour of the i-th line of a chart, as web colour
// (#0072b2): the dashboard draws its lines in the colours a chart file does.
func LineColor(i int) string {
	c := palette[i%len(palette)]
	return fmt.Sprintf("#%02x%02x%02x", c.R, c.G, c.B)
}

// WriteChart draws one line per term (summed over the selected sources) in
// format "png" or "svg", and returns the characters of its labels that no
// font had a glyph for (drawn as boxes), for the caller to warn about.
func WriteChart(w io.Writer, s *Series, format string, c Chart) ([]rune, error) {
	if c.Font == nil {
		return nil, fmt.Errorf("draw chart: no font")
	}
	if c.Width <= 0 {
		c.Width, c.Height = 1600, 900
	}
	wpt := vg.Length(c.Width) * vg.Inch / chartDPI
	hpt := vg.Length(c.Height) * vg.Inch / chartDPI
	var wt io.WriterTo
	var cv vg.Canvas
	switch format {
	case "png":
		img := vgimg.NewWith(vgimg.UseWH(wpt, hpt), vgimg.UseDPI(chartDPI), vgimg.UseBackgroundColor(color.White))
		cv, wt = img, vgimg.PngCanvas{Canvas: img}
	case "svg":
		svg := vgsvg.New(wpt, hpt)
		cv, wt = &outlineCanvas{Canvas: svg}, svg
	default:
		return nil, fmt.Errorf("draw chart: format %q: use png or svg", format)
	}
	l, err := c.Draw(draw.NewCanvas(cv, wpt, hpt), s)
	if err != nil {
		return nil, fmt.Errorf("draw chart: %w", err)
	}
	if _, err := wt.WriteTo(w); err != nil {
		return nil, fmt.Errorf("draw chart: %w", err)
	}
	return l.Missing, nil
}

// Layout sizes in points.
const (
	chartPad      = 8
	titleSize     = 13
	labelSize     = 10
	noteSize      = 8
	tickSize      = 9.5
	legendSize    = 11
	markerRadius  = 2.6
	lineWidth     = 1.6
	maxLegendRune = 18
)

// Layout is where a chart put things, in points from the bottom left.
type Layout struct {
	Data, Legend vg.Rectangle
	Missing      []rune // characters of the labels no font could draw
}

// Draw lays the chart out on dc: the title over the plot, the legend in a
// column to the right of the plot (never over a line), the provenance
// under the x axis.
func (c Chart) Draw(dc draw.Canvas, s *Series) (Layout, error) {
	stack, err := newFontStack(c.Font)
	if err != nil {
		return Layout{}, err
	}
	p, err := c.plot(s, stack)
	if err != nil {
		return Layout{}, err
	}
	leg := p.Legend
	p.Legend = plot.NewLegend()
	p.Legend.TextStyle = leg.TextStyle
	leg.Top, leg.Left = true, true
	lw := leg.Rectangle(dc).Size().X
	area := draw.Crop(dc, chartPad, -(lw + 3*chartPad), chartPad, -chartPad)
	for size := vg.Length(titleSize); size > 8; size-- {
		p.Title.TextStyle.Font.Size = size
		if p.Title.TextStyle.Width(p.Title.Text) <= area.Size().X {
			break
		}
	}
	p.Draw(area)
	data := p.DataCanvas(area)
	lc := draw.Canvas{Canvas: dc.Canvas, Rectangle: vg.Rectangle{
		Min: vg.Point{X: area.Max.X + 2*chartPad, Y: data.Min.Y},
		Max: vg.Point{X: dc.Max.X - chartPad, Y: data.Max.Y},
	}}
	leg.Draw(lc)
	l := Layout{Data: data.Rectangle, Legend: leg.Rectangle(lc)}
	labels := append([]string{p.Title.Text, p.X.Label.Text, p.Y.Label.Text}, c.legendLabels(s)...)
	for _, m := range c.eventsIn(p, s) {
		labels = append(labels, m.Label)
	}
	for _, label := range labels {
		for _, r := range stack.Missing(label) {
			if !strings.ContainsRune(string(l.Missing), r) {
				l.Missing = append(l.Missing, r)
			}
		}
	}
	return l, nil
}

func (c Chart) plot(s *Series, stack *fontStack) (*plot.Plot, error) {
	style := func(st *text.Style, size vg.Length) {
		st.Handler, st.Font = stack, font.Font{Size: size}
	}
	p := plot.New()
	p.TextHandler = stack
	style(&p.Title.TextStyle, titleSize)
	for _, a := range []*plot.Axis{&p.X, &p.Y} {
		style(&a.Label.TextStyle, labelSize)
		a.Label.Padding = vg.Points(4)
		style(&a.Tick.Label, tickSize)
	}
	style(&p.Legend.TextStyle, legendSize)
	style(&p.X.Label.TextStyle, noteSize)
	p.Title.Text = c.Title
	if p.Title.Text == "" {
		p.Title.Text = c.defaultTitle(s)
	}
	p.Title.Padding = vg.Points(8)
	p.Y.Label.Text = upperFirst(c.Measure.Title())
	// The provenance a slide needs, under the axis.
	p.X.Label.Text = fmt.Sprintf("Each point is a %s, at its first day (publish date, China time).\nSources: %s; %s.",
		s.Query.By, s.sourceNames(), s.Query.Counting())
	p.X.Tick.Marker = dateTicks{}
	if err := c.xRange(p, s); err != nil {
		return nil, err
	}
	// Under the grid and the lines: a band must not hide either.
	if marks := c.eventsIn(p, s); len(marks) > 0 {
		p.Add(eventMarks{marks: marks, stack: stack})
		p.X.Label.Text += "\nShaded, with a dashed line at the first day: calendar events (tifa chart --no-events leaves them out)."
	}
	p.Add(plotter.NewGrid())
	sums := s.ByTerm()
	top := 0.0
	for i, term := range s.Terms {
		col := palette[i%len(palette)]
		pts, segs, err := c.points(s, sums, term)
		if err != nil {
			return nil, err
		}
		var line *plotter.Line
		for _, seg := range segs {
			if line, err = plotter.NewLine(seg); err != nil {
				return nil, err
			}
			line.Color, line.Width = col, vg.Points(lineWidth)
			p.Add(line)
		}
		dots, err := plotter.NewScatter(pts)
		if err != nil {
			return nil, err
		}
		dots.GlyphStyle = draw.GlyphStyle{Color: col, Radius: vg.Points(markerRadius), Shape: draw.CircleGlyph{}}
		p.Add(dots)
		if line == nil {
			line = &plotter.Line{LineStyle: draw.LineStyle{Color: col, Width: vg.Points(lineWidth)}}
		}
		p.Legend.Add(c.legendLabels(s)[i], line, dots)
		for _, pt := range pts {
			top = math.Max(top, pt.Y)
		}
	}
	p.Y.Min = 0
	switch c.Measure {
	case Share:
		p.Y.Tick.Marker = percentTicks{}
		p.Y.Max = math.Max(top*1.1, 0.01)
	case Mentions, Articles:
		p.Y.Tick.Marker = countTicks{}
		p.Y.Max = math.Max(math.Ceil(top*1.1), 1)
	default:
		p.Y.Max = math.Max(top*1.1, 0.1)
	}
	return p, nil
}

// xRange is the query's range when it has one, else the periods', with
// half a period either side so no marker sits on the frame.
func (c Chart) xRange(p *plot.Plot, s *Series) error {
	if len(s.Periods) == 0 {
		p.X.Min, p.X.Max = 0, 1
		return nil
	}
	first, err := PeriodStart(s.Periods[0], s.Query.By)
	if err != nil {
		return err
	}
	last, err := PeriodStart(s.Periods[len(s.Periods)-1], s.Query.By)
	if err != nil {
		return err
	}
	half := map[string]float64{Day: 0.5, Week: 3.5, Month: 15}[s.Query.By]
	p.X.Min, p.X.Max = daysOf(first)-half, daysOf(last)+half
	return nil
}

// Marked lists the events a chart of s marks, for the caller to say so.
func (c Chart) Marked(s *Series) ([]EventMark, error) {
	p := plot.New()
	if err := c.xRange(p, s); err != nil {
		return nil, err
	}
	return c.eventsIn(p, s), nil
}

// eventsIn are the events marked: those in the plotted range, but not
// before the query's first day nor after its last (the half period of
// margin is no part of what was asked for).
func (c Chart) eventsIn(p *plot.Plot, s *Series) []EventMark {
	lo, hi := p.X.Min, p.X.Max
	if t, err := tifa.ParseDay(s.Query.From); err == nil {
		lo = math.Max(lo, daysOf(t))
	}
	if t, err := tifa.ParseDay(s.Query.To); err == nil {
		hi = math.Min(hi, daysOf(t)+1)
	}
	return within(c.Events, lo, hi)
}

// points are a term's values at their periods' dates, and the runs of
// consecutive periods that a line joins: a period without stored articles,
// or a stretch of them, breaks the line (no data is not zero).
func (c Chart) points(s *Series, sums map[PeriodTerm]Cell, term string) (plotter.XYs, []plotter.XYs, error) {
	var pts plotter.XYs
	var segs []plotter.XYs
	prev := ""
	for _, p := range s.Periods {
		cell, ok := sums[PeriodTerm{p, term}]
		if !ok {
			continue
		}
		t, err := PeriodStart(p, s.Query.By)
		if err != nil {
			return nil, nil, err
		}
		xy := plotter.XY{X: daysOf(t), Y: c.Measure.Of(cell)}
		pts = append(pts, xy)
		if prev == "" || nextPeriod(prev, s.Query.By) != p {
			segs = append(segs, nil)
		}
		segs[len(segs)-1] = append(segs[len(segs)-1], xy)
		prev = p
	}
	// A lone period is its marker; a line needs two points.
	var lines []plotter.XYs
	for _, seg := range segs {
		if len(seg) > 1 {
			lines = append(lines, seg)
		}
	}
	return pts, lines, nil
}

func (c Chart) legendLabels(s *Series) []string {
	out := make([]string, len(s.Terms))
	for i, t := range s.Terms {
		l := []rune(c.Labels.label(t))
		if len(l) > maxLegendRune {
			l = append(l[:maxLegendRune-1], '…')
		}
		out[i] = string(l)
	}
	return out
}

// defaultTitle names what is drawn: the terms by label, then the measure,
// period and range, on two lines so a slide can read it.
func (c Chart) defaultTitle(s *Series) string {
	return termNames(c.legendLabels(s)) + "\n" + measureLine(s, c.Measure)
}

// termNames lists up to three labels, then how many more.
func termNames(names []string) string {
	switch {
	case len(names) == 0:
		return "No terms"
	case len(names) > 3:
		return fmt.Sprintf("%s and %d more", strings.Join(names[:3], ", "), len(names)-3)
	}
	return strings.Join(names, ", ")
}

// measureLine says what a chart of s shows: the measure, period and range.
func measureLine(s *Series, m Measure) string {
	span := rangeName(s.Query)
	if s.Query.From == "" || s.Query.To == "" {
		if n := len(s.Periods); n > 0 {
			span = s.Periods[0] + " to " + s.Periods[n-1]
		}
	}
	return fmt.Sprintf("%s, by %s, %s", upperFirst(m.Title()), s.Query.By, span)
}
