package crawler

import (
	"bytes"
	"encoding/xml"
	"strings"
	"time"

	"github.com/gocolly/colly/v2"
	"github.com/mmcdole/gofeed"
)

var china = time.FixedZone("CST", 8*3600)

// feedDateLayouts are the item dates feeds give that gofeed does not read:
// People's Daily writes "2020-08-25" where RSS wants RFC 822.
var feedDateLayouts = []string{"2006-01-02 15:04:05", "2006-01-02 15:04", "2006-01-02"}

// onFeed queues the article links of an RSS or Atom feed with their dates.
func (r *sourceRun) onFeed(resp *colly.Response) {
	feed, err := gofeed.NewParser().Parse(bytes.NewReader(resp.Body))
	if err != nil {
		r.fail(resp.Request.URL.String(), nil, err)
		return
	}
	for _, item := range feed.Items {
		var date time.Time
		switch {
		case item.PublishedParsed != nil:
			date = *item.PublishedParsed
		case item.UpdatedParsed != nil:
			date = *item.UpdatedParsed
		default:
			date = parseLoose(item.Published)
		}
		r.queue(resp.Request.AbsoluteURL(strings.TrimSpace(item.Link)), date)
	}
}

func parseLoose(s string) time.Time {
	s = strings.TrimSpace(s)
	for _, layout := range feedDateLayouts {
		if t, err := time.ParseInLocation(layout, s, china); err == nil {
			return t
		}
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t
	}
	return time.Time{}
}

// sitemap is an XML sitemap, a news sitemap or a sitemap index.
type sitemap struct {
	URLs []struct {
		Loc     string `xml:"loc"`
		LastMod string `xml:"lastmod"`
		News    struct {
			Published string `xml:"publication_date"`
		} `xml:"news"`
	} `xml:"url"`
	Sitemaps []struct {
		Loc string `xml:"loc"`
	} `xml:"sitemap"`
}

// onSitemap queues a sitemap's article URLs, dated by the news sitemap's
// publication date where there is one (lastmod says when the page last
// changed, not when it was published), and follows an index one level down.
func (r *sourceRun) onSitemap(resp *colly.Response) {
	var sm sitemap
	if err := xml.Unmarshal(resp.Body, &sm); err != nil {
		r.fail(resp.Request.URL.String(), nil, err)
		return
	}
	for _, u := range sm.URLs {
		r.queue(strings.TrimSpace(u.Loc), parseLoose(u.News.Published))
	}
	if resp.Request.Depth > 1 {
		return // an index inside an index: not followed
	}
	for _, s := range sm.Sitemaps {
		loc := strings.TrimSpace(s.Loc)
		r.mu.Lock()
		r.sitemaps[loc] = true
		r.mu.Unlock()
		if err := resp.Request.Visit(loc); err != nil {
			r.fail(loc, nil, err)
		}
	}
}
