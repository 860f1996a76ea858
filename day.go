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
