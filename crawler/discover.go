package crawler

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/gocolly/colly/v2"

	"github.com/tifa-project/tifa/config"
)

// collector builds the source's colly collector: its limit rules are shared
// by every clone, so listings, articles and extra pages of one host all wait
// their turn behind the same delay.
func (c *Crawler) collector(r *sourceRun) (*colly.Collector, error) {
	col := colly.NewCollector(
		colly.UserAgent(c.Config.UserAgent),
		// Start pages, feeds and sitemaps are depth 1; further listing pages
		// (page 2, 3…) go ListingDepth deeper. Articles are fetched from the
		// frontier, not by following links.
		colly.MaxDepth(1+max(r.src.ListingDepth, 1)),
		colly.Async(true),
		colly.StdlibContext(r.ctx),
	)
	// colly ignores robots.txt by default and lets COLLY_* variables switch it
	// back off; politeness is not optional here, so set it after both.
	col.IgnoreRobotsTxt = false
	// The guard bounds bodies after decompression; colly's own limit would
	// cut a long page silently.
	col.MaxBodySize = 0
	col.WithTransport(r.guard)
	// No client timeout: the guard times each request from when it is sent,
	// not from when it began to wait for its host's turn.
	col.SetRequestTimeout(0)
	col.SetRedirectHandler(r.checkRedirect)
	for _, h := range r.src.Hosts {
		glob := h
		if h[0] == '.' {
			glob = "*" + h
		}
		// Parallel requests at a time per host (one, unless the source says),
		// at least Delay apart, plus up to a quarter of it at random so
		// requests do not beat like a clock.
		rule := &colly.LimitRule{DomainGlob: glob, Parallelism: max(r.src.Parallel, 1), Delay: r.src.Delay.Duration, RandomDelay: r.src.Delay.Duration / 4}
		if err := col.Limit(rule); err != nil {
			return nil, fmt.Errorf("limit rule for %s: %w", h, err)
		}
	}
	return col, nil
}

var (
	errOffsite      = errors.New("off the source's hosts")
	errRedirectLoop = errors.New("redirect loop")
)

// readListings reads the source's listings, unless this crawl shares the
// frontier and another crawl began reading them this round: then it only
// builds the collector the fetches clone, and the frontier's fetchers wait
// on that reading while it runs (claim).
func (r *sourceRun) readListings() error {
	if !r.c.Shared {
		return r.discover()
	}
	r.sum.Worker = r.c.Worker
	d, mine, err := r.c.DB.BeginDiscovery(r.ctx, r.src.ID, r.c.Worker, r.c.Round, r.c.Lease)
	if err != nil {
		return fmt.Errorf("begin reading the listings: %w", dbFailure(err))
	}
	if !mine {
		r.sum.ListingsBy = d.Worker
		if r.col == nil {
			r.col, err = r.c.collector(r)
		}
		return err
	}
	r.sum.ListingsBy = ""
	r.listed = true
	stop := r.holdDiscovery()
	err = r.discover()
	stop()
	complete := err == nil && r.ctx.Err() == nil && r.localErr == nil
	if eerr := r.c.DB.EndDiscovery(context.WithoutCancel(r.ctx), r.src.ID, r.c.Worker, complete); eerr != nil && err == nil {
		r.fail(r.src.ID, nil, dbFailure(eerr))
	}
	return err
}

// holdDiscovery renews this crawl's hold on the source's discovery while
// it reads the listings, and returns what stops it.
func (r *sourceRun) holdDiscovery() (stop func()) {
	return r.keepRenewing("renew discovery", func() error {
		return r.c.DB.RenewDiscovery(r.ctx, r.src.ID, r.c.Worker, r.c.Lease)
	})
}

// othersReading reports whether another crawl is reading the source's
// listings now, so that an empty frontier may still fill.
func (r *sourceRun) othersReading() (bool, error) {
	if !r.c.Shared || r.listed {
		return false, nil
	}
	d, err := r.c.DB.Discovery(r.ctx, r.src.ID)
	return d.Running && d.Worker != r.c.Worker, err
}

// readingLapsed reports whether the reading this crawl deferred to ended
// incomplete (its crawl was killed or interrupted): the listings are still
// to be read this round, and this crawl takes them over.
func (r *sourceRun) readingLapsed() bool {
	if !r.c.Shared || r.listed || r.ctx.Err() != nil {
		return false
	}
	d, err := r.c.DB.Discovery(r.ctx, r.src.ID)
	if err != nil {
		r.fail(r.src.ID, nil, dbFailure(err))
		return false
	}
	return !d.Running && d.Finished.IsZero()
}

