package crawler

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/gocolly/colly/v2"

	"github.com/tifa-project/tifa"
)

// fetchFrontier fetches the source's due article URLs, in the order found,
// with the source's Parallel workers (colly's per-host limit keeps them to
// Parallel requests per host), until the frontier is through for this run,
// MaxPages is reached or the run is interrupted. Each worker claims its next
// URL from the store, leased to this crawl, so crawls sharing a frontier
// never fetch one URL twice; each URL gets one turn per run.
func (r *sourceRun) fetchFrontier() {
	if !r.c.Shared {
		// This crawl has the frontier to itself (it holds the crawl lock):
		// a lease still there is a killed run's, and ends now.
		if _, err := r.c.DB.ReapLeases(r.ctx, r.src.ID, endOfLeases); err != nil {
			r.fail(r.src.ID, nil, dbFailure(err))
			return
		}
	}
	defer r.renewLeases()()
	budget := r.src.MaxPages
	var wg sync.WaitGroup
	for range max(r.src.Parallel, 1) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				p, ok := r.claim(&budget)
				if !ok {
					return
				}
				if !r.paused(p.FetchURL) { // the host may have failed since p was found
					r.article(p)
				}
				// Done or Retry ended the lease, unless the article could
				// not be stored or the run was interrupted: then the URL
				// waits, untried, for the next run.
				if err := r.c.DB.Release(context.WithoutCancel(r.ctx), r.c.Worker, p.URL); err != nil {
					r.fail(p.URL, nil, dbFailure(err))
				}
			}
		}()
	}
	wg.Wait()
}

// endOfLeases is a time after every lease.
var endOfLeases = time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC)

// claim takes the next URL for a worker, within the run's page budget
// (MaxPages, 0 for none).
func (r *sourceRun) claim(budget *int) (tifa.Pending, bool) {
	for r.ctx.Err() == nil {
		r.mu.Lock()
		if r.src.MaxPages > 0 && *budget <= 0 {
			r.mu.Unlock()
			return tifa.Pending{}, false
		}
		*budget--
		r.mu.Unlock()
		// No Now: the lease runs on the store's clock, which every worker
		// shares, whatever its own says.
		got, err := r.c.DB.Claim(r.ctx, tifa.Claim{Source: r.src.ID, Worker: r.c.Worker, N: 1, Lease: r.c.Lease, Since: r.started})
		if err == nil && len(got) == 0 && r.c.Shared {
			var others int
			var reading bool
			if others, err = r.c.DB.Leased(r.ctx, r.src.ID, r.c.Worker); err == nil && others == 0 {
				// Nothing leased, but the crawl reading the listings may
				// queue more yet: wait for it as for a leaseholder.
				reading, err = r.othersReading()
			}
			if err == nil && (others > 0 || reading) {
				// Other workers still hold URLs: stay until they are done, so
				// that a killed one's lease, once it runs out, is taken over
				// in this run rather than the next.
				r.mu.Lock()
				*budget++
				r.mu.Unlock()
				if wait(r.ctx, r.leasePoll()) != nil {
					return tifa.Pending{}, false
				}
				continue
			}
		}
		if err != nil || len(got) == 0 {
			if err != nil && r.ctx.Err() == nil {
				r.fail(r.src.ID, nil, dbFailure(err))
			}
			return tifa.Pending{}, false
		}
		p := got[0]
		if !r.paused(p.FetchURL) {
			return p, true
		}
		// Stays queued for the next run; the budget is for pages fetched.
		r.mu.Lock()
		*budget++
		r.mu.Unlock()
		if err := r.c.DB.Release(context.WithoutCancel(r.ctx), r.c.Worker, p.URL); err != nil {
			r.fail(p.URL, nil, dbFailure(err))
			return tifa.Pending{}, false
		}
	}
	return tifa.Pending{}, false
}

// leasePoll is how often a worker through with the frontier asks whether
// the URLs others hold are done, or their leases ran out: often enough
// that workers started together do not end seconds apart (at a tenth of
// the 30 s lease, every 2- and 3-worker crawl of BenchmarkWorkers had one
// worker end 3 s after the others), for one small query each time.
func (r *sourceRun) leasePoll() time.Duration {
	return min(max(r.c.Lease/30, 50*time.Millisecond), time.Second)
}

