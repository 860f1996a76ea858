package config

import (
	"strings"
	"testing"
)

// TestEvents parses CONSTRUCTED user events appended to the default
// configuration, and names the line of a bad one.
func TestEvents(t *testing.T) {
	base := strings.Split(string(defaultYAML), "\nterms:")[0] + "\nterms:\n  - id: t\n    zh: [新质生产力]\n"
	good := base + "events:\n  - id: henan-congress-2024\n    name: 河南省人代会\n    start: 2024-01-21\n    end: 2024-01-25\n"
	cfg, err := Parse(strings.NewReader(good), "tifa.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if len(cfg.Events) != 1 || cfg.Events[0].Start != "2024-01-21" || cfg.Events[0].End != "2024-01-25" {
		t.Errorf("events: %+v", cfg.Events)
	}
	bad := base + "events:\n  - id: x\n    start: 2024-01-25\n    end: 2024-01-21\n"
	_, err = Parse(strings.NewReader(bad), "tifa.yaml")
	if err == nil || !strings.Contains(err.Error(), "events[0].end") || !strings.Contains(err.Error(), "tifa.yaml:") {
		t.Errorf("an event ending before it starts: %v, want an error naming events[0].end and its line", err)
	}
}
