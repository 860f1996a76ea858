package extract

import (
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/PuerkitoBio/goquery"
)

// titleSep splits "headline_channel_site" style <title> strings.
var titleSep = regexp.MustCompile(`\s*(?:__?|--|——|\s-\s|-|\||｜)\s*`)

// siteWord marks a title segment that names a site or channel, not the story.
var siteWord = regexp.MustCompile(`(?i)网$|网站|频道|日报|公报|政府|人民网|新华|光明|半月谈|央视|中国日报|求是|chinadaily|china daily|xinhua|people's daily|cgtn|\.com|\.cn`)

// cleanTitle removes site and channel suffixes ("_新华网", "--时政--人民网",
// " - 中国日报网") from a title.
func cleanTitle(s string) string {
	s = collapseSpace(s)
	for {
		locs := titleSep.FindAllStringIndex(s, -1)
		if len(locs) == 0 {
			return s
		}
		last := locs[len(locs)-1]
		head, sep, tail := s[:last[0]], strings.TrimSpace(s[last[0]:last[1]]), s[last[1]:]
		if tail == "" {
			s = head
			continue
		}
		if utf8.RuneCountInString(head) < 4 {
			return s
		}
		short := utf8.RuneCountInString(tail) <= 6 && sep != "-"
		if !siteWord.MatchString(tail) && !short {
			return s
		}
		s = head
	}
}

// titleFromHead picks a title when no rule selector found one. The first h1
// of many Chinese sites is the logo, so a heading only counts when the
// <title> agrees with it.
func titleFromHead(doc *goquery.Document) string {
	head := cleanTitle(doc.Find("title").First().Text())
	og, _ := doc.Find("meta[property='og:title']").First().Attr("content")
	og = cleanTitle(og)
	var best string
	doc.Find("h1, h2").EachWithBreak(func(_ int, el *goquery.Selection) bool {
		h := collapseSpace(el.Text())
		if utf8.RuneCountInString(h) < 4 {
			return true
		}
		if (head != "" && (strings.Contains(head, h) || strings.Contains(h, head))) || (og != "" && h == og) {
			best = h
			return false
		}
		return true
	})
	switch {
	case best != "":
		return best
	case og != "":
		return og
	case head != "":
		return head
	}
	// A fragment without <head>: its first real heading is all there is.
	return firstHeading(doc)
}

func firstHeading(doc *goquery.Document) string {
	var h string
	doc.Find("h1, h2").EachWithBreak(func(_ int, el *goquery.Selection) bool {
		h = collapseSpace(el.Text())
		return utf8.RuneCountInString(h) < 4
	})
	if utf8.RuneCountInString(h) < 4 {
		return ""
	}
	return h
}
