package tifa

import (
	"testing"
	"time"
)

func TestDayOf(t *testing.T) {
	for _, tc := range []struct {
		in   time.Time
		want string
	}{
		{time.Date(2026, 1, 9, 15, 59, 0, 0, time.UTC), "2026-01-09"},
		{time.Date(2026, 1, 9, 16, 0, 0, 0, time.UTC), "2026-01-10"}, // midnight in Beijing
		{time.Date(2026, 1, 10, 0, 0, 0, 0, China), "2026-01-10"},
	} {
		if got := DayOf(tc.in); got != tc.want {
			t.Errorf("DayOf(%v) = %s, want %s", tc.in, got, tc.want)
		}
	}
}

func TestParseDay(t *testing.T) {
	for _, tc := range []struct {
		in, want, err string
	}{
		{in: "2026-01-10", want: "2026-01-10"},
		{in: "2026-1-10", err: `day "2026-1-10": want YYYY-MM-DD`},
		{in: "", err: `day "": want YYYY-MM-DD`},
		{in: "2026-02-30", err: `day "2026-02-30": want YYYY-MM-DD`},
	} {
		got, err := ParseDay(tc.in)
		if tc.err != "" {
			if err == nil || err.Error() != tc.err {
				t.Errorf("ParseDay(%q) error = %v, want %s", tc.in, err, tc.err)
			}
			continue
		}
		if err != nil || got.Format(DayLayout) != tc.want {
			t.Errorf("ParseDay(%q) = %v, %v, want %s", tc.in, got, err, tc.want)
		}
	}
}