// discover fetches the start pages (conditionally: an unchanged listing costs
// the site a 304) and puts the article links they hold into the frontier.
func (r *sourceRun) discover() error {
	col, err := r.c.collector(r)
	if err != nil {
		return err
	}
	r.col = col
	col.OnRequest(r.conditional)
	for _, u := range r.src.Sitemaps {
		r.sitemaps[u] = true
	}
	col.OnResponse(func(resp *colly.Response) {
		r.count(func(s *Summary) { s.Fetched++; s.Listed++ })
		r.keep(resp)
		r.remember(resp)
		r.readFeedOrSitemap(resp)
	})
	col.OnHTML("a[href]", r.onLink)
	col.OnError(func(resp *colly.Response, err error) {
		if resp != nil && resp.StatusCode == http.StatusNotModified {
			r.count(func(s *Summary) { s.NotModified++; s.Listed++ })
			r.reread(resp)
			return
		}
		r.probePage(resp.Request.URL.String(), resp, err)
		r.fail(resp.Request.URL.String(), resp, err)
	})
	for _, start := range slices.Concat(r.src.Start, r.src.Feeds, r.src.Sitemaps) {
		if err := col.Visit(start); err != nil {
			r.probePage(start, nil, err)
			r.fail(start, nil, err)
		}
	}
	col.Wait()
	r.visitSitemaps(col)
	return nil
}

// onLink queues an article link of a listing page, and follows a link to a
// further listing page (bounded by the collector's depth).
func (r *sourceRun) onLink(e *colly.HTMLElement) {
	r.onHref(e.Request, e.Request.AbsoluteURL(e.Attr("href")))
}

// onHref judges one absolute link of the listing page req, fresh or kept.
func (r *sourceRun) onHref(req *colly.Request, link string) {
	if link == "" {
		return
	}
	r.probeLink(link, req.URL.String(), "")
	if r.src.IsListing(link) && r.src.OwnsHost(hostOf(link)) {
		r.probeLink(link, "", LinkListing)
		if err := req.Visit(link); err != nil {
			r.fail(link, nil, err)
		}
		return
	}
	r.queue(link, time.Time{})
}

// queue puts an article link of the source into the frontier.
func (r *sourceRun) queue(link string, feedDate time.Time) {
	if link == "" {
		return
	}
	r.count(func(s *Summary) { s.Links++ })
	if !Belongs(r.src, link) {
		r.probeLink(link, "", LinkNone)
		r.noteUnmatched(link)
		r.noteMoved(link)
		return
	}
	canon := r.src.Canonical(link)
	r.count(func(s *Summary) { s.LinksSeen++ })
	if r.probe != nil {
		r.probeLink(link, "", LinkArticle)
		return
	}
	if r.c.Refetch {
		if err := r.c.DB.Requeue(r.ctx, r.src.ID, canon, link, r.c.Now()); err != nil {
			r.fail(canon, nil, dbFailure(err))
		}
		return
	}
	known, err := r.c.DB.HasArticle(r.ctx, canon)
	if err != nil {
		r.fail(canon, nil, dbFailure(err))
		return
	}
	if known {
		r.count(func(s *Summary) { s.Known++ })
		return
	}
	if room, err := r.frontierHasRoom(); !room {
		if err != nil {
			r.fail(canon, nil, dbFailure(err))
		}
		return
	}
	isNew, err := r.c.DB.Enqueue(r.ctx, r.src.ID, canon, link, r.c.Now(), feedDate)
	if err != nil {
		r.fail(canon, nil, dbFailure(err))
		return
	}
	if isNew {
		r.frontierAdded()
		r.count(func(s *Summary) { s.Found++ })
	}
}

// noteMoved counts a link that would be the source's article on one of its
// own hosts: the site may have moved (xinhuanet.com to news.cn), and a source
// whose links all go elsewhere goes quiet without an error.
func (r *sourceRun) noteMoved(u string) {
	pu, err := url.Parse(u)
	if err != nil || pu.Host == "" || r.src.OwnsHost(pu.Hostname()) || len(r.src.Hosts) == 0 {
		return
	}
	moved := *pu
	moved.Host = strings.TrimPrefix(r.src.Hosts[0], ".")
	if r.src.IsArticle(moved.String()) {
		r.count(func(s *Summary) { s.MovedLinks[strings.ToLower(pu.Hostname())]++ })
	}
}

// Belongs reports whether u, as linked or canonical, is an article URL of src.
func Belongs(src *config.Source, u string) bool {
	return (src.OwnsHost(hostOf(u)) || src.OwnsHost(hostOf(src.Canonical(u)))) && src.IsArticle(u)
}
