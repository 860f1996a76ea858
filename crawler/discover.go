package crawler

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"

	"github.com/gocolly/colly/v2"

	"github.com/tifa-project/tifa/config"
	"github.com/tifa-project/tifa/store"
)

// collector builds the source's colly collector: its limit rules are shared
// by every clone, so listings, articles and extra pages of one host all wait
// their turn behind the same delay.
func (c *Crawler) collector(r *sourceRun) (*colly.Collector, error) {
	col := colly.NewCollector(
		colly.UserAgent(c.Config.UserAgent),
		colly.MaxDepth(1), // start pages only: articles are fetched from the frontier
		colly.Async(true),
		colly.StdlibContext(r.ctx),
	)
	// colly ignores robots.txt by default and lets COLLY_* variables switch it
	// back off; politeness is not optional here, so set it after both.
	col.IgnoreRobotsTxt = false
	col.MaxBodySize = c.MaxBodySize
	// Listing pages change between runs; colly's in-memory visited set is per
	// collector, so revisits are only about one run, where they do not happen.
	if c.Transport != nil {
		col.WithTransport(c.Transport)
	}
	col.SetRequestTimeout(c.RequestTimeout)
	// A redirect off the source is not followed (it is not the source's
	// article, and the other site has not been asked for robots.txt), nor is
	// a loop.
	col.SetRedirectHandler(func(req *http.Request, via []*http.Request) error {
		if !r.src.OwnsHost(req.URL.Hostname()) {
			return fmt.Errorf("%w: %s", errOffsite, req.URL)
		}
		if len(via) >= 10 {
			return fmt.Errorf("%w: %d redirects from %s", errRedirectLoop, len(via), via[0].URL)
		}
		return nil
	})
	for _, h := range r.src.Hosts {
		glob := h
		if h[0] == '.' {
			glob = "*" + h
		}
		// One request at a time per host, at least Delay apart, plus up to a
		// quarter of it at random so requests do not beat like a clock.
		rule := &colly.LimitRule{DomainGlob: glob, Parallelism: 1, Delay: r.src.Delay.Duration, RandomDelay: r.src.Delay.Duration / 4}
		if err := col.Limit(rule); err != nil {
			return nil, fmt.Errorf("limit rule for %s: %w", h, err)
		}
	}
	return col, nil
}

var (
	errOffsite      = errors.New("redirect off the source")
	errRedirectLoop = errors.New("redirect loop")
)

// discover fetches the start pages (conditionally: an unchanged listing costs
// the site a 304) and puts the article links they hold into the frontier.
func (r *sourceRun) discover() error {
	col, err := r.c.collector(r)
	if err != nil {
		return err
	}
	r.col = col
	col.OnRequest(func(req *colly.Request) {
		v, err := r.c.DB.Validators(r.ctx, req.URL.String())
		if err != nil {
			return
		}
		if v.ETag != "" {
			req.Headers.Set("If-None-Match", v.ETag)
		}
		if v.LastModified != "" {
			req.Headers.Set("If-Modified-Since", v.LastModified)
		}
	})
	col.OnResponse(func(resp *colly.Response) {
		r.count(func(s *Summary) { s.Fetched++ })
		r.c.DB.SetValidators(r.ctx, resp.Request.URL.String(), store.Validators{
			ETag: resp.Headers.Get("ETag"), LastModified: resp.Headers.Get("Last-Modified"),
		})
	})
	col.OnHTML("a[href]", r.onLink)
	col.OnError(func(resp *colly.Response, err error) {
		if resp != nil && resp.StatusCode == http.StatusNotModified {
			r.count(func(s *Summary) { s.NotModified++ })
			return
		}
		r.fail(resp.Request.URL.String(), resp, err)
	})
	for _, start := range r.src.Start {
		if err := col.Visit(start); err != nil {
			r.fail(start, nil, err)
		}
	}
	col.Wait()
	return nil
}

// onLink queues an article link of a start page.
func (r *sourceRun) onLink(e *colly.HTMLElement) {
	link := e.Request.AbsoluteURL(e.Attr("href"))
	if link == "" {
		return
	}
	canon := r.src.Canonical(link)
	if !Belongs(r.src, canon) {
		return
	}
	if r.c.Refetch {
		if err := r.c.DB.Requeue(r.ctx, r.src.ID, canon, link, r.c.Now()); err != nil {
			r.fail(canon, nil, err)
		}
		return
	}
	known, err := r.c.DB.HasArticle(r.ctx, canon)
	if err != nil {
		r.fail(canon, nil, err)
		return
	}
	if known {
		r.count(func(s *Summary) { s.Known++ })
		return
	}
	isNew, err := r.c.DB.Enqueue(r.ctx, r.src.ID, canon, link, r.c.Now())
	if err != nil {
		r.fail(canon, nil, err)
		return
	}
	if isNew {
		r.count(func(s *Summary) { s.Found++ })
	}
}

// Belongs reports whether u, canonical, is an article URL of src.
func Belongs(src *config.Source, u string) bool {
	pu, err := url.Parse(u)
	return err == nil && src.OwnsHost(pu.Hostname()) && src.IsArticle(u)
}
