package config

import (
	"fmt"
	"net/url"

	"go.yaml.in/yaml/v3"
)

// Alerts are the rules `tifa alerts` evaluates and where it sends them.
type Alerts struct {
	Rules        []AlertRule        `yaml:"rules,omitempty"`
	Destinations []AlertDestination `yaml:"destinations,omitempty"`
}

// AlertRule is one rule; zero numbers take the rule's defaults.
type AlertRule struct {
	Kind        string   `yaml:"kind"` // rising, first, unhealthy, fading, candidate
	Terms       []string `yaml:"terms,omitempty"`
	Sources     []string `yaml:"sources,omitempty"`
	Days        int      `yaml:"days,omitempty"`
	Baseline    int      `yaml:"baseline,omitempty"`
	Ratio       float64  `yaml:"ratio,omitempty"`
	MinArticles int      `yaml:"min_articles,omitempty"`
	Score       float64  `yaml:"score,omitempty"`
	// ExcludeEvents leaves calendar events' days out of a rising rule's baseline
	// and its current window: a predictable peak is neither norm nor news.
	ExcludeEvents bool `yaml:"exclude_events,omitempty"`
}

// AlertDestination is a webhook in a chat's format, or stdout.
type AlertDestination struct {
	Format string `yaml:"format"` // json, slack, teams, wecom, dingtalk, stdout
	URL    string `yaml:"url,omitempty"`
	Secret string `yaml:"secret,omitempty"` // dingtalk signing secret
}

var alertKinds = map[string]bool{"rising": true, "first": true, "unhealthy": true, "fading": true, "candidate": true}
var alertFormats = map[string]bool{"json": true, "slack": true, "teams": true, "wecom": true, "dingtalk": true, "stdout": true}

func (c *Config) validateAlerts(root *yaml.Node) error {
	at := func(line int, field, format string, args ...any) error {
		return &Error{Name: c.Name, Line: line, Field: field, Msg: fmt.Sprintf(format, args...)}
	}
	for i, r := range c.Alerts.Rules {
		line := func(path ...any) int { return lineOf(root, append([]any{"alerts", "rules", i}, path...)...) }
		field := fmt.Sprintf("alerts.rules[%d]", i)
		switch {
		case !alertKinds[r.Kind]:
			return at(line("kind"), field+".kind", "%q is not a rule kind: give rising, first, unhealthy, fading or candidate", r.Kind)
		case r.Days < 0 || r.Baseline < 0 || r.MinArticles < 0 || r.Ratio < 0 || r.Score < 0:
			return at(line(), field, "numbers must be positive (leave one out for its default)")
		case r.Ratio != 0 && r.Ratio <= 1:
			return at(line("ratio"), field+".ratio", "%g would alert on terms that did not rise: give a ratio above 1", r.Ratio)
		}
		for j, t := range r.Terms {
			if _, ok := c.Term(t); !ok {
				return at(line("terms", j), fmt.Sprintf("%s.terms[%d]", field, j), "no term %q in terms", t)
			}
		}
		for j, s := range r.Sources {
			if _, ok := c.Source(s); !ok {
				return at(line("sources", j), fmt.Sprintf("%s.sources[%d]", field, j), "no source %q in sources", s)
			}
		}
	}
	for i, d := range c.Alerts.Destinations {
		line := func(path ...any) int { return lineOf(root, append([]any{"alerts", "destinations", i}, path...)...) }
		field := fmt.Sprintf("alerts.destinations[%d]", i)
		if !alertFormats[d.Format] {
			return at(line("format"), field+".format", "%q is not a format: give json, slack, teams, wecom, dingtalk or stdout", d.Format)
		}
		if d.Format == "stdout" {
			continue
		}
		u, err := url.Parse(d.URL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return at(line("url"), field+".url", "%q is not an http(s) URL", d.URL)
		}
		if d.Secret != "" && d.Format != "dingtalk" {
			return at(line("secret"), field+".secret", "only dingtalk bots take a signing secret")
		}
	}
	return nil
}
