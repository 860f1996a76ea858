package crawler

import (
	"bytes"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"sync"

	"github.com/tifa-project/tifa/limit"
)

// robotsCache fetches each host's robots.txt once per run and answers every
// later request for it (colly's allow check, tifa's Crawl-delay reader, each
// collector clone) from what that fetch gave, error included: a host whose
// robots.txt cannot be read is not asked again for every page. Only the
// first max bytes are read; like Google, tifa ignores the rest, so an
// endless or decompression-bomb robots.txt costs no more than that.
type robotsCache struct {
	fetch  func(*http.Request) (*http.Response, error)
	max    int64
	logger *slog.Logger

	mu      sync.Mutex
	entries map[string]*robotsEntry
}

type robotsEntry struct {
	once   sync.Once
	status int
	header http.Header
	body   []byte
	err    error
}

func (c *robotsCache) get(req *http.Request) (*http.Response, error) {
	key := req.URL.Scheme + "://" + req.URL.Host
	c.mu.Lock()
	e := c.entries[key]
	if e == nil {
		e = &robotsEntry{}
		c.entries[key] = e
	}
	c.mu.Unlock()
	e.once.Do(func() { e.load(c, req) })
	if e.err != nil {
		return nil, e.err
	}
	return &http.Response{
		Status: http.StatusText(e.status), StatusCode: e.status, Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
		Header: e.header.Clone(), Body: io.NopCloser(bytes.NewReader(e.body)), ContentLength: int64(len(e.body)),
		Uncompressed: true, Request: req,
	}, nil
}

func (e *robotsEntry) load(c *robotsCache, req *http.Request) {
	resp, err := c.fetch(req)
	if err != nil {
		e.err = err
		return
	}
	defer resp.Body.Close()
	e.status, e.header = resp.StatusCode, resp.Header
	switch {
	case resp.StatusCode >= 500:
		// RFC 9309: a server error disallows everything. robotstxt says so
		// but colly's check reads only the groups, and finds none; rules
		// that say it are what both readers understand.
		c.logger.Warn("robots.txt fails: nothing is fetched from the host this run (RFC 9309)", "url", req.URL.String(), "status", resp.StatusCode)
		e.status, e.body = http.StatusOK, []byte("User-agent: *\nDisallow: /\n")
		return
	case resp.StatusCode < 200 || resp.StatusCode > 299:
		return // 4xx: no rules (RFC 9309); 3xx: the client follows it
	}
	b, err := io.ReadAll(limit.NewReader(resp.Body, c.max))
	switch {
	case errors.Is(err, limit.ErrTooLarge):
		c.logger.Warn("robots.txt is longer than limits.robots: the rest is ignored", "url", req.URL.String(), "limit", c.max)
	case err != nil:
		e.err = err
		return
	}
	e.body = b
}