// renewLeases keeps this crawl's leases alive while it fetches, however
// slow a page is, and returns what stops it.
func (r *sourceRun) renewLeases() (stop func()) {
	return r.keepRenewing("renew leases", func() error {
		_, err := r.c.DB.Renew(r.ctx, r.c.Worker, time.Time{}, r.c.Lease)
		return err
	})
}

// keepRenewing calls renew every third of a lease, so that a hold outlives
// two missed renewals, until stop is called or the crawl ends. A failed
// renewal is logged, not fatal: the next may succeed before the hold lapses,
// and if it lapses another crawl takes the work over, which costs a page
// fetched twice, never a count doubled.
func (r *sourceRun) keepRenewing(what string, renew func() error) (stop func()) {
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		t := time.NewTicker(r.c.Lease / 3)
		defer t.Stop()
		for {
			select {
			case <-t.C:
				if err := renew(); err != nil && r.ctx.Err() == nil {
					r.c.Logger.Error(what, "source", r.src.ID, "worker", r.c.Worker, "err", err)
				}
			case <-done:
				return
			case <-r.ctx.Done():
				return
			}
		}
	}()
	return func() { close(done); wg.Wait() }
}

// article fetches one article URL, with retries, and ingests it.
func (r *sourceRun) article(p tifa.Pending) {
	body, ct, answered, err := r.fetchRetrying(p.FetchURL)
	if err != nil {
		r.giveUpOrRetry(p, err)
		return
	}
	more := func(ctx context.Context, u string) ([]byte, string, error) {
		body, ct, _, err := r.fetchRetrying(u)
		return body, ct, err
	}
	// Stored as the URL that answered, keyed as the frontier knows it.
	page := tifa.Page{Key: p.URL, URL: answered, Body: body, ContentType: ct, FeedDate: p.FeedDate, Fetched: r.c.Now()}
	res, err := r.c.Handler.Ingest(r.ctx, r.src, page, more)
	switch {
	case errors.Is(err, tifa.ErrTooComplex):
		// Not the template's fault, nor the host's: the page is given up
		// and counted under its own kind.
		r.c.Logger.Warn("page refused", "source", r.src.ID, "url", p.URL, "err", err)
		r.count(func(s *Summary) { s.Errors++; s.ErrorKinds["too_complex"]++ })
		r.c.DB.Done(r.ctx, p.URL)
		return
	case errors.Is(err, tifa.ErrNoArticle):
		r.c.Logger.Warn("page without article text", "source", r.src.ID, "url", p.URL, "err", err)
		r.count(func(s *Summary) { s.Empty++; s.ErrorKinds["extract_empty"]++ })
		r.c.DB.Done(r.ctx, p.URL) // nothing to store; the health report counts it
		return
	case err != nil:
		if !errors.As(err, new(*fetchError)) {
			err = dbFailure(err) // a later page's fetch failed, or storing did
		}
		r.fail(p.URL, nil, err)
		return
	}
	// An unchanged article writes nothing, so it is taken off here.
	if err := r.c.DB.Done(r.ctx, p.URL); err != nil {
		r.fail(p.URL, nil, dbFailure(err))
	}
	r.count(func(s *Summary) {
		s.Mentions += res.Mentions
		s.Methods[res.Article.Method]++
		s.Charsets[res.Article.Charset]++
		switch res.Outcome {
		case tifa.Inserted:
			s.New++
		case tifa.Updated:
			s.Updated++
		default:
			s.Unchanged++
		}
	})
	r.mu.Lock()
	r.bodies = append(r.bodies, utf8.RuneCountInString(res.Article.Body))
	r.mu.Unlock()
	r.c.Logger.Debug("article", "source", r.src.ID, "url", p.URL, "outcome", res.Outcome, "mentions", res.Mentions)
}

// giveUpOrRetry leaves a URL that failed for the next run, or gives it up
// when the failure is final (404, 410, robots.txt, too large) or it has
// failed too often.
func (r *sourceRun) giveUpOrRetry(p tifa.Pending, err error) {
	var fe *fetchError
	final := errors.As(err, &fe) && fe.final
	next := r.c.Now().Add(r.c.Backoff * time.Duration(1<<min(p.Attempts, 10)))
	if errors.As(err, &fe) && fe.retryAfter > 0 {
		next = r.c.Now().Add(fe.retryAfter)
	}
	gone := final || p.Attempts+1 >= r.c.MaxAttempts
	if r.ctx.Err() != nil || errors.As(err, &fe) && fe.kind == heldKind {
		return // interrupted, or the host held: not the site's failure, try again next run as if untried
	}
	if err := r.c.DB.Retry(context.WithoutCancel(r.ctx), p.URL, next, err, gone); err != nil {
		r.c.Logger.Error("frontier", "url", p.URL, "err", err)
	}
}

