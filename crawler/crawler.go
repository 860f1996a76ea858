// Package crawler discovers article links on each source's start pages and
// fetches the new ones politely through colly: robots.txt obeyed, a minimum
// delay per host, one request at a time per host, an honest User-Agent.
// What a fetched page becomes is ingest's business.
package crawler

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"sync"
	"time"

	"github.com/gocolly/colly/v2"

	"github.com/tifa-project/tifa/config"
	"github.com/tifa-project/tifa/ingest"
	"github.com/tifa-project/tifa/store"
)

// Crawler runs one crawl over some sources.
type Crawler struct {
	Config   *config.Config
	DB       *store.DB
	Ingester *ingest.Ingester
	Logger   *slog.Logger

	// Transport, when set, carries every request (robots.txt included); the
	// demo uses it to send the real hosts' names to a loopback replay server.
	Transport http.RoundTripper
	// Refetch fetches articles that are already stored, to pick up edits.
	Refetch bool
	// RequestTimeout bounds one request; zero means 30 seconds.
	RequestTimeout time.Duration
	// MaxBodySize bounds one response; zero means 10 MiB.
	MaxBodySize int
}

// Summary is one source's result.
type Summary struct {
	Source    string `json:"source"`
	Fetched   int    `json:"fetched"` // responses received, listing pages included
	New       int    `json:"new"`
	Updated   int    `json:"updated"`
	Unchanged int    `json:"unchanged"`
	Known     int    `json:"known"`   // article links skipped because already stored
	Blocked   int    `json:"blocked"` // links robots.txt disallowed
	Errors    int    `json:"errors"`
	Empty     int    `json:"empty"` // article pages that yielded no text
	Mentions  int    `json:"mentions"`
	Failed    bool   `json:"failed"`
	Reason    string `json:"reason,omitempty"`
}

// Run crawls the sources concurrently (each host keeps its own delay) and
// returns one summary per source, in the order given.
func (c *Crawler) Run(ctx context.Context, sources []*config.Source) []Summary {
	out := make([]Summary, len(sources))
	var wg sync.WaitGroup
	for i, src := range sources {
		wg.Add(1)
		go func() {
			defer wg.Done()
			started := time.Now()
			out[i] = c.crawlSource(ctx, src)
			err := c.DB.RecordRun(context.WithoutCancel(ctx), store.Run{
				Source: src.ID, Started: started, Finished: time.Now(), Fetched: out[i].Fetched,
				New: out[i].New, Updated: out[i].Updated, Errors: out[i].Errors + out[i].Empty,
				Mentions: out[i].Mentions, Failed: out[i].Failed,
			})
			if err != nil {
				c.Logger.Error("record run", "source", src.ID, "err", err)
			}
		}()
	}
	wg.Wait()
	return out
}

// sourceRun is the state of one source's crawl; colly calls back from several
// goroutines, so the counters sit behind a mutex.
type sourceRun struct {
	ctx context.Context
	c   *Crawler
	src *config.Source
	col *colly.Collector

	mu      sync.Mutex
	sum     Summary
	seen    map[string]bool // canonical article URLs queued in this run
	queued  int
	lastErr error
}

func (c *Crawler) crawlSource(ctx context.Context, src *config.Source) Summary {
	r := &sourceRun{ctx: ctx, c: c, src: src, seen: map[string]bool{}, sum: Summary{Source: src.ID}}
	col, err := c.collector(ctx, src)
	if err != nil {
		r.sum.Failed, r.sum.Reason = true, err.Error()
		return r.sum
	}
	r.col = col
	col.OnHTML("a[href]", r.onLink)
	col.OnResponse(r.onResponse)
	col.OnError(r.onError)
	for _, start := range src.Start {
		if err := col.Visit(start); err != nil {
			r.fail(start, err)
		}
	}
	col.Wait()
	if r.sum.Fetched == 0 {
		r.sum.Failed = true
		r.sum.Reason = "no page could be fetched"
		if r.lastErr != nil {
			r.sum.Reason += ": " + r.lastErr.Error()
		}
	}
	if ctx.Err() != nil && r.sum.Reason == "" {
		r.sum.Reason = "interrupted"
	}
	return r.sum
}

func (c *Crawler) collector(ctx context.Context, src *config.Source) (*colly.Collector, error) {
	col := colly.NewCollector(
		colly.UserAgent(c.Config.UserAgent),
		colly.MaxDepth(2), // start page, then the articles it links
		colly.Async(true),
		colly.StdlibContext(ctx),
	)
	// colly ignores robots.txt by default and lets COLLY_* variables switch it
	// back off; politeness is not optional here, so set it after both.
	col.IgnoreRobotsTxt = false
	col.MaxBodySize = c.MaxBodySize
	if col.MaxBodySize == 0 {
		col.MaxBodySize = 10 << 20
	}
	timeout := c.RequestTimeout
	if timeout == 0 {
		timeout = 30 * time.Second
	}
	if c.Transport != nil {
		col.WithTransport(c.Transport)
	}
	col.SetRequestTimeout(timeout)
	for _, h := range src.Hosts {
		glob := h
		if h[0] == '.' {
			glob = "*" + h
		}
		// One request at a time per host, at least Delay apart, plus up to a
		// quarter of it at random so requests do not beat like a clock.
		rule := &colly.LimitRule{DomainGlob: glob, Parallelism: 1, Delay: src.Delay.Duration, RandomDelay: src.Delay.Duration / 4}
		if err := col.Limit(rule); err != nil {
			return nil, fmt.Errorf("limit rule for %s: %w", h, err)
		}
	}
	return col, nil
}

