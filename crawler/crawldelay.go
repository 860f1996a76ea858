package crawler

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"sync"
	"time"

	"github.com/temoto/robotstxt"
)

// maxCrawlDelay caps what a robots.txt may ask for: a day between requests
// would stall the source for good; the operator sees the cap in the log.
const maxCrawlDelay = time.Minute

// hostGate spaces requests to one host by its robots.txt Crawl-delay, which
// colly does not read. colly's limit rule keeps the source's own delay; the
// gate only adds waiting when the site asks for more. It sits in the
// transport, so every request of the run passes it (discovery, sitemaps,
// next pages, retries), and it holds the host from the moment a request is
// sent until its response arrives: the next request goes a full delay after
// that, so the site sees at least the delay between any two requests,
// however slow one of them is.
type hostGate struct {
	once  sync.Once
	delay time.Duration
	turn  chan struct{} // one request in flight per host while the gate holds
	next  time.Time     // guarded by turn
}

// paceHost blocks until a request to req's host may be sent, by its
// Crawl-delay and the source's delay, and returns what to call once the
// response (or an error) came back. A crawl with a store takes the host's
// turn there, shared by every worker; a probe, which writes nothing, keeps
// the Crawl-delay with a gate of its own. A request given up while waiting
// returns an error.
func (r *sourceRun) paceHost(req *http.Request) (done func(*http.Response), err error) {
	host := hostOf(req.URL.String())
	r.mu.Lock()
	g := r.gates[host]
	if g == nil {
		g = &hostGate{turn: make(chan struct{}, 1)}
		r.gates[host] = g
	}
	r.mu.Unlock()
	g.once.Do(func() { g.delay = r.crawlDelay(req.URL.String()) })
	delay := max(g.delay, r.src.Delay.Duration)
	// Crawls sharing a frontier share the host too: its parallel and its
	// delay are kept by the store, for all of them together, even with no
	// delay (colly keeps parallel per process only, so three workers would
	// send three times as many at once).
	if r.probe == nil && r.c.DB != nil && (delay > 0 || r.c.Shared) && host != "" {
		return r.takeHost(req.Context(), host, delay)
	}
	if g.delay <= r.src.Delay.Duration {
		return func(*http.Response) {}, nil // colly's limit rule keeps the source's delay
	}
	ctx := req.Context()
	select {
	case g.turn <- struct{}{}:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	if err := wait(ctx, time.Until(g.next)); err != nil {
		<-g.turn
		return nil, err
	}
	return func(*http.Response) {
		g.next = time.Now().Add(g.delay)
		<-g.turn
	}, nil
}

// turnMargin is how much longer than one request (RequestTimeout, timed
// from the send) a host's turn is held at most: the time to send and to
// end the turn. A worker killed mid-request keeps the host no longer.
const turnMargin = 2 * time.Second

// takeHost takes one of host's slots in the store (the source's parallel,
// one unless it says), waiting while other requests of any worker hold
// them all or their next allowed time is to come, and returns what ends
// the turn once the answer came: the slot opens again delay after the
// answer, so at parallel 1 the site sees at least delay between any two
// requests of all the workers, however late one of them sends after taking
// its turn, and at parallel N never more than N at once. While a slot is
// held it ends no sooner than now, so it opens no sooner than delay from
// now: waiting delay before asking again costs nothing.
func (r *sourceRun) takeHost(ctx context.Context, host string, delay time.Duration) (done func(*http.Response), err error) {
	holder := fmt.Sprintf("%s/%d", r.c.Worker, r.turns.Add(1))
	for {
		closed, err := r.c.DB.TakeHost(ctx, host, holder, max(r.src.Parallel, 1), r.c.RequestTimeout+turnMargin)
		if err != nil {
			return nil, dbFailure(err)
		}
		if closed == 0 {
			break
		}
		if closed > r.c.MaxRetryAfter && closed > r.c.RequestTimeout+turnMargin {
			// Longer than any request holds a slot: the host is held, by a
			// Retry-After no worker waits for or by a worker that saw it keep
			// failing. This crawl leaves it to a later run too.
			return nil, &fetchError{kind: heldKind, err: fmt.Errorf("%s is held for %v by another worker (a long Retry-After or repeated failures): left for a later run", host, closed.Round(time.Second))}
		}
		if err := wait(ctx, min(closed, max(delay, minPoll))); err != nil {
			return nil, err
		}
	}
	return func(resp *http.Response) {
		// A Retry-After asks every client, not this worker alone: the host
		// is held for all of them before the turn ends, so no other worker
		// slips in between.
		if d := askedToWait(resp); d > 0 {
			r.holdHost(host, min(d, maxHold), "Retry-After")
		}
		// Ended even when the request was given up, or the host would stay
		// held until the hold lapses.
		if err := r.c.DB.EndHost(context.WithoutCancel(ctx), host, holder, delay); err != nil {
			r.c.Logger.Error("end host turn", "source", r.src.ID, "host", host, "err", err)
		}
	}, nil
}

// askedToWait is the Retry-After of a 429 or 503 answer, 0 for any other.
func askedToWait(resp *http.Response) time.Duration {
	if resp == nil || resp.StatusCode != http.StatusTooManyRequests && resp.StatusCode != http.StatusServiceUnavailable {
		return 0
	}
	return retryAfter(resp.Header.Get("Retry-After"), time.Now())
}

// maxHold bounds how long a Retry-After holds a host for every worker: a
// server asking for a week still gets tomorrow's run.
const maxHold = 20 * time.Hour

// heldKind is the fetch error of a request to a host another worker holds:
// not the site's failure, and not a try of the URL.
const heldKind = "host_held"

// holdHost keeps every worker sharing the store off host for d from now,
// on the store's clock; alone, a crawl keeps the host to itself already.
func (r *sourceRun) holdHost(host string, d time.Duration, why string) {
	if !r.c.Shared || host == "" || d <= 0 {
		return
	}
	ctx := context.WithoutCancel(r.ctx)
	now, err := r.c.DB.Clock(ctx)
	if err == nil {
		err = r.c.DB.HoldHost(ctx, host, now.Add(d))
	}
	if err != nil {
		r.c.Logger.Error("hold host for every worker", "source", r.src.ID, "host", host, "why", why, "err", err)
		return
	}
	r.c.Logger.Info("host held for every worker", "source", r.src.ID, "host", host, "for", d, "why", why)
}

// minPoll is the least time between two asks for a host's turn.
const minPoll = 20 * time.Millisecond

// wait waits d, or until ctx ends.
func wait(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return nil
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// crawlDelay reads the Crawl-delay robots.txt gives tifa's User-Agent for
// u's host; zero when there is none or robots.txt cannot be read. The guard
// answers from the one fetch colly's allow check also reads, and reports
// its errors.
func (r *sourceRun) crawlDelay(u string) time.Duration {
	pu, err := url.Parse(u)
	if err != nil {
		return 0
	}
	req, err := http.NewRequestWithContext(r.ctx, http.MethodGet, pu.Scheme+"://"+pu.Host+"/robots.txt", nil)
	if err != nil {
		return 0
	}
	req.Header.Set("User-Agent", r.c.Config.UserAgent)
	client := &http.Client{Transport: r.guard, CheckRedirect: r.checkRedirect} // the guard times the request
	resp, err := client.Do(req)
	if err != nil {
		return 0
	}
	defer resp.Body.Close()
	robots, err := robotstxt.FromResponse(resp)
	if err != nil {
		return 0
	}
	d := robots.FindGroup(r.c.Config.UserAgent).CrawlDelay
	if d > maxCrawlDelay {
		r.c.Logger.Warn("robots.txt asks for a longer Crawl-delay than tifa waits", "host", pu.Host, "asked", d, "waiting", maxCrawlDelay)
		d = maxCrawlDelay
	}
	return d
}
