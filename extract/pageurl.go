package extract

import (
	"net/url"
	"regexp"
	"strings"

	"github.com/PuerkitoBio/goquery"
)

// savedURLRe matches the comment browsers and crawlers leave at the top of a
// saved page: "<!--http://…-->" or IE's "<!-- saved from url=(0071)http://…-->".
var savedURLRe = regexp.MustCompile(`^\s*<!--\s*(?:saved from url=\(\d+\))?\s*(https?://[^\s>]+?)\s*-->`)

// urlFromPage recovers the URL of a page saved without it.
func urlFromPage(text string, doc *goquery.Document) string {
	if m := savedURLRe.FindStringSubmatch(text[:min(len(text), 2048)]); m != nil {
		return m[1]
	}
	for _, sel := range []string{"link[rel='canonical']", "meta[property='og:url']"} {
		el := doc.Find(sel).First()
		v, _ := el.Attr("href")
		if v == "" {
			v, _ = el.Attr("content")
		}
		if strings.HasPrefix(v, "http://") || strings.HasPrefix(v, "https://") {
			return v
		}
	}
	return ""
}

// hostOf returns the lower-case host of u, looking through Wayback Machine
// addresses to the archived page.
func hostOf(u string) string {
	parsed, err := url.Parse(unwrapArchive(u))
	if err != nil {
		return ""
	}
	return strings.ToLower(parsed.Hostname())
}
