package crawler

import (
	"net/url"
	"strings"
)

// trackingParams never change what a page says; dropping them keeps one
// article from being stored under many URLs.
var trackingParams = []string{"utm_", "spm", "from", "isappinstalled", "share", "wxshare", "scene"}

// Canonical returns the form of raw under which an article is stored: lower-case
// host without a default port, no fragment, no tracking parameters, and an
// "index.html" tail dropped. It returns raw unchanged if it does not parse.
func Canonical(raw string) string {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || u.Host == "" {
		return raw
	}
	u.Fragment, u.RawFragment = "", ""
	u.Scheme = strings.ToLower(u.Scheme)
	host := strings.ToLower(u.Hostname())
	if p := u.Port(); p != "" && !(p == "80" && u.Scheme == "http") && !(p == "443" && u.Scheme == "https") {
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