// onLink queues the article links of a start page.
func (r *sourceRun) onLink(e *colly.HTMLElement) {
	if e.Request.Depth > 1 {
		return // only start pages are listings
	}
	link := e.Request.AbsoluteURL(e.Attr("href"))
	if link == "" {
		return
	}
	canon := Canonical(link)
	u, err := url.Parse(canon)
	if err != nil || !r.src.OwnsHost(u.Hostname()) || !r.src.IsArticle(canon) {
		return
	}
	r.mu.Lock()
	if r.seen[canon] || (r.src.MaxPages > 0 && r.queued >= r.src.MaxPages) {
		r.mu.Unlock()
		return
	}
	r.seen[canon] = true
	r.mu.Unlock()
	if !r.c.Refetch {
		known, err := r.c.DB.HasArticle(r.ctx, canon)
		if err != nil {
			r.fail(canon, err)
			return
		}
		if known {
			r.count(func(s *Summary) { s.Known++ })
			return
		}
	}
	r.mu.Lock()
	r.queued++
	r.mu.Unlock()
	if err := e.Request.Visit(canon); err != nil {
		r.fail(canon, err)
	}
}

// onResponse hands article pages to the ingester.
func (r *sourceRun) onResponse(resp *colly.Response) {
	r.count(func(s *Summary) { s.Fetched++ })
	pageURL := Canonical(resp.Request.URL.String())
	if resp.Request.Depth < 2 || !r.src.IsArticle(pageURL) {
		return
	}
	in := *r.c.Ingester
	in.Fetch = r.fetch
	res, err := in.Page(r.ctx, r.src, pageURL, resp.Body, resp.Headers.Get("Content-Type"))
	if errors.Is(err, ingest.ErrNoArticle) {
		r.c.Logger.Warn("page without article text", "source", r.src.ID, "url", pageURL, "err", err)
		r.count(func(s *Summary) { s.Empty++ })
		return
	}
	if err != nil {
		r.fail(pageURL, err)
		return
	}
	r.count(func(s *Summary) {
		s.Mentions += res.Mentions
		switch res.Outcome {
		case store.Inserted:
			s.New++
		case store.Updated:
			s.Updated++
		default:
			s.Unchanged++
		}
	})
	r.c.Logger.Debug("article", "source", r.src.ID, "url", pageURL, "outcome", res.Outcome, "mentions", res.Mentions)
}

// fetch gets one more page of an article synchronously through a clone of
// the source's collector, which shares its per-host limits and robots.txt
// cache: the pages of a multi-page article are no exception to politeness.
func (r *sourceRun) fetch(ctx context.Context, u string) ([]byte, string, error) {
	col := r.col.Clone()
	col.Async = false
	col.MaxDepth = 0
	col.AllowURLRevisit = true // a page linked from a listing too is still this article's page
	var body []byte
	var ct string
	var fetchErr error
	col.OnResponse(func(resp *colly.Response) {
		body, ct = resp.Body, resp.Headers.Get("Content-Type")
		r.count(func(s *Summary) { s.Fetched++ })
	})
	col.OnError(func(_ *colly.Response, err error) { fetchErr = err })
	if err := col.Visit(u); err != nil {
		var visited *colly.AlreadyVisitedError
		if !errors.As(err, &visited) {
			return nil, "", err
		}
	}
	if fetchErr != nil {
		return nil, "", fetchErr
	}
	if body == nil {
		return nil, "", fmt.Errorf("fetch %s: no response", u)
	}
	return body, ct, nil
}

func (r *sourceRun) onError(resp *colly.Response, err error) {
	r.fail(resp.Request.URL.String(), err)
}

// fail counts an error; robots.txt refusals are politeness working, not errors.
func (r *sourceRun) fail(u string, err error) {
	var visited *colly.AlreadyVisitedError
	switch {
	case errors.As(err, &visited), errors.Is(err, colly.ErrMaxDepth):
		return
	case r.ctx.Err() != nil:
		return // interrupted: the summary says so, these are not the site's errors
	case errors.Is(err, colly.ErrRobotsTxtBlocked):
		r.count(func(s *Summary) { s.Blocked++ })
		r.c.Logger.Info("blocked by robots.txt", "source", r.src.ID, "url", u)
		return
	}
	r.c.Logger.Warn("fetch failed", "source", r.src.ID, "url", u, "err", err)
	r.mu.Lock()
	r.sum.Errors++
	r.lastErr = err
	r.mu.Unlock()
}

func (r *sourceRun) count(f func(*Summary)) {
	r.mu.Lock()
	f(&r.sum)
	r.mu.Unlock()
}
