package dashboard

import (
	"fmt"
	"math"
	"strings"

	"github.com/tifa-project/tifa/calendar"
	"github.com/tifa-project/tifa/report"
)

// The chart is drawn here, as inline SVG, so the page needs no script
// library and no network; each point carries its numbers as data-
// attributes, which tests and curious analysts can read.
const (
	chartW, chartH    = 960, 360
	padLeft, padRight = 64, 40
	padTop, padBottom = 16, 48
	maxXLabels        = 8
)

type chart struct {
	W, H   int
	Left   int
	Right  int
	Top    int
	Bottom int
	Lines  []line
	YTicks []tick
	XTicks []tick
	YTitle string
	Events []eventMark
}

type line struct {
	Term, Label, Color string
	Segments           []string // polyline points; a period without data breaks the line
	Points             []point
}

type point struct {
	X, Y                      float64
	Period                    string
	Value                     float64
	Mentions, Articles, Total int
	Tip                       string
}

type tick struct {
	Pos   float64
	Label string
}

// newChart lays out the measure per period and term, summed over sources,
// and marks cal's events in the range (none when cal is nil).
func newChart(ser *report.Series, m report.Measure, labels report.Labels, cal *calendar.Calendar) chart {
	c := chart{W: chartW, H: chartH, Left: padLeft, Right: chartW - padRight, Top: padTop, Bottom: chartH - padBottom, YTitle: m.Title()}
	sums := ser.ByTerm()
	top := 0.0
	for _, cell := range sums {
		top = math.Max(top, m.Of(cell))
	}
	top = niceCeil(top)
	x := func(i int) float64 {
		if len(ser.Periods) < 2 {
			return float64(c.Left+c.Right) / 2
		}
		return float64(c.Left) + float64(i)*float64(c.Right-c.Left)/float64(len(ser.Periods)-1)
	}
	y := func(v float64) float64 { return float64(c.Bottom) - v/top*float64(c.Bottom-c.Top) }
	for k := 0; k <= 4; k++ {
		v := top * float64(k) / 4
		c.YTicks = append(c.YTicks, tick{Pos: y(v), Label: m.Show(v)})
	}
	c.Events = eventMarks(cal, ser, x)
	step := max(1, (len(ser.Periods)+maxXLabels-1)/maxXLabels)
	for i := 0; i < len(ser.Periods); i += step {
		c.XTicks = append(c.XTicks, tick{Pos: x(i), Label: ser.Periods[i]})
	}
	for n, term := range ser.Terms {
		l := line{Term: term, Label: labels[term], Color: report.LineColor(n)}
		var seg []string
		flush := func() {
			if len(seg) > 0 {
				l.Segments = append(l.Segments, strings.Join(seg, " "))
			}
			seg = nil
		}
		for i, p := range ser.Periods {
			cell, ok := sums[report.PeriodTerm{Period: p, Term: term}]
			if !ok {
				flush() // no articles stored: no data, not zero
				continue
			}
			v := m.Of(cell)
			pt := point{X: x(i), Y: y(v), Period: p, Value: v, Mentions: cell.Mentions, Articles: cell.Articles, Total: cell.Total}
			pt.Tip = fmt.Sprintf("%s %s: %s (%d mentions, %d of %d articles)", p, labelOr(labels, term), m.Show(v), cell.Mentions, cell.Articles, cell.Total)
			seg = append(seg, fmt.Sprintf("%.1f,%.1f", pt.X, pt.Y))
			l.Points = append(l.Points, pt)
		}
		flush()
		c.Lines = append(c.Lines, l)
	}
	return c
}

// niceCeil rounds a chart's top up to 1, 2 or 5 times a power of ten, so
// the ticks read as round numbers.
func niceCeil(v float64) float64 {
	if v <= 0 {
		return 1
	}
	p := math.Pow(10, math.Floor(math.Log10(v)))
	for _, f := range []float64{1, 2, 2.5, 5, 10} {
		if f*p >= v {
			return f * p
		}
	}
	return 10 * p
}

func labelOr(labels report.Labels, term string) string {
	if l := labels[term]; l != "" {
		return l
	}
	return term
}
