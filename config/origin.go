package config

import (
	"net/url"
	"strings"
	"time"
)

// OwnsURL reports whether a request to u stays on the source: http or https,
// a host in Hosts, and a port the source was configured with. A host's
// standard ports (http on 80, https on 443) always belong to it, so a site
// moving to https is followed; any other scheme and port pair must appear in
// one of the source's configured URLs (start, feeds, sitemaps, backfill).
// Without this, a redirect or a sitemap index could send tifa to another
// service on the same machine.
func (s *Source) OwnsURL(u *url.URL) bool {
	if u == nil || (u.Scheme != "http" && u.Scheme != "https") || !s.OwnsHost(u.Hostname()) {
		return false
	}
	port := effectivePort(u)
	if port == defaultPort(u.Scheme) {
		return true
	}
	for _, raw := range s.configuredURLs() {
		c, err := url.Parse(raw)
		if err == nil && c.Scheme == u.Scheme && strings.EqualFold(c.Hostname(), u.Hostname()) && effectivePort(c) == port {
			return true
		}
	}
	return false
}

// configuredURLs are the URLs the operator wrote for the source.
func (s *Source) configuredURLs() []string {
	out := make([]string, 0, len(s.Start)+len(s.Feeds)+len(s.Sitemaps)+1)
	out = append(append(append(out, s.Start...), s.Feeds...), s.Sitemaps...)
	if s.Backfill != nil {
		// The placeholders sit in the path; any day gives the same origin.
		out = append(out, s.Backfill.DayURL(time.Unix(0, 0)))
	}
	return out
}

func effectivePort(u *url.URL) string {
	if p := u.Port(); p != "" {
		return p
	}
	return defaultPort(u.Scheme)
}

func defaultPort(scheme string) string {
	if scheme == "https" {
		return "443"
	}
	return "80"
}
