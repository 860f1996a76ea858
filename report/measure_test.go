package report

import "testing"

// TestShow: the one way a measure is shown, at the precisions tables,
// charts and the dashboard have always used.
func TestShow(t *testing.T) {
	for _, tc := range []struct {
		m    Measure
		v    float64
		want string
	}{
		{Share, 0.25, "25.0%"},
		{Share, 0.12345, "12.3%"},
		{Share, 0, "0.0%"},
		{Per10k, 3.14159, "3.14"},
		{Mentions, 1234567, "1234567"},
		{Articles, 0, "0"},
	} {
		if got := tc.m.Show(tc.v); got != tc.want {
			t.Errorf("%s.Show(%v) = %q, want %q", tc.m, tc.v, got, tc.want)
		}
	}
	for _, tc := range []struct {
		k       Kind
		v, want string
	}{
		{Percent, "0.25", "25.0%"},
		{Points, "0.025", "+2.50"},
		{Points, "-0.025", "-2.50"},
		{Change, "0.5", "+50.0%"},
		{Change, "-0.5", "-50.0%"},
		{Fixed2, "1.005", "1.00"},
		{Signed, "3", "+3"},
		{Count, "7", "7"},
		{Percent, "", "-"},
	} {
		if got := tc.k.shown(tc.v); got != tc.want {
			t.Errorf("kind %d shows %q as %q, want %q", tc.k, tc.v, got, tc.want)
		}
	}
}

// TestLineColor: the dashboard's lines are the chart file's colours, in
// the same order.
func TestLineColor(t *testing.T) {
	want := []string{"#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9", "#000000", "#f0e442", "#0072b2"}
	for i, w := range want {
		if got := LineColor(i); got != w {
			t.Errorf("LineColor(%d) = %s, want %s", i, got, w)
		}
	}
}
