package main

import (
	"fmt"

	"github.com/tifa-project/tifa/calendar"
	"github.com/tifa-project/tifa/config"
	"github.com/tifa-project/tifa/report"
)

// eventCalendar is the shipped calendar with the configuration's events
// added (an id already shipped is replaced).
func eventCalendar(cfg *config.Config) (*calendar.Calendar, error) {
	cal := calendar.Default()
	for _, e := range cfg.Events {
		end := e.End
		if end == "" {
			end = e.Start
		}
		src := e.Source
		if src == "" {
			src = "configuration " + cfg.Name
		}
		if err := cal.Add(calendar.Event{ID: e.ID, Name: e.Name, Start: e.Start, End: end, Kind: "user", Source: src}); err != nil {
			return nil, fmt.Errorf("%s: %w", cfg.Name, err)
		}
	}
	return cal, nil
}

// around resolves --around EVENT to a range of days either side.
func around(c *common, id string, days int) (calendar.Event, string, string, error) {
	cfg, err := c.loadConfig()
	if err != nil {
		return calendar.Event{}, "", "", err
	}
	cal, err := eventCalendar(cfg)
	if err != nil {
		return calendar.Event{}, "", "", err
	}
	ev, err := cal.Event(id)
	if err != nil {
		return calendar.Event{}, "", "", usagef("--around: %v", err)
	}
	from, to := calendar.Around(ev, days)
	return ev, from, to, nil
}

// eventDays is whether a day falls in a calendar event, for leaving event
// windows out of rising's windows, and the events overlapping any of ws.
func eventDays(c *common, ws ...report.Window) (func(string) bool, []string, error) {
	cfg, err := c.loadConfig()
	if err != nil {
		return nil, nil, err
	}
	cal, err := eventCalendar(cfg)
	if err != nil {
		return nil, nil, err
	}
	var ids []string
	seen := map[string]bool{}
	for _, w := range ws {
		for _, e := range cal.Within(w.From, w.To) {
			if !seen[e.ID] {
				seen[e.ID] = true
				ids = append(ids, e.ID)
			}
		}
	}
	return cal.Covers, ids, nil
}

// eventMarks are the calendar's events, shipped and in --config's
// events:, as a chart marks them; the chart keeps those in its range.
func eventMarks(c *common) ([]report.EventMark, error) {
	cfg, err := c.loadConfig()
	if err != nil {
		return nil, err
	}
	cal, err := eventCalendar(cfg)
	if err != nil {
		return nil, err
	}
	var out []report.EventMark
	for _, e := range cal.Events() {
		out = append(out, report.EventMark{Start: e.Start, End: e.End, Label: e.Short()})
	}
	return out, nil
}
