package report

import (
	"math"
	"math/rand/v2"
	"strconv"
	"testing"
)

// TestAppendRatioIsStrconv: appendRatio writes what strconv writes, on
// shares as reports compute them (counts over counts), on halves and
// near-halves at the fourth decimal, and on values outside its fast path.
func TestAppendRatioIsStrconv(t *testing.T) {
	check := func(f float64) {
		t.Helper()
		if got, want := string(appendRatio(nil, f)), strconv.FormatFloat(f, 'f', 4, 64); got != want {
			t.Fatalf("appendRatio(%v) = %s, want %s", f, got, want)
		}
	}
	for _, f := range []float64{0, 1, 0.5, 0.00005, 0.00015, 0.00025, 0.12345, 0.99995, 9.99995, 1.00005, 99999.99995,
		99999.9999, 1e5, 1e9, -0.5, -0.00005, math.NaN(), math.Inf(1), math.Inf(-1), math.SmallestNonzeroFloat64, math.Nextafter(0.00005, 0), math.Nextafter(0.00005, 1)} {
		check(f)
	}
	r := rand.New(rand.NewPCG(1, 2))
	for range 200000 {
		a, b := r.IntN(5000), 1+r.IntN(5000)
		check(float64(a) / float64(b))
		check(float64(r.IntN(1e9)) / 1e4) // exact fourth decimals
		check(float64(r.IntN(1e9))/1e4 + 0.00005)
		check(r.Float64() * 1e5)
	}
}
