// Package config holds what tifa crawls and what it counts: sources and terms.
// A configuration file replaces the embedded default whole, so that what runs is
// exactly what the file says.
package config

import (
	"bytes"
	_ "embed"
	"fmt"
	"io"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"
)

//go:embed default.yaml
var defaultYAML []byte

// DefaultUserAgent names the tool and where an operator can read about it, so a
// site operator who sees it in a log knows what it is and who to ask.
const DefaultUserAgent = "tifa/0.1 (media-monitoring crawler; obeys robots.txt; +https://github.com/tifa-project/tifa)"

// Config is the whole configuration.
type Config struct {
	// UserAgent is sent with every request.
	UserAgent string   `yaml:"user_agent,omitempty"`
	Sources   []Source `yaml:"sources"`
	Terms     []Term   `yaml:"terms"`
	// Archive says where raw responses are kept as WARC files.
	Archive Archive `yaml:"archive,omitempty"`
	// Limits bound what is read from sites and standard input.
	Limits Limits `yaml:"limits,omitempty"`
	// Alerts are the rules and destinations of `tifa alerts`.
	Alerts Alerts `yaml:"alerts,omitempty"`
	// Events are the user's own additions to the political calendar.
	Events []Event `yaml:"events,omitempty"`

	// Name is where the configuration came from, for messages.
	Name string `yaml:"-"`
}

// Source is one outlet: where to start, which hosts belong to it and which
// URLs are articles.
type Source struct {
	ID      string   `yaml:"id"`
	Name    string   `yaml:"name"`
	Lang    string   `yaml:"lang"`
	Start   []string `yaml:"start"`
	Hosts   []string `yaml:"hosts"`
	Article []string `yaml:"article"`
	// Aliases maps a host to the host its pages are stored under, when the
	// same article is served by both (xinhuanet.com and news.cn).
	Aliases map[string]string `yaml:"aliases,omitempty"`
	// Delay is the minimum gap between two requests to one host.
	Delay Duration `yaml:"delay"`
	// Parallel is how many requests one host may have in flight [1], from
	// every worker sharing the database together; each of them waits Delay
	// after its answer.
	Parallel int `yaml:"parallel,omitempty"`
	// MaxPages bounds how many article pages one run fetches for the source.
	MaxPages int `yaml:"max_pages,omitempty"`
	// Feeds are RSS or Atom feeds whose items link articles; a feed's item
	// date dates an article whose page gives none.
	Feeds []string `yaml:"feeds,omitempty"`
	// Sitemaps are XML sitemaps, news sitemaps or sitemap indexes.
	Sitemaps []string `yaml:"sitemaps,omitempty"`
	// Listings are patterns of further listing pages (a listing's page 2, 3…)
	// followed from the start pages, at most ListingDepth links deep.
	Listings     []string `yaml:"listings,omitempty"`
	ListingDepth int      `yaml:"listing_depth,omitempty"`
	// Backfill walks a date-addressable archive day by day (tifa backfill).
	Backfill *Backfill `yaml:"backfill,omitempty"`
	// Comment is free text for the operator (why a pattern looks the way it does).
	Comment string `yaml:"comment,omitempty"`

	patterns []*regexp.Regexp
	listings []*regexp.Regexp
}

// Backfill describes a date-addressable archive: the first page of a day
// (Start, with {yyyy} {mm} {dd} {yyyymmdd} filled in), and the patterns of the
// day's further pages to follow from it (the other 版 of a print edition),
// whose article links are what the day is expected to hold.
type Backfill struct {
	Start  string   `yaml:"start"`
	Follow []string `yaml:"follow,omitempty"` // may hold the same date placeholders
}

func fillDate(s string, day time.Time) string {
	return strings.NewReplacer("{yyyy}", day.Format("2006"), "{mm}", day.Format("01"), "{dd}", day.Format("02"),
		"{yyyymmdd}", day.Format("20060102"), "{yyyymm}", day.Format("200601")).Replace(s)
}

// DayURL fills Start in for day.
func (b *Backfill) DayURL(day time.Time) string { return fillDate(b.Start, day) }

// FollowFor returns the patterns of day's further pages, the date filled in
// so a link to another day's page (a calendar) is not followed.
func (b *Backfill) FollowFor(day time.Time) ([]*regexp.Regexp, error) {
	var out []*regexp.Regexp
	for _, p := range b.Follow {
		re, err := regexp.Compile(fillDate(p, day))
		if err != nil {
			return nil, err
		}
		out = append(out, re)
	}
	return out, nil
}

// Term is one concept to count, in its Chinese and English forms.
type Term struct {
	ID         string   `yaml:"id"`
	Label      string   `yaml:"label,omitempty"`
	Zh         []string `yaml:"zh"`
	En         []string `yaml:"en,omitempty"`
	Categories []string `yaml:"categories,omitempty"`
	Notes      string   `yaml:"notes,omitempty"`
	// Ambiguous forces the word-boundary check even for long forms.
	Ambiguous bool `yaml:"ambiguous,omitempty"`
}

