package tifa_test

import (
	"reflect"
	"testing"

	"github.com/tifa-project/tifa"
)

// A retag plan writes only what changed: an unchanged mention is left, a
// changed one rewritten, a vanished one deleted, a new one added, and the
// aggregates move by the difference alone, in key order.
func TestPlanRetagWrites(t *testing.T) {
	same := tifa.Count{Term: "hqd", Count: 2, Spans: []tifa.Span{{Start: 0, End: 15}, {Start: 30, End: 45}}}
	changedOld := tifa.Count{Term: "nqpf", Count: 1, Spans: []tifa.Span{{Start: 3, End: 18}}}
	changedNew := tifa.Count{Term: "nqpf", Count: 2, Spans: []tifa.Span{{Start: 3, End: 18}, {Start: 60, End: 75}}}
	gone := tifa.Count{Term: "old", Count: 4, Nested: 1, Spans: []tifa.Span{{Start: 90, End: 96}}}
	added := tifa.Count{Term: "new", Count: 1, Spans: []tifa.Span{{Start: 120, End: 126}}}
	stored := func(c tifa.Count) tifa.StoredMention {
		return tifa.StoredMention{Count: tifa.Count{Term: c.Term, Count: c.Count, Nested: c.Nested}, Spans: tifa.EncodeSpans(c.Spans)}
	}
	batch := []tifa.Retagged{
		{Stored: tifa.Stored{ID: 7, Source: "xinhua", Day: "2026-11-30"}, Counts: []tifa.Count{same, changedNew, added}},
		{Stored: tifa.Stored{ID: 9, Source: "people", Day: "2026-12-01"}, Counts: []tifa.Count{same}},
	}
	old := func() map[int64]map[string]tifa.StoredMention {
		return map[int64]map[string]tifa.StoredMention{
			7: {"hqd": stored(same), "nqpf": stored(changedOld), "old": stored(gone)},
			9: {"hqd": stored(same)},
		}
	}

	w := tifa.PlanRetagWrites(tifa.RetagJob{Version: "v2"}, batch, old())
	if want := []tifa.MentionRow{{Article: 7, Count: changedNew, Spans: tifa.EncodeSpans(changedNew.Spans)}, {Article: 7, Count: added, Spans: tifa.EncodeSpans(added.Spans)}}; !reflect.DeepEqual(w.Upserts, want) {
		t.Errorf("upserts %+v\nwant    %+v", w.Upserts, want)
	}
	if want := []tifa.MentionKey{{Article: 7, Term: "old"}}; !reflect.DeepEqual(w.Deletes, want) {
		t.Errorf("deletes %+v, want %+v", w.Deletes, want)
	}
	wantTerms := []tifa.TermDelta{
		{Term: "new", Source: "xinhua", Day: "2026-11-30", Mentions: 1, Articles: 1},
		{Term: "nqpf", Source: "xinhua", Day: "2026-11-30", Mentions: 1}, // one article out, one in: 1 -> 2 mentions
		{Term: "old", Source: "xinhua", Day: "2026-11-30", Mentions: -4, Nested: -1, Articles: -1},
	}
	if !reflect.DeepEqual(w.Terms, wantTerms) {
		t.Errorf("aggregate deltas %+v\nwant             %+v", w.Terms, wantTerms)
	}
	if !reflect.DeepEqual(w.Marks, []int64{7, 9}) || w.Last != 9 {
		t.Errorf("marks %v, last %d; want [7 9], 9", w.Marks, w.Last)
	}

	// A job naming terms touches those only and marks no article.
	w = tifa.PlanRetagWrites(tifa.RetagJob{Version: "v2", Terms: []string{"new"}}, batch, old())
	if len(w.Upserts) != 1 || w.Upserts[0].Count.Term != "new" || len(w.Deletes) != 0 || len(w.Marks) != 0 || len(w.Terms) != 1 {
		t.Errorf("a job for term new wrote %+v", w)
	}
}
