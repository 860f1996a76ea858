package config

import (
	"fmt"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Limits bound what tifa reads and keeps from sites it does not control. A
// zero field means the default given in brackets; each is documented in
// default.yaml. Going over a byte limit is an error of kind too_large, never
// a cut page; going over a count is counted in the crawl summary.
type Limits struct {
	// Body bounds one response after any decompression (pages, feeds,
	// sitemaps), and a page or text read by `tifa extract` and `tifa tag` [10MiB].
	Body Size `yaml:"body,omitempty"`
	// Robots bounds how much of a robots.txt is read; like Google, the rules
	// after it are ignored [500KiB].
	Robots Size `yaml:"robots,omitempty"`
	// Frontier bounds the URLs waiting to be fetched per source; links found
	// beyond it are counted, not queued [100000].
	Frontier Count `yaml:"frontier,omitempty"`
	// SitemapURLs bounds the URLs one run takes from a source's sitemaps; the
	// sitemap protocol allows 50,000 per file [50000].
	SitemapURLs Count `yaml:"sitemap_urls,omitempty"`
}

// Defaults of Limits.
const (
	DefaultBodyLimit        = 10 << 20
	DefaultRobotsLimit      = 500 << 10
	DefaultFrontierLimit    = 100_000
	DefaultSitemapURLsLimit = 50_000
)

// BodyBytes is Body or its default.
func (l Limits) BodyBytes() int64 { return or(int64(l.Body), DefaultBodyLimit) }

// RobotsBytes is Robots or its default.
func (l Limits) RobotsBytes() int64 { return or(int64(l.Robots), DefaultRobotsLimit) }

// FrontierURLs is Frontier or its default.
func (l Limits) FrontierURLs() int { return int(or(int64(l.Frontier), DefaultFrontierLimit)) }

// SitemapURLsPerRun is SitemapURLs or its default.
func (l Limits) SitemapURLsPerRun() int {
	return int(or(int64(l.SitemapURLs), DefaultSitemapURLsLimit))
}

func or(v, def int64) int64 {
	if v == 0 {
		return def
	}
	return v
}

// Size is a number of bytes, written 524288, 512KiB, 10MiB or 1GiB.
type Size int64

var sizeUnits = []struct {
	suffix string
	mult   int64
}{{"KiB", 1 << 10}, {"MiB", 1 << 20}, {"GiB", 1 << 30}, {"B", 1}}

// UnmarshalYAML implements yaml.Unmarshaler.
func (s *Size) UnmarshalYAML(n *yaml.Node) error {
	v, err := ParseSize(n.Value)
	if err != nil {
		return fmt.Errorf("line %d: %w", n.Line, err)
	}
	*s = Size(v)
	return nil
}

// MarshalYAML implements yaml.Marshaler.
func (s Size) MarshalYAML() (any, error) { return s.String(), nil }

func (s Size) String() string {
	for _, u := range sizeUnits {
		if s >= Size(u.mult) && int64(s)%u.mult == 0 {
			return strconv.FormatInt(int64(s)/u.mult, 10) + u.suffix
		}
	}
	return strconv.FormatInt(int64(s), 10)
}

// ParseSize reads a Size; it must be positive.
func ParseSize(text string) (int64, error) {
	t := strings.TrimSpace(text)
	mult := int64(1)
	for _, u := range sizeUnits {
		if num, ok := strings.CutSuffix(t, u.suffix); ok {
			t, mult = strings.TrimSpace(num), u.mult
			break
		}
	}
	v, err := strconv.ParseInt(t, 10, 64)
	if err != nil || v <= 0 || v > (1<<62)/mult {
		return 0, fmt.Errorf("%q is not a positive size such as 500KiB, 10MiB or 1048576", text)
	}
	return v * mult, nil
}

// Count is a positive number of things.
type Count int

// UnmarshalYAML implements yaml.Unmarshaler.
func (c *Count) UnmarshalYAML(n *yaml.Node) error {
	v, err := strconv.Atoi(strings.TrimSpace(n.Value))
	if err != nil || v <= 0 {
		return fmt.Errorf("line %d: %q is not a positive whole number", n.Line, n.Value)
	}
	*c = Count(v)
	return nil
}