// Archive configures the raw-response archive: compressed WARC files, one
// per day and source, from which pages can be re-extracted without the
// network. An empty Dir turns it off.
type Archive struct {
	Dir string `yaml:"dir,omitempty"`
	// Retention deletes files older than this (e.g. 8760h); zero keeps all.
	Retention Duration `yaml:"retention,omitempty"`
	// MaxBytes deletes the oldest files while the archive is larger; zero: no cap.
	MaxBytes int64 `yaml:"max_bytes,omitempty"`
}

// Duration reads "2s", "500ms" or "1m" from YAML.
type Duration struct{ time.Duration }

// UnmarshalYAML implements yaml.Unmarshaler.
// Its errors carry the line, so Parse can name the field.
func (d *Duration) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind != yaml.ScalarNode {
		return durationError(n, "want a duration such as 30m or 3h, not a list or mapping")
	}
	v, err := time.ParseDuration(n.Value)
	if _, nerr := strconv.ParseFloat(n.Value, 64); err != nil && nerr == nil {
		return durationError(n, fmt.Sprintf("%q has no unit: write %ss, %sm or %sh (e.g. 30m, 3h)", n.Value, n.Value, n.Value, n.Value))
	}
	if err != nil {
		return durationError(n, fmt.Sprintf("%q is not a duration: write a number and a unit, such as 30m, 3h or 2s", n.Value))
	}
	if v < 0 {
		return durationError(n, fmt.Sprintf("%q is negative: a duration is 0 or more, such as 30m or 3h", n.Value))
	}
	d.Duration = v
	return nil
}

// MarshalYAML implements yaml.Marshaler.
func (d Duration) MarshalYAML() (any, error) { return d.Duration.String(), nil }

// Default returns the embedded default configuration.
func Default() *Config {
	cfg, err := Parse(bytes.NewReader(defaultYAML), "embedded default")
	if err != nil {
		// The default is tested; a failure here is a build defect, not user input.
		panic(err)
	}
	return cfg
}

// DefaultYAML returns the embedded default as written, comments included.
func DefaultYAML() []byte { return bytes.Clone(defaultYAML) }

// Error is a problem in a configuration, placed at its file and line.
type Error struct {
	Name  string // file name
	Line  int
	Field string // e.g. sources[1].article[0]
	Msg   string
}

func (e *Error) Error() string {
	msg := e.Msg
	if len(msg) > maxMsg { // a value quoted whole could be the whole file
		msg = strings.ToValidUTF8(msg[:maxMsg], "") + "…"
	}
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %s: %s", e.Name, e.Line, e.Field, msg)
	}
	return fmt.Sprintf("%s: %s: %s", e.Name, e.Field, msg)
}

const maxMsg = 400

// Parse reads a configuration from r; name is used in error messages.
func Parse(r io.Reader, name string) (*Config, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return nil, readable(name, &root, err)
	}
	if len(root.Content) == 0 {
		return nil, &Error{Name: name, Line: 1, Field: "sources", Msg: "the file is empty; give at least one source and one term"}
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	cfg := &Config{}
	if err := dec.Decode(cfg); err != nil {
		return nil, readable(name, &root, err)
	}
	cfg.Name = name
	if cfg.UserAgent == "" {
		cfg.UserAgent = DefaultUserAgent
	}
	if err := cfg.validate(root.Content[0]); err != nil {
		return nil, err
	}
	return cfg, nil
}

// Source returns the source with the given id.
func (c *Config) Source(id string) (*Source, bool) {
	for i := range c.Sources {
		if c.Sources[i].ID == id {
			return &c.Sources[i], true
		}
	}
	return nil, false
}

// Term returns the term with the given id.
func (c *Config) Term(id string) (*Term, bool) {
	for i := range c.Terms {
		if c.Terms[i].ID == id {
			return &c.Terms[i], true
		}
	}
	return nil, false
}

// SourceForURL returns the source whose hosts include the URL's host.
func (c *Config) SourceForURL(raw string) (*Source, bool) {
	u, err := url.Parse(raw)
	if err != nil {
		return nil, false
	}
	for i := range c.Sources {
		if c.Sources[i].OwnsHost(u.Hostname()) {
			return &c.Sources[i], true
		}
	}
	return nil, false
}

// OwnsHost reports whether host belongs to the source. A host entry starting
// with a dot matches every subdomain.
func (s *Source) OwnsHost(host string) bool {
	host = strings.ToLower(host)
	for _, h := range s.Hosts {
		h = strings.ToLower(h)
		if host == h || (strings.HasPrefix(h, ".") && (strings.HasSuffix(host, h) || host == h[1:])) {
			return true
		}
	}
	return false
}

// IsListing reports whether u, as linked or in its canonical form, is a
// further listing page of the source.
func (s *Source) IsListing(u string) bool { return s.matchEither(s.listings, u) }

// IsArticle reports whether u, as linked or in its canonical form, matches
// one of the source's article patterns.
func (s *Source) IsArticle(u string) bool { return s.matchEither(s.patterns, u) }

// Starts returns the start pages of the sources with the given ids.
func (c *Config) Starts(ids ...string) []string {
	var out []string
	for _, id := range ids {
		if s, ok := c.Source(id); ok {
			out = append(out, s.Start...)
		}
	}
	return out
}
