package tifa

import (
	"errors"
	"testing"
)

func TestRangeCheck(t *testing.T) {
	flag := func(end string) string { return "--" + end }
	for _, tc := range []struct {
		r          Range
		err, named string // "" for no error
	}{
		{r: Range{}},
		{r: Range{From: "2024-05-01"}},
		{r: Range{From: "2024-05-01", To: "2024-05-01"}},
		{r: Range{From: "2024-13-01"}, err: `from "2024-13-01" is not a day in the form YYYY-MM-DD`, named: `--from "2024-13-01" is not a day in the form YYYY-MM-DD`},
		{r: Range{From: "2024-05-01", To: "yesterday"}, err: `to "yesterday" is not a day in the form YYYY-MM-DD`, named: `--to "yesterday" is not a day in the form YYYY-MM-DD`},
		{r: Range{From: "bad", To: "worse"}, err: `from "bad" is not a day in the form YYYY-MM-DD`, named: `--from "bad" is not a day in the form YYYY-MM-DD`},
		{r: Range{From: "2024-05-01", To: "2024-01-01"}, err: "from 2024-05-01 is after to 2024-01-01", named: "--from 2024-05-01 is after --to 2024-01-01"},
	} {
		err := tc.r.Check()
		if tc.err == "" {
			if err != nil {
				t.Errorf("%+v: got %v, want no error", tc.r, err)
			}
			continue
		}
		var re *RangeError
		if !errors.As(err, &re) || err.Error() != tc.err || re.Name(flag) != tc.named {
			t.Errorf("%+v: got %v, want a *RangeError %q, named %q", tc.r, err, tc.err, tc.named)
		}
	}
}

func TestRangeDays(t *testing.T) {
	from, to, err := Range{From: "2024-02-28", To: "2024-03-01"}.Days()
	if err != nil || from.Format(DayLayout) != "2024-02-28" || to.Sub(from).Hours() != 48 {
		t.Errorf("got %v, %v, %v; want 2024-02-28 and two days later", from, to, err)
	}
	if from, to, err := (Range{}).Days(); err != nil || !from.IsZero() || !to.IsZero() {
		t.Errorf("open range: got %v, %v, %v; want zero times", from, to, err)
	}
}