// fetchError is a failed fetch with what the retry logic needs to know.
type fetchError struct {
	kind       string // timeout, network, http_NNN, robots, too_large, decode, parse, offsite, redirect_loop
	status     int
	final      bool          // retrying cannot help
	retryAfter time.Duration // what the server asked for, if anything
	err        error
}

func (e *fetchError) Error() string { return e.kind + ": " + e.err.Error() }
func (e *fetchError) Unwrap() error { return e.err }

// Is makes a page that is gone for good (404, 410) a tifa.ErrGone, so a
// multi-page article whose later page vanished is stored with what remains.
func (e *fetchError) Is(target error) bool {
	return target == tifa.ErrGone && (e.status == http.StatusNotFound || e.status == http.StatusGone)
}

// fetchRetrying fetches u, retrying 5xx, 429 and network errors with
// exponential backoff and jitter (or the server's Retry-After, when short
// enough), and counts every failure against the host. It returns the URL
// that answered, after redirects.
func (r *sourceRun) fetchRetrying(u string) ([]byte, string, string, error) {
	var err error
	for attempt := 0; ; attempt++ {
		var body []byte
		var ct, answered string
		body, ct, answered, err = r.fetchOnce(u)
		if err == nil {
			r.hostOK(u)
			return body, ct, answered, nil
		}
		var fe *fetchError
		if !errors.As(err, &fe) || r.ctx.Err() != nil {
			return nil, "", "", err
		}
		r.fail(u, nil, err)
		if fe.final || attempt >= r.c.Retries || r.paused(u) {
			return nil, "", "", err
		}
		wait := r.c.Backoff * time.Duration(1<<attempt)
		wait += time.Duration(rand.Int64N(int64(wait)/2 + 1)) // jitter: failing clients must not retry in step
		if fe.retryAfter > 0 {
			if fe.retryAfter > r.c.MaxRetryAfter {
				return nil, "", "", err // the server wants a long rest: the next run will ask again
			}
			wait = fe.retryAfter
		}
		r.count(func(s *Summary) { s.Retried++ })
		if err := r.c.Sleep(r.ctx, wait); err != nil {
			return nil, "", "", err
		}
	}
}

// fetchOnce gets one page synchronously through a clone of the source's
// collector, which shares its per-host limits and robots.txt cache.
func (r *sourceRun) fetchOnce(u string) ([]byte, string, string, error) {
	col := r.col.Clone()
	col.Async = false
	col.MaxDepth = 0
	col.AllowURLRevisit = true // retries, and pages linked from a listing too
	var body []byte
	var ct string
	var final *url.URL
	var fetchErr error
	col.OnResponse(func(resp *colly.Response) {
		body, ct, final = resp.Body, resp.Headers.Get("Content-Type"), resp.Request.URL
		r.count(func(s *Summary) { s.Fetched++ })
		r.keep(resp)
	})
	col.OnError(func(resp *colly.Response, err error) { fetchErr = classify(resp, err) })
	if err := col.Visit(u); err != nil && fetchErr == nil {
		fetchErr = classify(nil, err)
	}
	switch {
	case fetchErr != nil:
		return nil, "", "", fetchErr
	case body == nil:
		return nil, "", "", &fetchError{kind: "network", err: fmt.Errorf("fetch %s: no response", u)}
	case final != nil && !r.src.OwnsURL(final):
		return nil, "", "", &fetchError{kind: "offsite", final: true, err: fmt.Errorf("%s redirects off the source to %s", u, final)}
	}
	answered := u
	if final != nil {
		answered = final.String()
	}
	return body, ct, answered, nil
}

