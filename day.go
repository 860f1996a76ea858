package tifa

import (
	"fmt"
	"time"
)

// China is the zone of every stamp on the sites tifa reads and of every day a
// report buckets by. China has kept UTC+08:00 without daylight saving since
// 1991, so a fixed zone is exact and needs no tzdata on the host.
var China = time.FixedZone("CST", 8*3600)

// DayLayout is how a day is written everywhere: in the database, on the
// command line, in URLs and in exports.
const DayLayout = time.DateOnly

// DayOf is the calendar day of t in China time, as DayLayout.
func DayOf(t time.Time) string { return t.In(China).Format(DayLayout) }

// ParseDay reads a day written as DayLayout. The error names the text and the
// expected form, never a flag: the caller knows which input it came from.
func ParseDay(s string) (time.Time, error) {
	t, err := time.Parse(DayLayout, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("day %q: want YYYY-MM-DD", s)
	}
	return t, nil
}

// Months is a range of days cut at calendar months: the whole months it
// holds (First and Last, each a month's first day; "" where the range is
// unbounded on that side) and the days at its ends outside them (Edges,
// each an inclusive From–To). Sums over years read a month's total where
// they can and single days only at the ends.
type Months struct {
	First, Last string
	Edges       [][2]string
}

// WholeMonths cuts the days from–to (DayLayout, inclusive; "" unbounded)
// at months. It returns false when the range holds no whole month, or a
// day is not DayLayout: the caller then reads the days as they are.
func WholeMonths(from, to string) (Months, bool) {
	var m Months
	if from != "" {
		t, err := ParseDay(from)
		if err != nil {
			return Months{}, false
		}
		first := time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, time.UTC)
		if !first.Equal(t) {
			first = first.AddDate(0, 1, 0)
			m.Edges = append(m.Edges, [2]string{from, first.AddDate(0, 0, -1).Format(DayLayout)})
		}
		m.First = first.Format(DayLayout)
	}
	if to != "" {
		t, err := ParseDay(to)
		if err != nil {
			return Months{}, false
		}
		last := time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, time.UTC)
		if end := last.AddDate(0, 1, -1); !end.Equal(t) {
			last = last.AddDate(0, -1, 0)
			m.Edges = append(m.Edges, [2]string{last.AddDate(0, 1, 0).Format(DayLayout), to})
		}
		m.Last = last.Format(DayLayout)
	}
	if m.First != "" && m.Last != "" && m.First > m.Last {
		return Months{}, false
	}
	return m, true
}
