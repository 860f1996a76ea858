package crawler

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"net/url"
	"strings"

	"github.com/gocolly/colly/v2"
)

// sitemapURL is one <url> of a sitemap or news sitemap.
type sitemapURL struct {
	Loc     string `xml:"loc"`
	LastMod string `xml:"lastmod"`
	News    struct {
		Published string `xml:"publication_date"`
	} `xml:"news"`
}

// onSitemap queues a sitemap's article URLs, dated by the news sitemap's
// publication date where there is one (lastmod says when the page last
// changed, not when it was published), and follows an index one level
// down, to the source's own hosts only: an index is the site's word, and a
// hostile or hacked one must not make tifa send requests anywhere else. The
// document is read entry by entry, and what is taken is bounded by
// limits.sitemap_urls; the rest is counted in the summary.
func (r *sourceRun) onSitemap(resp *colly.Response) {
	u := resp.Request.URL.String()
	dec := xml.NewDecoder(bytes.NewReader(resp.Body))
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			return
		}
		if err != nil {
			r.fail(u, nil, &fetchError{kind: "parse", final: true, err: fmt.Errorf("sitemap %s: %w", u, err)})
			return
		}
		start, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		switch start.Name.Local {
		case "url":
			var e sitemapURL
			if err := dec.DecodeElement(&e, &start); err != nil {
				r.fail(u, nil, &fetchError{kind: "parse", final: true, err: fmt.Errorf("sitemap %s: %w", u, err)})
				return
			}
			if r.takeSitemapURL() {
				r.queue(strings.TrimSpace(e.Loc), parseLoose(e.News.Published))
			}
		case "sitemap":
			var e struct {
				Loc string `xml:"loc"`
			}
			if err := dec.DecodeElement(&e, &start); err != nil {
				r.fail(u, nil, &fetchError{kind: "parse", final: true, err: fmt.Errorf("sitemap %s: %w", u, err)})
				return
			}
			r.followSitemap(resp, strings.TrimSpace(e.Loc))
		}
	}
}

// followSitemap queues a child of a sitemap index, if it is on the source.
// Children are fetched one at a time after discovery (visitSitemaps), so
// that none is fetched once the run has taken all the URLs it may.
func (r *sourceRun) followSitemap(resp *colly.Response, loc string) {
	index := resp.Request.URL.String()
	r.mu.Lock()
	nested := r.sitemapChild[index]
	r.mu.Unlock()
	if nested {
		return // an index inside an index: not followed
	}
	child, err := url.Parse(resp.Request.AbsoluteURL(loc))
	if loc == "" || err != nil || !r.src.OwnsURL(child) {
		r.fail(index, nil, &fetchError{kind: "offsite", final: true,
			err: fmt.Errorf("sitemap index %s lists %q, which is not on the source's hosts: not fetched", index, loc)})
		return
	}
	r.mu.Lock()
	if !r.sitemapChild[child.String()] {
		r.sitemapChild[child.String()] = true
		r.sitemaps[child.String()] = true
		r.childQueue = append(r.childQueue, child.String())
	}
	r.mu.Unlock()
}

// visitSitemaps fetches the children of the indexes read so far, in order,
// until there are none left or the run has taken all the sitemap URLs it
// may; those left are counted.
func (r *sourceRun) visitSitemaps(col *colly.Collector) {
	for r.ctx.Err() == nil {
		r.mu.Lock()
		if len(r.childQueue) == 0 {
			r.mu.Unlock()
			return
		}
		next := r.childQueue[0]
		r.childQueue = r.childQueue[1:]
		r.mu.Unlock()
		if r.sitemapsFull() {
			r.count(func(s *Summary) { s.Capped["sitemaps"]++ })
			continue
		}
		if err := col.Visit(next); err != nil {
			r.fail(next, nil, err)
		}
		col.Wait()
	}
}
