// Package calendar is the political calendar: the Two Sessions, Party
// congresses and plenums, the Central Economic Work Conference and the
// like, with their dates and the report each date comes from, plus the
// events a user adds in the configuration. Reports use it to look around
// an event and to leave event windows out of baselines.
package calendar

import (
	_ "embed"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/tifa-project/tifa"
)

//go:embed events.tsv
var builtin string

// Event is one dated event, Start to End inclusive, days in China time.
type Event struct {
	ID, Name   string
	Start, End string // YYYY-MM-DD
	Kind       string // two-sessions, congress, plenum, economic-work, foreign-affairs, user
	Source     string // where the dates come from
	Label      string // short Chinese name for a chart's mark (全国两会); empty: Name
}

// Short is the name a chart writes beside the event's mark: the shipped
// events' Chinese name, else the name the user gave.
func (e Event) Short() string {
	if e.Label != "" {
		return e.Label
	}
	return e.Name
}

// Calendar is a set of events in start order.
type Calendar struct {
	events []Event
}

// Default is the embedded calendar.
func Default() *Calendar {
	c, err := Parse(builtin)
	if err != nil {
		panic("calendar: embedded events.tsv: " + err.Error()) // a build defect, caught by the tests
	}
	return c
}

// Parse reads the tab-separated events file: id, start, end, kind, name,
// source, label; lines starting with # are comments.
func Parse(text string) (*Calendar, error) {
	c := &Calendar{}
	for i, line := range strings.Split(text, "\n") {
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) != 7 {
			return nil, fmt.Errorf("events line %d: %d fields, want 7 (id, start, end, kind, name, source, label)", i+1, len(f))
		}
		if err := c.Add(Event{ID: f[0], Start: f[1], End: f[2], Kind: f[3], Name: f[4], Source: f[5], Label: f[6]}); err != nil {
			return nil, fmt.Errorf("events line %d: %w", i+1, err)
		}
	}
	return c, nil
}

// Add adds an event, checking its days; an id already present is replaced,
// so a user can correct a shipped date.
func (c *Calendar) Add(e Event) error {
	if e.ID == "" {
		return fmt.Errorf("event without an id")
	}
	for _, d := range []string{e.Start, e.End} {
		if _, err := tifa.ParseDay(d); err != nil {
			return fmt.Errorf("event %s: day %q is not YYYY-MM-DD", e.ID, d)
		}
	}
	if e.End < e.Start {
		return fmt.Errorf("event %s: ends %s before it starts %s", e.ID, e.End, e.Start)
	}
	c.events = slices.DeleteFunc(c.events, func(x Event) bool { return x.ID == e.ID })
	i, _ := slices.BinarySearchFunc(c.events, e, func(a, b Event) int { return strings.Compare(a.Start+a.ID, b.Start+b.ID) })
	c.events = slices.Insert(c.events, i, e)
	return nil
}

// Events lists the events in start order.
func (c *Calendar) Events() []Event { return slices.Clone(c.events) }

// Event returns the event with id.
func (c *Calendar) Event(id string) (Event, error) {
	for _, e := range c.events {
		if e.ID == id {
			return e, nil
		}
	}
	var ids []string
	for _, e := range c.events {
		ids = append(ids, e.ID)
	}
	return Event{}, fmt.Errorf("no event %q in the calendar; known: %s", id, strings.Join(ids, ", "))
}

// Covers says whether day falls within an event.
func (c *Calendar) Covers(day string) bool {
	for _, e := range c.events {
		if e.Start <= day && day <= e.End {
			return true
		}
	}
	return false
}

// Around is the range from days before an event's start to days after its end.
func Around(e Event, days int) (from, to string) {
	s, _ := tifa.ParseDay(e.Start)
	t, _ := tifa.ParseDay(e.End)
	return s.AddDate(0, 0, -days).Format(time.DateOnly), t.AddDate(0, 0, days).Format(time.DateOnly)
}

// Within lists the events that overlap from..to.
func (c *Calendar) Within(from, to string) []Event {
	var out []Event
	for _, e := range c.events {
		if (to == "" || e.Start <= to) && (from == "" || e.End >= from) {
			out = append(out, e)
		}
	}
	return out
}
