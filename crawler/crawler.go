// Package crawler discovers article links on each source's start pages and
// fetches them politely through colly: robots.txt obeyed, one request at a
// time per host at least the source's delay apart, an honest User-Agent,
// Retry-After respected, backoff on failures, and a host that keeps failing
// left alone for the rest of the run. URLs waiting to be fetched live in the
// database (the frontier), so a killed crawl resumes where it stopped. What a
// fetched page becomes is the Handler's business (package ingest, wired in by
// cmd/tifa).
package crawler

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"os"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gocolly/colly/v2"

	"github.com/tifa-project/tifa"
	"github.com/tifa-project/tifa/archive"
	"github.com/tifa-project/tifa/config"
)

// Crawler runs one crawl over some sources. Zero values of the tuning fields
// mean the defaults in brackets.
type Crawler struct {
	Config  *config.Config
	DB      Store
	Handler Handler // what fetched article pages become (ingest.Ingester in tifa)
	Logger  *slog.Logger

	// Transport, when set, carries every request (robots.txt included); the
	// demo uses it to send the real hosts' names to a loopback replay server.
	Transport http.RoundTripper
	// Refetch fetches articles that are already stored, to pick up edits.
	Refetch bool
	// Archive, if not nil, keeps every response received as WARC.
	Archive *archive.Writer

	RequestTimeout time.Duration // one request [30s]
	MaxBodySize    int           // one response after decompression [limits.body]; a larger page is an error, never a cut article
	Retries        int           // retries within a run after a 5xx or network error [2]
	Backoff        time.Duration // first retry wait, doubled each time, with jitter [1s]
	MaxRetryAfter  time.Duration // a longer Retry-After leaves the URL to the next run [2m]
	HostFailures   int           // consecutive failures that pause a host for the run [5]
	MaxAttempts    int           // failed fetches over all runs before a URL is given up [6]
	// Worker names this crawl in the frontier's leases [host:pid:random].
	Worker string
	// Lease is how long a claimed URL stays this crawl's without a renewal,
	// on the store's clock; it is renewed every third of it while the crawl
	// lives, so a killed crawl's URLs go to another worker soon [30s].
	Lease time.Duration
	// Shared says other crawls work the same frontier at once (a server
	// database). Otherwise the crawl holds the crawl lock, every lease it
	// finds is a killed run's, and it takes them back at once rather than
	// waiting for them to run out.
	Shared bool
	// Round is how long a source's listings, once read by one of the
	// crawls sharing a frontier, serve the others: crawls started together
	// by cron on several machines read them once [10m]. A host a crawl
	// pauses after repeated failures stays paused that long for them all.
	Round time.Duration
	Now   func() time.Time
	// Sleep waits d between retries, or until ctx ends [a timer]; a test
	// gives one that records the waits asked for and returns at once, so it
	// asserts the backoff and Retry-After without depending on the clock.
	Sleep func(ctx context.Context, d time.Duration) error
}

// Handler is what the crawler hands each fetched article page to. fetch
// gets the further pages of a multi-page article through the crawler, with
// its politeness and retries. A page without article text is an error that
// Is tifa.ErrNoArticle; any other error is the store's, or a further page's
// fetch's.
type Handler interface {
	Ingest(ctx context.Context, src *config.Source, page tifa.Page, fetch tifa.Fetch) (tifa.Ingested, error)
}

// Summary is one source's result in one crawl, the domain's tifa.Summary.
type Summary = tifa.Summary

// unmatchedSample is how many links that matched nothing a summary keeps.
const unmatchedSample = 5

func (c *Crawler) defaults() {
	set := func(d *time.Duration, v time.Duration) {
		if *d == 0 {
			*d = v
		}
	}
	set(&c.RequestTimeout, 30*time.Second)
	set(&c.Backoff, time.Second)
	set(&c.MaxRetryAfter, 2*time.Minute)
	set(&c.Lease, 30*time.Second)
	set(&c.Round, 10*time.Minute)
	if c.Worker == "" {
		c.Worker = workerName()
	}
	if c.MaxBodySize == 0 {
		c.MaxBodySize = int(c.Config.Limits.BodyBytes())
	}
	if c.Retries == 0 {
		c.Retries = 2
	}
	if c.HostFailures == 0 {
		c.HostFailures = 5
	}
	if c.MaxAttempts == 0 {
		c.MaxAttempts = 6
	}
	if c.Now == nil {
		c.Now = time.Now
	}
	if c.Sleep == nil {
		c.Sleep = sleep
	}
	if c.Logger == nil {
		c.Logger = slog.New(slog.DiscardHandler)
	}
}

