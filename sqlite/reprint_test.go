package sqlite

import (
	"context"
	"reflect"
	"sort"
	"testing"
	"time"
)

func TestReprints(t *testing.T) {
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
			for id := range Reprints(tt.arts) {
				got = append(got, id)
			}
			sort.Slice(got, func(i, j int) bool { return got[i] < got[j] })
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}

// TestOriginalDays: a reprint leaves the originals-only aggregates, and the
// originals match what TermDays and SourceDays say for the same articles.
func TestOriginalDays(t *testing.T) {
	ctx := context.Background()
	db := mustOpen(t)
	for i, fp := range []uint64{0xABCD, 0xABCD ^ 0b11, 0} {
		a := article("http://example.com/"+string(rune('a'+i)), "2024-05-09", "新质生产力")
		a.Published = a.Published.Add(time.Duration(i) * time.Minute)
		a.Fingerprint = fp
		if _, err := db.SaveArticle(ctx, a, []Count{{Term: "nqpf", Count: 1, Spans: []Span{{Start: 2, End: 17}}}}, "v1"); err != nil {
			t.Fatal(err)
		}
	}
	terms, sources, err := db.OriginalDays(ctx, Filter{})
	if err != nil {
		t.Fatal(err)
	}
	wantTerms := []TermDay{{Term: "nqpf", Source: "xinhua", Day: "2024-05-09", Mentions: 2, Articles: 2}}
	wantSources := []SourceDay{{Source: "xinhua", Day: "2024-05-09", Articles: 2, Chars: 10}}
	if !reflect.DeepEqual(terms, wantTerms) || !reflect.DeepEqual(sources, wantSources) {
		t.Errorf("got %+v %+v; want %+v %+v", terms, sources, wantTerms, wantSources)
	}
	ms, err := db.Mentioning(ctx, "nqpf", Filter{}, 2)
	if err != nil || len(ms) != 2 || ms[0].URL != "http://example.com/c" || !reflect.DeepEqual(ms[0].Spans, []Span{{Start: 2, End: 17}}) {
		t.Errorf("Mentioning: got %+v, %v; want the newest two with spans", ms, err)
	}
}
