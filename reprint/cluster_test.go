package reprint

import (
	"reflect"
	"sort"
	"testing"
)

func TestFind(t *testing.T) {
	const a = 0xF0F0_1234_5678_9ABC
	for _, tt := range []struct {
		name string
		arts []Printed
		want []int64
	}{
		{"three bits apart is a reprint", []Printed{{1, "2024-05-09T08:00:00+08:00", a}, {2, "2024-05-09T09:00:00+08:00", a ^ 0b111}}, []int64{2}},
		{"four bits apart is not", []Printed{{1, "2024-05-09T08:00:00+08:00", a}, {2, "2024-05-09T09:00:00+08:00", a ^ 0b1111}}, nil},
		// The bits differ in every band: the pigeonhole still finds none equal
		// only past three bits, so three spread bits must still match.
		{"spread over bands", []Printed{{1, "2024-05-09T08:00:00+08:00", a}, {2, "2024-05-10T08:00:00+08:00", a ^ (1 | 1<<20 | 1<<40)}}, []int64{2}},
		{"the earlier one is the original, whatever the id", []Printed{{5, "2024-05-10T08:00:00+08:00", a}, {9, "2024-05-09T08:00:00+08:00", a ^ 1}}, []int64{5}},
		{"unknown fingerprints are never reprints", []Printed{{1, "2024-05-09T08:00:00+08:00", 0}, {2, "2024-05-09T09:00:00+08:00", 0}}, nil},
		{"a chain stays one cluster", []Printed{{1, "2024-05-09T08:00:00+08:00", a}, {2, "2024-05-09T09:00:00+08:00", a ^ 0b111}, {3, "2024-05-09T10:00:00+08:00", a ^ 0b111111}}, []int64{2, 3}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var got []int64
			for id := range Find(tt.arts) {
				got = append(got, id)
			}
			sort.Slice(got, func(i, j int) bool { return got[i] < got[j] })
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}