// Run crawls the sources concurrently (each host keeps its own delay) and
// returns one summary per source, in the order given.
func (c *Crawler) Run(ctx context.Context, sources []*config.Source) []Summary {
	c.defaults()
	out := make([]Summary, len(sources))
	var wg sync.WaitGroup
	for i, src := range sources {
		wg.Add(1)
		go func() {
			defer wg.Done()
			started := time.Now()
			out[i] = c.crawlSource(ctx, src)
			out[i].Seconds = time.Since(started).Seconds()
			c.record(ctx, "crawl", started, out[i])
		}()
	}
	wg.Wait()
	return out
}

// workerName names this process among the crawls sharing a frontier.
func workerName() string {
	host, err := os.Hostname()
	if err != nil {
		host = "unknown"
	}
	return fmt.Sprintf("%s:%d:%04x", host, os.Getpid(), rand.IntN(1<<16))
}

func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// record keeps the run's summary for health checks and the operator.
func (c *Crawler) record(ctx context.Context, kind string, started time.Time, sum Summary) {
	js, err := json.Marshal(sum)
	if err == nil {
		err = c.DB.RecordRun(context.WithoutCancel(ctx), tifa.Run{Source: sum.Source, Kind: kind, Started: started,
			Finished: time.Now(), Failed: sum.Failed, Summary: js})
	}
	if err != nil {
		c.Logger.Error("record run", "source", sum.Source, "err", err)
	}
}

// crawlSource reads the listings (unless another crawl sharing the
// frontier read them this round), then fetches what the frontier holds for
// the source: what this round found and what earlier runs left.
func (c *Crawler) crawlSource(ctx context.Context, src *config.Source) Summary {
	r := newSourceRun(ctx, c, src)
	defer r.cancel()
	if c.Shared {
		// Claims are stamped by the store, and so must the run's start
		// be that keeps a URL to one turn: a worker whose clock runs
		// behind would otherwise skip URLs claimed in earlier runs, and one
		// ahead would fetch a retry twice.
		t, err := c.DB.Clock(ctx)
		if err != nil {
			r.sum.Failed, r.sum.Reason = true, dbFailure(err).Error()
			return r.sum
		}
		r.started = t
	}
	// A reading another crawl began and never ended (it was killed) is
	// taken over once its hold lapses; each pass either reads the listings
	// or waits on a live reader, so a few suffice.
	for range 5 {
		if err := r.readListings(); err != nil {
			r.sum.Failed, r.sum.Reason = true, err.Error()
			return r.sum
		}
		r.fetchFrontier()
		if !r.readingLapsed() {
			break
		}
	}
	r.finish()
	return r.sum
}

func newSourceRun(ctx context.Context, c *Crawler, src *config.Source) *sourceRun {
	ctx, cancel := context.WithCancel(ctx)
	r := &sourceRun{ctx: ctx, cancel: cancel, c: c, src: src, started: c.Now(), sig: linkSig(src), guard: newGuard(c, src), frontierLen: -1, hostFails: map[string]int{}, sitemaps: map[string]bool{}, sitemapChild: map[string]bool{}, gates: map[string]*hostGate{},
		sum: Summary{Source: src.ID, ErrorKinds: map[string]int{}, Methods: map[string]int{}, Charsets: map[string]int{}, MovedLinks: map[string]int{}, Capped: map[string]int{}}}
	r.guard.pace = r.paceHost
	return r
}

