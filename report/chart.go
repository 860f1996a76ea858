package report

import (
	"fmt"
	"image/color"
	"io"
	"math"

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
	Font    *Font
	Width   int // pixels of a PNG; an SVG has the same proportions, at half the size
	Height  int
	Title   string // default: the measure and the period
}

// chartDPI draws PNGs at twice screen density: sharp on a projected slide.
const chartDPI = 192

// palette is colour-blind safe (Okabe–Ito), in order of use.
var palette = []color.RGBA{
	{0, 114, 178, 255}, {213, 94, 0, 255}, {0, 158, 115, 255}, {204, 121, 167, 255},
	{230, 159, 0, 255}, {86, 180, 233, 255}, {0, 0, 0, 255}, {240, 228, 66, 255},
}

// WriteChart draws one line per term (summed over the selected sources) in
// format "png" or "svg". A period without stored articles breaks the line:
// no data is not zero.
func WriteChart(w io.Writer, s *Series, format string, c Chart) error {
	if c.Font == nil {
		return fmt.Errorf("draw chart: no font")
	}
	if c.Width <= 0 {
		c.Width, c.Height = 1600, 900
	}
	p, err := c.plot(s)
	if err != nil {
		return fmt.Errorf("draw chart: %w", err)
	}
	wpt := vg.Length(c.Width) * vg.Inch / chartDPI
	hpt := vg.Length(c.Height) * vg.Inch / chartDPI
	var wt io.WriterTo
	switch format {
	case "png":
		cv := vgimg.NewWith(vgimg.UseWH(wpt, hpt), vgimg.UseDPI(chartDPI), vgimg.UseBackgroundColor(color.White))
		p.Draw(draw.New(cv))
		wt = vgimg.PngCanvas{Canvas: cv}
	case "svg":
		// The PNG's proportions of text to canvas; vector, so it scales.
		cv := vgsvg.New(wpt, hpt)
		p.Draw(draw.New(cv))
		wt = cv
	default:
		return fmt.Errorf("draw chart: format %q: use png or svg", format)
	}
	if _, err := wt.WriteTo(w); err != nil {
		return fmt.Errorf("draw chart: %w", err)
	}
	return nil
}

func (c Chart) plot(s *Series) (*plot.Plot, error) {
	fnt := font.Font{Typeface: "tifa-cjk"}
	cache := font.NewCache(font.Collection{{Font: fnt, Face: c.Font.Face}})
	hdlr := text.Plain{Fonts: cache}
	style := func(st *text.Style, size vg.Length) {
		st.Handler, st.Font = hdlr, font.From(fnt, size)
	}
	p := plot.New()
	p.TextHandler = hdlr
	style(&p.Title.TextStyle, 14)
	for _, a := range []*plot.Axis{&p.X, &p.Y} {
		style(&a.Label.TextStyle, 10)
		style(&a.Tick.Label, 9)
	}
	style(&p.Legend.TextStyle, 10)
	p.Title.Text = c.Title
	if p.Title.Text == "" {
		p.Title.Text = fmt.Sprintf("%s by %s", upperFirst(c.Measure.Title()), s.Query.By)
	}
	p.Title.Padding = vg.Points(6)
	p.Y.Label.Text = c.Measure.Title()
	// The provenance a slide needs, under the axis.
	p.X.Label.Text = fmt.Sprintf("%s, publish date in China time; sources: %s; %s", s.Query.By, s.sourceNames(), s.Query.Counting())
	p.Y.Min = 0
	p.X.Tick.Marker = periodTicks(s.Periods)
	p.Add(plotter.NewGrid())
	p.Legend.Top, p.Legend.Left = true, true
	sums := s.ByTerm()
	// Every period is on the axis, data or not, and the top fifth is left
	// for the legend so it does not cover a line.
	p.X.Min, p.X.Max = -0.5, float64(len(s.Periods))-0.5
	top, m := 0.0, c.Measure
	for _, c := range sums {
		top = math.Max(top, m.Of(c))
	}
	for i, term := range s.Terms {
		col := palette[i%len(palette)]
		first := true
		for _, seg := range segments(s, sums, term, c.Measure) {
			l, err := plotter.NewLine(seg)
			if err != nil {
				return nil, err
			}
			l.Color, l.Width = col, vg.Points(1.5)
			p.Add(l)
			if first {
				p.Legend.Add(c.Labels.label(term), l)
				first = false
			}
		}
	}
	if c.Measure == Share {
		p.Y.Tick.Marker = percentTicks{}
	}
	p.Y.Max = math.Max(p.Y.Max, top) * 1.25
	if p.Y.Max == 0 {
		p.Y.Max = 1
	}
	return p, nil
}

// segments splits a term's line at periods without data; a single point
// makes a segment of one, which NewLine draws as nothing, so it is doubled
// into a short dash.
func segments(s *Series, sums map[PeriodTerm]Cell, term string, m Measure) []plotter.XYs {
	var out []plotter.XYs
	var cur plotter.XYs
	flush := func() {
		if len(cur) == 1 {
			cur = append(cur, plotter.XY{X: cur[0].X + 0.3, Y: cur[0].Y})
			cur[0].X -= 0.3
		}
		if len(cur) > 0 {
			out = append(out, cur)
		}
		cur = nil
	}
	for i, p := range s.Periods {
		c, ok := sums[PeriodTerm{p, term}]
		if !ok {
			flush()
			continue
		}
		cur = append(cur, plotter.XY{X: float64(i), Y: m.Of(c)})
	}
	flush()
	return out
}

// periodTicks labels at most about eight periods, evenly spaced.
func periodTicks(periods []string) plot.Ticker {
	return plot.TickerFunc(func(min, max float64) []plot.Tick {
		step := int(math.Ceil(float64(len(periods)) / 8))
		step = int(math.Max(float64(step), 1))
		var ticks []plot.Tick
		for i, p := range periods {
			switch {
			case i%step == 0:
				ticks = append(ticks, plot.Tick{Value: float64(i), Label: p})
			case len(periods) <= 60: // a minor tick per period while they stay apart
				ticks = append(ticks, plot.Tick{Value: float64(i)})
			}
		}
		return ticks
	})
}

// percentTicks labels a share axis in percent.
type percentTicks struct{}

func (percentTicks) Ticks(min, max float64) []plot.Tick {
	ticks := plot.DefaultTicks{}.Ticks(min, max)
	for i := range ticks {
		if ticks[i].Label != "" {
			ticks[i].Label = fmt.Sprintf("%g%%", math.Round(ticks[i].Value*1000)/10)
		}
	}
	return ticks
}
