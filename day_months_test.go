package tifa

import (
	"reflect"
	"testing"
)

func TestWholeMonths(t *testing.T) {
	for _, c := range []struct {
		from, to string
		want     Months
		ok       bool
	}{
		{"", "", Months{}, true},
		{"2024-01-01", "2024-12-31", Months{First: "2024-01-01", Last: "2024-12-01"}, true},
		{"2024-01-15", "2024-03-10", Months{First: "2024-02-01", Last: "2024-02-01",
			Edges: [][2]string{{"2024-01-15", "2024-01-31"}, {"2024-03-01", "2024-03-10"}}}, true},
		{"2024-02-02", "2024-03-01", Months{}, false}, // no whole month between
		{"2024-02-01", "2024-02-28", Months{}, false}, // 2024 is a leap year
		{"2024-02-01", "2024-02-29", Months{First: "2024-02-01", Last: "2024-02-01"}, true},
		{"2023-12-31", "", Months{First: "2024-01-01", Edges: [][2]string{{"2023-12-31", "2023-12-31"}}}, true},
		{"", "2024-03-30", Months{Last: "2024-02-01", Edges: [][2]string{{"2024-03-01", "2024-03-30"}}}, true},
		{"2024-05-09", "2024-05-09", Months{}, false},
		{"2024-05-10", "2024-05-09", Months{}, false}, // reversed
		{"2024-5-1", "2024-12-31", Months{}, false},
		{"2024-01-01", "soon", Months{}, false},
	} {
		got, ok := WholeMonths(c.from, c.to)
		if ok != c.ok || !reflect.DeepEqual(got, c.want) {
			t.Errorf("WholeMonths(%q, %q) = %+v, %v; want %+v, %v", c.from, c.to, got, ok, c.want, c.ok)
		}
	}
}