// finish fills in what is left to fetch and whether the source failed.
func (r *sourceRun) finish() {
	ctx := r.ctx
	if waiting, _, err := r.c.DB.FrontierSize(context.WithoutCancel(ctx), r.src.ID); err == nil {
		r.sum.Pending = waiting
	}
	switch {
	case r.localErr != nil:
		r.sum.Failed, r.sum.Reason = true, r.localReason()
	case errors.Is(ctx.Err(), context.DeadlineExceeded):
		r.sum.Reason = "stopped at the overall timeout"
	case ctx.Err() != nil:
		r.sum.Reason = "interrupted"
	case r.sum.Fetched+r.sum.NotModified == 0 && r.sum.Blocked > 0 && r.sum.Errors == 0:
		r.sum.Failed, r.sum.Reason = true, "robots.txt blocks every page tried"
	case r.sum.ListingsBy != "" && r.sum.Fetched+r.sum.NotModified+r.sum.Errors == 0:
		// Another worker read the listings and its fellows fetched all
		// they queued: nothing failed here.
		r.sum.Reason = "listings read by " + r.sum.ListingsBy + "; nothing was left to fetch"
	case r.sum.Fetched+r.sum.NotModified == 0:
		r.sum.Failed = true
		r.sum.Reason = "no page could be fetched"
		if r.lastErr != nil {
			r.sum.Reason += ": " + r.lastErr.Error()
		}
	}
	if r.sum.LinksSeen == 0 && r.sum.Listed > 0 {
		r.sum.Patterns = r.src.Article
		r.sum.Unmatched = r.unmatchedLinks()
	}
	if len(r.bodies) > 0 {
		slices.Sort(r.bodies)
		r.sum.MedianBody = r.bodies[len(r.bodies)/2]
	}
	for _, m := range []*map[string]int{&r.sum.ErrorKinds, &r.sum.Methods, &r.sum.Charsets, &r.sum.MovedLinks, &r.sum.Capped} {
		if len(*m) == 0 {
			*m = nil
		}
	}
}

// sourceRun is the state of one source's crawl; colly calls back from several
// goroutines, so the counters sit behind a mutex.
type sourceRun struct {
	ctx    context.Context
	cancel context.CancelFunc // stops the source; see stopLocal
	c      *Crawler
	src    *config.Source
	// started is when the run began, on the store's clock when the
	// frontier is shared: a URL claimed since has had its turn.
	started time.Time
	col     *colly.Collector // the discovery collector; fetches use clones of it
	guard   *guard           // the transport of every request of the run

	mu        sync.Mutex
	sum       Summary
	hostFails map[string]int  // consecutive failures per host
	sitemaps  map[string]bool // URLs to read as sitemaps
	bodies    []int           // body lengths of the articles extracted
	gates     map[string]*hostGate
	turns     atomic.Int64 // host turns taken, to name each one's holder
	lastErr   error
	localErr  *localError // the failure on this machine that stopped the source
	sig       string      // linkSig of src
	unmatched []string    // links on the source's hosts no pattern took, a few
	offHost   []string    // links elsewhere, likewise
	probe     *probe      // set for `tifa sources test`: nothing is written

	sitemapTaken int             // sitemap URLs taken this run
	sitemapChild map[string]bool // sitemaps listed by an index
	childQueue   []string        // of those, the ones not fetched yet
	frontierLen  int             // URLs waiting for the source; -1 until read
	listed       bool            // this crawl read the listings (with a shared frontier, another may have)
}

// keep archives a response. A record that cannot be written (a full disk)
// stops the source like any local failure: crawling on would store articles
// whose responses are silently missing from the archive.
func (r *sourceRun) keep(resp *colly.Response) {
	if r.c.Archive == nil {
		return
	}
	rec := archive.Record{Source: r.src.ID, URL: resp.Request.URL.String(), Fetched: r.c.Now(), Status: resp.StatusCode, Body: resp.Body}
	if resp.Headers != nil {
		rec.Header = *resp.Headers
	}
	if err := r.c.Archive.Write(r.ctx, rec); err != nil && r.ctx.Err() == nil {
		kind := tifa.ErrorKind(err)
		if kind == "" {
			kind = tifa.KindIO
		}
		r.stopLocal(rec.URL, kind, fmt.Errorf("archive: %w", err))
	}
}

func (r *sourceRun) count(f func(*Summary)) {
	r.mu.Lock()
	f(&r.sum)
	r.mu.Unlock()
}
