package crawler

import (
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
// gate only adds waiting when the site asks for more.
type hostGate struct {
	once  sync.Once
	delay time.Duration
	mu    sync.Mutex
	next  time.Time
}

// waitHost blocks until a request to u's host may go, by its Crawl-delay.
func (r *sourceRun) waitHost(u string) {
	host := hostOf(u)
	r.mu.Lock()
	g := r.gates[host]
	if g == nil {
		g = &hostGate{}
		r.gates[host] = g
	}
	r.mu.Unlock()
	g.once.Do(func() { g.delay = r.crawlDelay(u) })
	if g.delay <= r.src.Delay.Duration {
		return
	}
	g.mu.Lock()
	now := time.Now()
	start := now
	if g.next.After(now) {
		start = g.next
	}
	g.next = start.Add(g.delay)
	g.mu.Unlock()
	select {
	case <-time.After(start.Sub(now)):
	case <-r.ctx.Done():
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
	client := &http.Client{Transport: r.guard, CheckRedirect: r.checkRedirect, Timeout: r.c.RequestTimeout}
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
