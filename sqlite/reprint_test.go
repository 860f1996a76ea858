package sqlite

import (
	"context"
	"reflect"
	"testing"
	"time"
)

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
