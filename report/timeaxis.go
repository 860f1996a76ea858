package report

import (
	"fmt"
	"math"
	"time"

	"github.com/tifa-project/tifa"
	"gonum.org/v1/plot"
)

// PeriodStart is the first day of a period named as PeriodOf names it
// ("2024-05-03", "2024-W19", "2024-05"), at midnight UTC: a chart places a
// period at its date, and calendar days need no zone.
func PeriodStart(p, by string) (time.Time, error) {
	switch by {
	case Day:
		return tifa.ParseDay(p)
	case Month:
		return time.Parse("2006-01", p)
	case Week:
		var y, w int
		if _, err := fmt.Sscanf(p, "%04d-W%02d", &y, &w); err != nil || w < 1 || w > 53 {
			return time.Time{}, fmt.Errorf("%q is not an ISO week like 2024-W19", p)
		}
		// ISO week 1 holds 4 January; weeks start on Monday.
		jan4 := time.Date(y, 1, 4, 0, 0, 0, 0, time.UTC)
		monday := jan4.AddDate(0, 0, -((int(jan4.Weekday()) + 6) % 7))
		return monday.AddDate(0, 0, 7*(w-1)), nil
	}
	return time.Time{}, fmt.Errorf("period %q: use day, week or month", by)
}

// nextPeriod is the period after p: consecutive periods with data join in
// a line, anything else is a gap.
func nextPeriod(p, by string) string {
	t, err := PeriodStart(p, by)
	if err != nil {
		return ""
	}
	switch by {
	case Day:
		t = t.AddDate(0, 0, 1)
	case Week:
		t = t.AddDate(0, 0, 7)
	case Month:
		t = t.AddDate(0, 1, 0)
	}
	n, _ := PeriodOf(t.Format("2006-01-02"), by)
	return n
}

// daysOf is a date as days since 1970-01-01, the chart's x unit.
func daysOf(t time.Time) float64 { return float64(t.Unix()) / 86400 }

func dateOf(days float64) time.Time {
	return time.Unix(int64(math.Round(days*86400)), 0).UTC()
}

// tickStep is a calendar step for date ticks.
type tickStep struct {
	days, months int
	format       string
}

// tickSteps in increasing size; the first that gives at most maxDateTicks
// labels is used, with the step before it as minor ticks.
var tickSteps = []tickStep{
	{1, 0, "2006-01-02"}, {2, 0, "2006-01-02"}, {7, 0, "2006-01-02"}, {14, 0, "2006-01-02"},
	{0, 1, "2006-01"}, {0, 2, "2006-01"}, {0, 3, "2006-01"}, {0, 6, "2006-01"},
	{0, 12, "2006"}, {0, 24, "2006"}, {0, 60, "2006"}, {0, 120, "2006"},
}

const maxDateTicks = 8

// dateTicks labels a date axis at calendar boundaries: days, Mondays,
// first days of months, quarters or years.
type dateTicks struct{}

func (dateTicks) Ticks(min, max float64) []plot.Tick {
	lo, hi := dateOf(min), dateOf(max)
	major := len(tickSteps) - 1
	for i, st := range tickSteps {
		if len(st.dates(lo, hi)) <= maxDateTicks {
			major = i
			break
		}
	}
	var ticks []plot.Tick
	labelled := map[int64]bool{}
	for _, d := range tickSteps[major].dates(lo, hi) {
		ticks = append(ticks, plot.Tick{Value: daysOf(d), Label: d.Format(tickSteps[major].format)})
		labelled[d.Unix()] = true
	}
	if major > 0 {
		if minor := tickSteps[major-1].dates(lo, hi); len(minor) <= 60 {
			for _, d := range minor {
				if !labelled[d.Unix()] {
					ticks = append(ticks, plot.Tick{Value: daysOf(d)})
				}
			}
		}
	}
	return ticks
}

// dates are the step's boundaries within [lo, hi]: multiples of the step
// counted from a fixed origin, so ticks do not move with the range.
func (st tickStep) dates(lo, hi time.Time) []time.Time {
	var out []time.Time
	if st.months == 0 {
		// Day steps count from a Monday (1970-01-05), so 7 falls on Mondays.
		origin := time.Date(1970, 1, 5, 0, 0, 0, 0, time.UTC)
		n := int(math.Ceil(lo.Sub(origin).Hours() / 24 / float64(st.days)))
		for d := origin.AddDate(0, 0, n*st.days); !d.After(hi); d = d.AddDate(0, 0, st.days) {
			out = append(out, d)
			if len(out) > 400 {
				break
			}
		}
		return out
	}
	m := lo.Year()*12 + int(lo.Month()) - 1
	m = (m + st.months - 1) / st.months * st.months
	if first := time.Date(m/12, time.Month(m%12+1), 1, 0, 0, 0, 0, time.UTC); first.Before(lo) {
		m += st.months
	}
	for ; ; m += st.months {
		d := time.Date(m/12, time.Month(m%12+1), 1, 0, 0, 0, 0, time.UTC)
		if d.After(hi) || len(out) > 400 {
			break
		}
		out = append(out, d)
	}
	return out
}

// countTicks labels a count axis with whole numbers only: no "2.50
// mentions".
type countTicks struct{}

func (countTicks) Ticks(min, max float64) []plot.Tick {
	return stepTicks(min, max, 1, func(v float64) string { return fmt.Sprintf("%.0f", v) })
}

// percentTicks labels a share axis in percent.
type percentTicks struct{}

func (percentTicks) Ticks(min, max float64) []plot.Tick {
	return stepTicks(min, max, 0.001, func(v float64) string { return fmt.Sprintf("%g%%", math.Round(v*1000)/10) })
}

// stepTicks labels multiples of 1, 2 or 5 times a power of ten, at least
// least apart, at most six of them.
func stepTicks(min, max, least float64, label func(float64) string) []plot.Tick {
	step := least
search:
	for p := least; !math.IsInf(max-min, 0) && !math.IsNaN(max-min); p *= 10 {
		for _, m := range []float64{1, 2, 5} {
			if step = m * p; (max-min)/step <= 6 {
				break search
			}
		}
	}
	var ticks []plot.Tick
	for i := math.Ceil(min / step); i*step <= max+step*1e-9; i++ {
		v := i * step
		ticks = append(ticks, plot.Tick{Value: v, Label: label(v)})
	}
	return ticks
}
