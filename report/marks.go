package report

import (
	"image/color"
	"math"

	"github.com/tifa-project/tifa"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// EventMark is a dated event a chart marks (a calendar event): a light
// band over its days, a dashed line at its first day and a short label, so
// a peak at the Two Sessions reads as the Two Sessions.
type EventMark struct {
	Start, End string // YYYY-MM-DD, inclusive
	Label      string
}

var (
	markLine = color.RGBA{120, 120, 120, 255}
	markBand = color.RGBA{238, 238, 238, 255}
)

// eventMarks draws the marks that fall inside the x range; the band is
// drawn under the lines (it is added before them), the label along the
// line at the top of the data area, reading upwards.
type eventMarks struct {
	marks []EventMark
	stack *fontStack
}

// within keeps the marks that overlap min..max (days since the epoch).
func within(marks []EventMark, min, max float64) []EventMark {
	var out []EventMark
	for _, m := range marks {
		s, e, ok := m.span()
		if ok && e >= min && s <= max {
			out = append(out, m)
		}
	}
	return out
}

// span is the mark's first day and the day after its last, as chart x.
func (m EventMark) span() (float64, float64, bool) {
	s, err := tifa.ParseDay(m.Start)
	if err != nil {
		return 0, 0, false
	}
	e, err := tifa.ParseDay(m.End)
	if err != nil {
		e = s
	}
	// ParseDay gives midnight UTC, where PeriodStart places periods.
	return daysOf(s), daysOf(e.AddDate(0, 0, 1)), true
}

func (e eventMarks) Plot(c draw.Canvas, p *plot.Plot) {
	tx, _ := p.Transforms(&c)
	sty := text.Style{Color: markLine, Font: font.Font{Size: noteSize}, Handler: e.stack,
		Rotation: math.Pi / 2, XAlign: draw.XRight, YAlign: draw.YTop}
	for _, m := range e.marks {
		s, end, _ := m.span()
		x0, x1 := tx(math.Max(s, p.X.Min)), tx(math.Min(end, p.X.Max))
		band := c.ClipPolygonY([]vg.Point{{X: x0, Y: c.Min.Y}, {X: x1, Y: c.Min.Y}, {X: x1, Y: c.Max.Y}, {X: x0, Y: c.Max.Y}})
		c.FillPolygon(markBand, band)
		if s < p.X.Min {
			continue // began before the range: no first day to mark
		}
		c.StrokeLine2(draw.LineStyle{Color: markLine, Width: vg.Points(0.6), Dashes: []vg.Length{vg.Points(2), vg.Points(2)}},
			x0, c.Min.Y, x0, c.Max.Y)
		c.FillText(sty, vg.Point{X: x0 + 1, Y: c.Max.Y - 2}, m.Label)
	}
}
