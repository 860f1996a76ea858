package extract

import (
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/PuerkitoBio/goquery"

	"github.com/tifa-project/tifa"
)

type stampResult struct {
	t      time.Time
	source string // page, meta or url
}

// stampRe accepts the stamps seen on our sites: "2024-05-09 22:27:02",
// "2024年05月10日06:58", "2012-06-04", "2007-08-20-23:59:59",
// "2024/05/09", and Xinhua's split "2024 05/09 22:27:02".
var stampRe = regexp.MustCompile(`(\d{4})\s*(?:[-/.年]|\s)\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})(?:\s*日)?(?:[\sT-]*(\d{1,2})\s*[:：时]\s*(\d{2})(?:\s*[:：分]\s*(\d{2}))?)?`)

// englishStampRe accepts the English editions' "11:35, November 23, 2022",
// "Jan. 15, 2023" and "November 23, 2022 11:35".
var englishStampRe = regexp.MustCompile(`(?i)(?:(\d{1,2}):(\d{2}),?\s+)?\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+(\d{1,2}),?\s+(\d{4})(?:,?\s+(\d{1,2}):(\d{2}))?`)

var monthNames = map[string]string{
	"jan": "1", "feb": "2", "mar": "3", "apr": "4", "may": "5", "jun": "6",
	"jul": "7", "aug": "8", "sep": "9", "oct": "10", "nov": "11", "dec": "12",
}

// parseStamp finds the first plausible date in s, in China time. Dates more
// than a day after now are rejected: they come from scripts and templates.
func parseStamp(s string, now time.Time) (time.Time, bool) {
	for _, c := range stampCandidates(s) {
		if plausible(c.t, now) {
			return c.t, true
		}
	}
	return time.Time{}, false
}

type stampCandidate struct {
	t       time.Time
	hasTime bool
}

// stampCandidates lists the valid dates written in s, numeric ones first.
func stampCandidates(s string) []stampCandidate {
	var out []stampCandidate
	for _, m := range stampRe.FindAllStringSubmatch(s, 4) {
		if t, ok := stampFromParts(m[1], m[2], m[3], m[4], m[5], m[6]); ok {
			out = append(out, stampCandidate{t: t, hasTime: m[4] != ""})
		}
	}
	for _, m := range englishStampRe.FindAllStringSubmatch(s, 4) {
		hour, minute := m[1], m[2]
		if hour == "" {
			hour, minute = m[6], m[7]
		}
		month := monthNames[strings.ToLower(m[3])]
		if t, ok := stampFromParts(m[5], month, m[4], hour, minute, ""); ok {
			out = append(out, stampCandidate{t: t, hasTime: hour != ""})
		}
	}
	return out
}

func stampFromParts(y, mo, d, h, mi, sec string) (time.Time, bool) {
	n := func(s string) int { v, _ := strconv.Atoi(s); return v }
	year, month, day := n(y), n(mo), n(d)
	hour, minute, second := n(h), n(mi), n(sec)
	if month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59 {
		return time.Time{}, false
	}
	t := time.Date(year, time.Month(month), day, hour, minute, second, 0, tifa.China)
	if t.Day() != day {
		return time.Time{}, false // 31 April and the like
	}
	return t, true
}

func plausible(t, now time.Time) bool {
	return t.Year() >= 1990 && !t.After(now.Add(24*time.Hour))
}

// metaNames are the meta tags holding a publication time, best first.
var metaNames = []string{
	"meta[name='publishdate']", "meta[name='firstpublishedtime']", "meta[name='PubDate']",
	"meta[name='pubdate']", "meta[property='article:published_time']", "meta[name='publishtime']",
	"meta[name='maketime']", "meta[itemprop='datePublished']",
}

func metaStamp(doc *goquery.Document, now time.Time) stampResult {
	for _, sel := range metaNames {
		v, ok := doc.Find(sel).First().Attr("content")
		if !ok {
			continue
		}
		if t, ok := parseStamp(v, now); ok {
			return stampResult{t: t, source: "meta"}
		}
	}
	return stampResult{}
}

// urlStampRes match /20240509/, /2024-05/09/, /n1/2024/0510/, /202405/20/
// and TRS-style t20120624_ paths.
var urlStampRes = []*regexp.Regexp{
	regexp.MustCompile(`/(\d{4})-(\d{2})/(\d{2})/`),
	regexp.MustCompile(`/(\d{4})/(\d{2})(\d{2})/`),
	regexp.MustCompile(`/(\d{4})(\d{2})/(\d{2})/`),
	regexp.MustCompile(`/(\d{4})(\d{2})(\d{2})/`),
	regexp.MustCompile(`[/_]t(\d{4})(\d{2})(\d{2})_`),
	regexp.MustCompile(`/(\d{4})-(\d{2})-(\d{2})/`),
}

func urlStamp(pageURL string, now time.Time) stampResult {
	u := unwrapArchive(pageURL)
	for _, re := range urlStampRes {
		m := re.FindStringSubmatch(u)
		if m == nil {
			continue
		}
		if t, ok := stampFromParts(m[1], m[2], m[3], "", "", ""); ok && plausible(t, now) {
			return stampResult{t: t, source: "url"}
		}
	}
	return stampResult{}
}

func unwrapArchive(u string) string {
	if i := strings.Index(u, "web.archive.org/web/"); i >= 0 {
		rest := u[i+len("web.archive.org/web/"):]
		if j := strings.Index(rest, "/"); j >= 0 {
			return rest[j+1:]
		}
	}
	return u
}
