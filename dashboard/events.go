package dashboard

import (
	"github.com/tifa-project/tifa/calendar"
	"github.com/tifa-project/tifa/report"
)

// eventMark is a calendar event on the chart: a dashed line at the period
// holding its first day, with its Chinese name; the tooltip says what and
// when in full.
type eventMark struct {
	ID, Label, Tip string
	X              float64
	Start, End     string
}

// eventMarks places the events that begin inside the series' range at
// their first day's period; events are only those the calendar holds.
func eventMarks(cal *calendar.Calendar, ser *report.Series, x func(int) float64) []eventMark {
	if cal == nil || len(ser.Periods) == 0 {
		return nil
	}
	at := map[string]int{}
	for i, p := range ser.Periods {
		at[p] = i
	}
	var out []eventMark
	for _, e := range cal.Within(ser.Query.From, ser.Query.To) {
		if e.Start < ser.Query.From || (ser.Query.To != "" && e.Start > ser.Query.To) {
			continue // began before the range: its first day is not on the chart
		}
		p, err := report.PeriodOf(e.Start, ser.Query.By)
		if err != nil {
			continue
		}
		i, ok := at[p]
		if !ok {
			continue
		}
		out = append(out, eventMark{ID: e.ID, Label: e.Short(), X: x(i), Start: e.Start, End: e.End,
			Tip: e.Name + ", " + e.Start + " to " + e.End + " (" + e.Source + ")"})
	}
	return out
}
