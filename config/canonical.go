package config

import (
	"net/url"
	"regexp"
	"strings"
)

// trackingParams never change what a page says; dropping them keeps one
// article from being stored under many URLs.
var trackingParams = []string{"utm_", "spm", "from", "isappinstalled", "share", "wxshare", "scene"}

// Canonical returns the URL an article of the source is stored under: https, the
// host lower-case and mapped through the source's aliases (xinhuanet.com
// pages are news.cn pages), no default port, no fragment, no tracking
// parameters, and no "index.html" tail. It is the key that deduplicates; the
// URL fetched is the one the site linked, and the URL stored and shown is the
// one that answered (after redirects). raw is returned unchanged if it
// does not parse.
func (src *Source) Canonical(raw string) string {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https") {
		return raw
	}
	u.Fragment, u.RawFragment = "", ""
	u.Scheme = "https"
	host := strings.ToLower(u.Hostname())
	if to, ok := src.Aliases[host]; ok {
		host = to
	}
	if p := u.Port(); p != "" && p != "80" && p != "443" {
		host += ":" + p
	}
	u.Host = host
	if strings.HasSuffix(u.Path, "/index.html") || strings.HasSuffix(u.Path, "/index.htm") {
		u.Path = u.Path[:strings.LastIndex(u.Path, "/")+1]
	}
	if u.RawQuery != "" {
		q := u.Query()
		for k := range q {
			for _, p := range trackingParams {
				if strings.HasPrefix(strings.ToLower(k), p) {
					q.Del(k)
				}
			}
		}
		u.RawQuery = q.Encode()
	}
	return u.String()
}

// matchEither matches a pattern against the URL as linked and against its
// canonical form. A user copies patterns from the address bar: an http site
// gives `^http://`, while the canonical key is always https; matching both
// makes `^http://`, `^https://` and `^https?://` all mean what they say.
//
// The canonical form is also tried under the scheme as linked, so that
// `^http://…\.html$` takes an http link with a tracking parameter too.
func (src *Source) matchEither(res []*regexp.Regexp, u string) bool {
	if MatchAny(res, u) {
		return true
	}
	canon := src.Canonical(u)
	if canon == u {
		return false
	}
	if MatchAny(res, canon) {
		return true
	}
	scheme, _, ok := strings.Cut(strings.TrimSpace(u), "://")
	if rest, isHTTPS := strings.CutPrefix(canon, "https://"); ok && isHTTPS && strings.EqualFold(scheme, "http") {
		return MatchAny(res, "http://"+rest)
	}
	return false
}

// MatchAny reports whether any of res matches s.
func MatchAny(res []*regexp.Regexp, s string) bool {
	for _, re := range res {
		if re.MatchString(s) {
			return true
		}
	}
	return false
}
