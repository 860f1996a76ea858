package config

import (
	"fmt"
	"time"

	"go.yaml.in/yaml/v3"
)

// Event is a user's own event for the political calendar (a provincial
// congress, a company's China strategy day); one with a shipped id
// replaces that event's dates.
type Event struct {
	ID     string `yaml:"id"`
	Name   string `yaml:"name,omitempty"`
	Start  string `yaml:"start"` // YYYY-MM-DD, China time
	End    string `yaml:"end,omitempty"`
	Source string `yaml:"source,omitempty"` // where the dates come from
}

func (c *Config) validateEvents(root *yaml.Node) error {
	for i, e := range c.Events {
		line := func(path ...any) int { return lineOf(root, append([]any{"events", i}, path...)...) }
		field := fmt.Sprintf("events[%d]", i)
		fail := func(l int, f, format string, args ...any) error {
			return &Error{Name: c.Name, Line: l, Field: field + f, Msg: fmt.Sprintf(format, args...)}
		}
		if !idPattern.MatchString(e.ID) {
			return fail(line("id"), ".id", "%q must be lower-case letters, digits and hyphens", e.ID)
		}
		if _, err := time.Parse(time.DateOnly, e.Start); err != nil {
			return fail(line("start"), ".start", "%q is not a day YYYY-MM-DD", e.Start)
		}
		if e.End != "" {
			if _, err := time.Parse(time.DateOnly, e.End); err != nil || e.End < e.Start {
				return fail(line("end"), ".end", "%q is not a day YYYY-MM-DD on or after start", e.End)
			}
		}
	}
	return nil
}
