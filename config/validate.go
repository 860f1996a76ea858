package config

import (
	"fmt"
	"net"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"
)

var idPattern = regexp.MustCompile(`^[a-z0-9][a-z0-9-]*$`)

// validate checks what YAML decoding cannot, and places each problem at the
// line of the offending field so the operator can go straight to it.
func (c *Config) validate(root *yaml.Node) error {
	at := func(line int, field, format string, args ...any) error {
		return &Error{Name: c.Name, Line: line, Field: field, Msg: fmt.Sprintf(format, args...)}
	}
	if len(c.Sources) == 0 {
		return at(root.Line, "sources", "no sources; add at least one (see `tifa config show` for the default)")
	}
	seen := map[string]bool{}
	for i := range c.Sources {
		s := &c.Sources[i]
		field := func(name string) string { return fmt.Sprintf("sources[%d].%s", i, name) }
		line := func(path ...any) int { return lineOf(root, append([]any{"sources", i}, path...)...) }
		switch {
		case !idPattern.MatchString(s.ID):
			return at(line("id"), field("id"), "%q must be lower-case letters, digits and hyphens", s.ID)
		case seen[s.ID]:
			return at(line("id"), field("id"), "duplicate source id %q", s.ID)
		case len(s.Hosts) == 0:
			return at(line(), field("hosts"), "source %q lists no hosts", s.ID)
		case len(s.Article) == 0:
			return at(line(), field("article"), "source %q has no article URL patterns", s.ID)
		}
		seen[s.ID] = true
		if s.Lang == "" {
			s.Lang = "zh"
		}
		for j, h := range s.Hosts {
			if msg := badHost(h); msg != "" {
				return at(line("hosts", j), fmt.Sprintf("%s[%d]", field("hosts"), j), "%s", msg)
			}
			// A user copies "127.0.0.1:8080" from the address bar. Hosts name
			// hosts; which ports belong to the source is already decided by
			// its configured URLs (OwnsURL), so the port is dropped here
			// rather than refused, or compared against every host name and
			// never matched.
			if host, port, err := net.SplitHostPort(h); err == nil && host != "" && isPort(port) {
				s.Hosts[j] = host
			}
		}
		if len(s.Start) == 0 && len(s.Feeds) == 0 && len(s.Sitemaps) == 0 && s.Backfill == nil {
			return at(line(), field("start"), "source %q has nothing to crawl from: give start pages, feeds or sitemaps", s.ID)
		}
		if has(root, "sources", i, "max_pages") && s.MaxPages <= 0 {
			return at(line("max_pages"), field("max_pages"), "%d would fetch nothing: give a positive number of pages per run, or leave max_pages out for no limit", s.MaxPages)
		}
		for j, raw := range s.Start {
			u, err := url.Parse(raw)
			if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
				return at(line("start", j), fmt.Sprintf("%s[%d]", field("start"), j), "%q is not an http(s) URL", raw)
			}
			if !s.OwnsHost(u.Hostname()) {
				return at(line("start", j), fmt.Sprintf("%s[%d]", field("start"), j), "host %q is not in the source's hosts %v", u.Hostname(), s.Hosts)
			}
		}
		for from, to := range s.Aliases {
			if !s.OwnsHost(from) || !s.OwnsHost(to) {
				return at(line("aliases"), field("aliases"), "alias %s: %s must both be in the source's hosts %v", from, to, s.Hosts)
			}
		}
		s.listings = s.listings[:0]
		for j, p := range s.Listings {
			re, err := regexp.Compile(p)
			if err != nil {
				return at(line("listings", j), fmt.Sprintf("%s[%d]", field("listings"), j), "bad regular expression: %v", err)
			}
			s.listings = append(s.listings, re)
		}
		if s.Parallel < 0 || s.Parallel > 16 {
			return at(line("parallel"), field("parallel"), "%d is out of range: use 1 to 16 (1 is what most sites expect)", s.Parallel)
		}
		if s.ListingDepth < 0 || s.ListingDepth > 20 {
			return at(line("listing_depth"), field("listing_depth"), "%d is out of range: use 0 to 20", s.ListingDepth)
		}
		if len(s.Listings) == 0 && s.ListingDepth > 0 {
			return at(line("listing_depth"), field("listing_depth"), "set but the source has no listings: the depth would follow nothing; add listings patterns or remove it")
		}
		if len(s.Listings) > 0 && s.ListingDepth == 0 {
			s.ListingDepth = 3
		}
		for j, raw := range append(append([]string(nil), s.Feeds...), s.Sitemaps...) {
			if u, err := url.Parse(raw); err != nil || (u.Scheme != "http" && u.Scheme != "https") || !s.OwnsHost(u.Hostname()) {
				return at(line(), fmt.Sprintf("%s[%d]", field("feeds/sitemaps"), j), "%q is not an http(s) URL on the source's hosts", raw)
			}
		}
		if b := s.Backfill; b != nil {
			if !strings.Contains(b.Start, "{") {
				return at(line("backfill", "start"), field("backfill.start"), "%q has no date in it: use {yyyy} {mm} {dd} or {yyyymmdd}", b.Start)
			}
			if u, err := url.Parse(b.DayURL(time.Now())); err != nil || (u.Scheme != "http" && u.Scheme != "https") || !s.OwnsHost(u.Hostname()) {
				return at(line("backfill", "start"), field("backfill.start"), "%q is not an http(s) URL on the source's hosts %v", b.Start, s.Hosts)
			}
			for j, p := range b.Follow {
				if _, err := regexp.Compile(fillDate(p, time.Now())); err != nil {
					return at(line("backfill", "follow", j), fmt.Sprintf("%s[%d]", field("backfill.follow"), j), "bad regular expression: %v", err)
				}
			}
		}
		s.patterns = s.patterns[:0]
		for j, p := range s.Article {
			re, err := regexp.Compile(p)
			if err != nil {
				return at(line("article", j), fmt.Sprintf("%s[%d]", field("article"), j), "bad regular expression: %v", err)
			}
			s.patterns = append(s.patterns, re)
		}
	}
	if c.Archive.MaxBytes < 0 {
		return at(lineOf(root, "archive", "max_bytes"), "archive.max_bytes", "%d is negative: give a size in bytes, or leave it out for no cap", c.Archive.MaxBytes)
	}
	if c.Archive.Dir == "" && (c.Archive.MaxBytes > 0 || c.Archive.Retention.Duration > 0) {
		return at(lineOf(root, "archive"), "archive.dir", "retention and max_bytes are set but no dir: no archive is kept, so they would do nothing; give the archive a dir")
	}
	if len(c.Terms) == 0 {
		return at(root.Line, "terms", "no terms; add at least one (see `tifa config show` for the default)")
	}
	seen = map[string]bool{}
	for i := range c.Terms {
		t := &c.Terms[i]
		field := func(name string) string { return fmt.Sprintf("terms[%d].%s", i, name) }
		line := func(path ...any) int { return lineOf(root, append([]any{"terms", i}, path...)...) }
		switch {
		case !idPattern.MatchString(t.ID):
			return at(line("id"), field("id"), "%q must be lower-case letters, digits and hyphens", t.ID)
		case seen[t.ID]:
			return at(line("id"), field("id"), "duplicate term id %q", t.ID)
		case len(t.Zh) == 0 && len(t.En) == 0:
			return at(line(), field("zh"), "term %q has no forms; give zh and/or en", t.ID)
		}
		seen[t.ID] = true
		for j, f := range t.Zh {
			if strings.TrimSpace(f) == "" {
				return at(line("zh", j), fmt.Sprintf("%s[%d]", field("zh"), j), "empty form")
			}
		}
		for j, f := range t.En {
			if strings.TrimSpace(f) == "" {
				return at(line("en", j), fmt.Sprintf("%s[%d]", field("en"), j), "empty form")
			}
		}
	}
	if err := c.validateEvents(root); err != nil {
		return err
	}
	return c.validateAlerts(root)
}