// classify turns colly's error into a fetchError with a kind an operator
// can act on.
func classify(resp *colly.Response, err error) error {
	var known *fetchError
	if errors.As(err, &known) {
		return known // the guard's: too large, undecodable, off the source
	}
	if errors.Is(err, colly.ErrRobotsTxtBlocked) {
		return &fetchError{kind: "robots", final: true, err: err}
	}
	if resp != nil && resp.StatusCode >= 400 {
		fe := &fetchError{kind: fmt.Sprintf("http_%d", resp.StatusCode), status: resp.StatusCode, err: fmt.Errorf("HTTP %d", resp.StatusCode)}
		fe.final = resp.StatusCode < 500 && resp.StatusCode != http.StatusTooManyRequests && resp.StatusCode != http.StatusRequestTimeout
		if resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode == http.StatusServiceUnavailable {
			fe.retryAfter = retryAfter(resp.Headers.Get("Retry-After"), time.Now())
		}
		return fe
	}
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() || errors.Is(err, context.DeadlineExceeded) {
		return &fetchError{kind: "timeout", err: err}
	}
	if errors.Is(err, errRedirectLoop) {
		return &fetchError{kind: "redirect_loop", final: true, err: err}
	}
	if errors.Is(err, errOffsite) {
		return &fetchError{kind: "offsite", final: true, err: err}
	}
	return &fetchError{kind: "network", err: err}
}

// retryAfter reads a Retry-After header: seconds, or an HTTP date.
func retryAfter(h string, now time.Time) time.Duration {
	if h == "" {
		return 0
	}
	if secs, err := strconv.Atoi(strings.TrimSpace(h)); err == nil && secs >= 0 {
		return time.Duration(secs) * time.Second
	}
	if t, err := http.ParseTime(h); err == nil && t.After(now) {
		return t.Sub(now)
	}
	return 0
}

// fail counts an error by kind; robots.txt refusals are politeness working,
// not errors.
func (r *sourceRun) fail(u string, resp *colly.Response, err error) {
	var visited *colly.AlreadyVisitedError
	switch {
	case errors.As(err, &visited), errors.Is(err, colly.ErrMaxDepth):
		return
	case r.ctx.Err() != nil:
		return // interrupted: the summary says so, these are not the site's errors
	}
	if kind := localKind(err); kind != "" {
		r.stopLocal(u, kind, err)
		return
	}
	if resp != nil {
		err = classify(resp, err)
	}
	var fe *fetchError
	if !errors.As(err, &fe) {
		fe = classify(nil, err).(*fetchError)
	}
	if fe.kind == "robots" {
		r.count(func(s *Summary) { s.Blocked++ })
		r.c.Logger.Info("blocked by robots.txt", "source", r.src.ID, "url", u)
		return
	}
	if fe.kind == heldKind {
		// Another worker's pause or Retry-After: paused here too, without
		// an error of this crawl's.
		host := hostOf(u)
		r.mu.Lock()
		if r.hostFails[host] < r.c.HostFailures {
			r.hostFails[host] = r.c.HostFailures
			r.sum.Paused = append(r.sum.Paused, host)
		}
		r.mu.Unlock()
		r.c.Logger.Warn("host held by another worker: paused for the rest of the run", "source", r.src.ID, "url", u, "err", err)
		return
	}
	r.c.Logger.Warn("fetch failed", "source", r.src.ID, "url", u, "kind", fe.kind, "err", err)
	r.mu.Lock()
	r.sum.Errors++
	r.sum.ErrorKinds[fe.kind]++
	r.lastErr = err
	if host := hostOf(u); host != "" && pausesHost(fe.kind) {
		r.hostFails[host]++
		if r.hostFails[host] == r.c.HostFailures {
			r.sum.Paused = append(r.sum.Paused, host)
			r.c.Logger.Warn("host keeps failing: paused for the rest of the run", "source", r.src.ID, "host", host)
			defer r.holdHost(host, r.c.Round, "keeps failing") // after the unlock
		}
	}
	r.mu.Unlock()
}

func (r *sourceRun) hostOK(u string) {
	r.mu.Lock()
	if r.hostFails[hostOf(u)] < r.c.HostFailures {
		r.hostFails[hostOf(u)] = 0
	}
	r.mu.Unlock()
}

func (r *sourceRun) paused(u string) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.hostFails[hostOf(u)] >= r.c.HostFailures
}

func hostOf(u string) string {
	pu, err := url.Parse(u)
	if err != nil {
		return ""
	}
	return strings.ToLower(pu.Hostname())
}
