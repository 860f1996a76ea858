package crawler

import (
	"bytes"
	"fmt"
	"strings"
	"time"

	"github.com/gocolly/colly/v2"
	"github.com/mmcdole/gofeed"

	"github.com/tifa-project/tifa"
)

// feedDateLayouts are the item dates feeds give that gofeed does not read:
// People's Daily writes "2020-08-25" where RSS wants RFC 822.
var feedDateLayouts = []string{"2006-01-02 15:04:05", "2006-01-02 15:04", "2006-01-02"}

// onFeed queues the article links of an RSS or Atom feed with their dates.
func (r *sourceRun) onFeed(resp *colly.Response) {
	feed, err := gofeed.NewParser().Parse(bytes.NewReader(resp.Body))
	if err != nil {
		u := resp.Request.URL.String()
		r.fail(u, nil, &fetchError{kind: "parse", final: true, err: fmt.Errorf("feed %s: %w", u, err)})
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
		if t, err := time.ParseInLocation(layout, s, tifa.China); err == nil {
			return t
		}
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t
	}
	return time.Time{}
}