// badHost says what is wrong with a hosts entry, or "" if nothing: an
// empty one matches no URL (and once crashed the crawler), and one with a
// scheme or path never equals a URL's host, so the source fetches nothing.
// isPort reports whether p is a TCP port number.
func isPort(p string) bool {
	n, err := strconv.Atoi(p)
	return err == nil && n > 0 && n < 65536 && strconv.Itoa(n) == p
}

func badHost(h string) string {
	switch {
	case strings.TrimSpace(h) == "":
		return "empty host: remove it, or name a host such as www.news.cn or 127.0.0.1"
	case strings.TrimSpace(h) != h || strings.ContainsAny(h, " \t/?#@"):
		return fmt.Sprintf("%q is not a host name: give the host alone, without scheme or path (e.g. www.news.cn, or .news.cn for every subdomain)", h)
	case h == "." || strings.HasPrefix(h, "..") || strings.HasSuffix(h, "."):
		return fmt.Sprintf("%q is not a host name: a leading dot means every subdomain (.news.cn); no other dots stand alone", h)
	}
	return ""
}

// has reports whether the path (mapping keys and sequence indexes) is
// written in the file, to tell "max_pages: 0" from no max_pages at all.
func has(n *yaml.Node, path ...any) bool {
	for _, p := range path {
		switch k := p.(type) {
		case string:
			if n.Kind == yaml.DocumentNode && len(n.Content) > 0 {
				n = n.Content[0]
			}
			if n.Kind != yaml.MappingNode {
				return false
			}
			found := false
			for i := 0; i+1 < len(n.Content); i += 2 {
				if n.Content[i].Value == k {
					n, found = n.Content[i+1], true
					break
				}
			}
			if !found {
				return false
			}
		case int:
			if n.Kind != yaml.SequenceNode || k >= len(n.Content) {
				return false
			}
			n = n.Content[k]
		}
	}
	return true
}

// lineOf follows a path of mapping keys (string) and sequence indexes (int)
// from the document root and returns the line of the deepest node it reaches.
func lineOf(n *yaml.Node, path ...any) int {
	line := n.Line
	for _, p := range path {
		switch k := p.(type) {
		case string:
			if n.Kind != yaml.MappingNode {
				return line
			}
			found := false
			for i := 0; i+1 < len(n.Content); i += 2 {
				if n.Content[i].Value == k {
					n, line, found = n.Content[i+1], n.Content[i].Line, true
					break
				}
			}
			if !found {
				return line
			}
		case int:
			if n.Kind != yaml.SequenceNode || k >= len(n.Content) {
				return line
			}
			n = n.Content[k]
			line = n.Line
		}
	}
	return line
}
