package alert

import (
	"context"
	"testing"

	"github.com/tifa-project/tifa/calendar"
)

// TestRisingExcludesEvents: a CONSTRUCTED event from 20 to 27 May, added to
// the calendar as a configuration adds one, leaves its days out of the
// rising rule's baseline (4 to 24 May) and out of its window (25 to 31
// May), as exclude_events: true asks. The constructed database says 高质量
// 发展 in every article from 25 May and in one in ten before.
func TestRisingExcludesEvents(t *testing.T) {
	db := constructedDB(t)
	ctx := context.Background()
	cal := calendar.Default()
	if err := cal.Add(calendar.Event{ID: "plenum-constructed", Name: "constructed", Start: "2024-05-20", End: "2024-05-27", Kind: "user"}); err != nil {
		t.Fatal(err)
	}
	numbers := func(r Rule) map[string]float64 {
		t.Helper()
		as, err := Evaluate(ctx, db, r, Analyses{})
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range as {
			if a.Key == "rising:hqd" {
				m := map[string]float64{}
				for _, n := range a.Numbers {
					m[n.Name] = n.Value
				}
				return m
			}
		}
		return nil
	}
	all := numbers(Rule{Kind: Rising, Terms: []string{"hqd"}})
	ex := numbers(Rule{Kind: Rising, Terms: []string{"hqd"}, Exclude: cal.Covers})
	if all == nil || ex == nil {
		t.Fatalf("no rising alert for hqd: %v without exclusion, %v with", all, ex)
	}
	for _, tt := range []struct {
		name      string
		got, want float64
	}{
		{"window articles, all days", all["articles"], 14},
		{"baseline articles, all days", all["baseline_articles"], 4},      // of 42 stored, 4 to 24 May
		{"window articles, event left out", ex["articles"], 8},            // 28 to 31 May
		{"baseline articles, event left out", ex["baseline_articles"], 3}, // of 32 stored, 4 to 19 May
		{"baseline share, event left out", ex["baseline_share_frac"], 3.0 / 32},
	} {
		if tt.got != tt.want {
			t.Errorf("%s: got %v, want %v", tt.name, tt.got, tt.want)
		}
	}
	// An event over the whole window leaves nothing to rise.
	if err := cal.Add(calendar.Event{ID: "week-constructed", Name: "constructed", Start: "2024-05-25", End: "2024-05-31", Kind: "user"}); err != nil {
		t.Fatal(err)
	}
	if got := numbers(Rule{Kind: Rising, Terms: []string{"hqd"}, Exclude: cal.Covers}); got != nil {
		t.Errorf("an event over the whole window: got a rising alert %v, want none", got)
	}
}
