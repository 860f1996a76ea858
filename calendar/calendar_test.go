package calendar

import (
	"strings"
	"testing"
	"unicode"
)

func TestDefault(t *testing.T) {
	c := Default()
	evs := c.Events()
	if len(evs) < 20 {
		t.Fatalf("%d events, want the shipped calendar", len(evs))
	}
	for _, e := range evs {
		if e.Source == "" || e.Name == "" || e.Kind == "" || !strings.ContainsFunc(e.Label, func(r rune) bool { return unicode.Is(unicode.Han, r) }) {
			t.Errorf("event %s lacks a name, kind, source or Chinese label: %+v", e.ID, e)
		}
	}
	e, err := c.Event("party-congress-20")
	if err != nil || e.Start != "2022-10-16" || e.End != "2022-10-22" {
		t.Errorf("20th Party Congress: %+v, %v; want 2022-10-16..22", e, err)
	}
	if !c.Covers("2024-03-05") || c.Covers("2024-03-20") {
		t.Error("2024-03-05 is in the Two Sessions, 2024-03-20 is not")
	}
	if from, to := Around(e, 30); from != "2022-09-16" || to != "2022-11-21" {
		t.Errorf("around: %s..%s, want 2022-09-16..2022-11-21", from, to)
	}
	if got := c.Within("2023-12-01", "2023-12-31"); len(got) != 2 || got[0].ID != "cewc-2023" || got[1].ID != "foreign-affairs-2023" {
		t.Errorf("December 2023: %+v, want the economic work and foreign affairs conferences", got)
	}
	if _, err := c.Event("two-sessions-2030"); err == nil || !strings.Contains(err.Error(), "two-sessions-2024") {
		t.Errorf("unknown event: %v, want the known ids listed", err)
	}
}

// TestUserEvents: CONSTRUCTED events, as a configuration adds them.
func TestUserEvents(t *testing.T) {
	c := Default()
	if err := c.Add(Event{ID: "cewc-2024", Start: "2024-12-11", End: "2024-12-13", Kind: "user", Name: "corrected"}); err != nil {
		t.Fatal(err)
	}
	if e, _ := c.Event("cewc-2024"); e.End != "2024-12-13" || e.Name != "corrected" {
		t.Errorf("a user event with a shipped id replaces it: %+v", e)
	}
	for _, bad := range []Event{{ID: "x", Start: "2024-13-01", End: "2024-13-02"}, {ID: "y", Start: "2024-03-02", End: "2024-03-01"}, {Start: "2024-01-01", End: "2024-01-01"}} {
		if err := c.Add(bad); err == nil {
			t.Errorf("%+v accepted", bad)
		}
	}
	if _, err := Parse("a\t2024-01-01\t2024-01-02\tuser\tname\tsource\n"); err == nil {
		t.Error("a line with 6 fields accepted")
	}
	if e, _ := c.Event("cewc-2024"); e.Short() != "corrected" {
		t.Errorf("a user event without a label: Short() = %q, want its name", e.Short())
	}
	if e, _ := c.Event("plenum-20-3"); e.Short() != "二十届三中全会" {
		t.Errorf("plenum-20-3: Short() = %q, want 二十届三中全会", e.Short())
	}
}
