package crawler

import (
	"context"
)

// The caps keep one source from growing without bound: a sitemap index of
// a million URLs, or a site that links new pages faster than the crawl
// fetches them. What goes over a cap is counted in Summary.Capped, by cap,
// so the operator sees it and can raise the limit.

// takeSitemapURL reports whether one more sitemap URL may be taken this run.
func (r *sourceRun) takeSitemapURL() bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.sitemapTaken >= r.c.Config.Limits.SitemapURLsPerRun() {
		r.sum.Capped["sitemap_urls"]++
		return false
	}
	r.sitemapTaken++
	return true
}

// sitemapsFull reports whether the run has taken all the sitemap URLs it
// may, so further sitemaps need not be fetched at all.
func (r *sourceRun) sitemapsFull() bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.sitemapTaken >= r.c.Config.Limits.SitemapURLsPerRun()
}

// frontierHasRoom reports whether a new URL may join the source's
// frontier, counting the refusal when not. The first call reads how many
// URLs wait already; later ones count what this run added.
func (r *sourceRun) frontierHasRoom() (bool, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.frontierLen < 0 {
		waiting, _, err := r.c.DB.FrontierSize(context.WithoutCancel(r.ctx), r.src.ID)
		if err != nil {
			return false, err
		}
		r.frontierLen = waiting
	}
	if r.frontierLen >= r.c.Config.Limits.FrontierURLs() {
		r.sum.Capped["frontier"]++
		return false, nil
	}
	return true, nil
}

// frontierAdded counts a URL this run added to the frontier.
func (r *sourceRun) frontierAdded() {
	r.mu.Lock()
	r.frontierLen++
	r.mu.Unlock()
}
