package crawler

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/tifa-project/tifa/config"
	"github.com/tifa-project/tifa/limit"
)

// guard is the transport every request of a source run goes through,
// robots.txt and each redirect hop included: it is the one place that sees
// them all. It refuses a request off the source's hosts before anything is
// sent, decompresses a body itself and bounds the decompressed stream, and
// answers robots.txt from one fetch per host and run.
type guard struct {
	next    http.RoundTripper
	src     *config.Source
	maxBody int64
	robots  *robotsCache
	// pace, when set, holds a request until its host may be asked again and
	// is told the answer when it came (nil when none did): robots.txt
	// Crawl-delay, the source's delay and parallel, a Retry-After.
	pace func(*http.Request) (done func(*http.Response), err error)
	// timeout bounds one request, from when it is sent (after pace: a
	// request waiting its host's turn behind other workers has not timed
	// out) until its body is read and closed.
	timeout time.Duration
}

func newGuard(c *Crawler, src *config.Source) *guard {
	next := c.Transport
	if next == nil {
		next = http.DefaultTransport
	}
	g := &guard{next: next, src: src, maxBody: int64(c.MaxBodySize), timeout: c.RequestTimeout}
	g.robots = &robotsCache{fetch: g.send, max: c.Config.Limits.RobotsBytes(), logger: c.Logger, entries: map[string]*robotsEntry{}}
	return g
}

// checkRedirect is the redirect policy of every client of the run: a
// redirect off the source is not followed (it is not the source's article,
// and the other site has not been asked for robots.txt), nor is a loop.
func (r *sourceRun) checkRedirect(req *http.Request, via []*http.Request) error {
	if !r.src.OwnsURL(req.URL) {
		return fmt.Errorf("%w: %s", errOffsite, req.URL.Redacted())
	}
	if len(via) >= 10 {
		return fmt.Errorf("%w: %d redirects from %s", errRedirectLoop, len(via), via[0].URL)
	}
	return nil
}

func (g *guard) RoundTrip(req *http.Request) (*http.Response, error) {
	if !g.src.OwnsURL(req.URL) {
		return nil, fmt.Errorf("%w: %s", errOffsite, req.URL.Redacted())
	}
	if req.Method == http.MethodGet && req.URL.Path == "/robots.txt" {
		return g.timed(req, g.robots.get)
	}
	var resp *http.Response
	if g.pace != nil {
		done, err := g.pace(req)
		if err != nil {
			return nil, err
		}
		defer func() { done(resp) }()
	}
	resp, err := g.timed(req, g.send)
	if err != nil {
		resp = nil
		return nil, err
	}
	resp.Body = &boundedBody{r: limit.NewReader(resp.Body, g.maxBody), c: resp.Body, url: req.URL.String(), max: g.maxBody}
	return resp, nil
}

// timed sends req by send within the guard's timeout, which runs on until
// the response's body is closed. The clients carry no timeout of their
// own: theirs would count the wait for the host's turn too.
func (g *guard) timed(req *http.Request, send func(*http.Request) (*http.Response, error)) (*http.Response, error) {
	if g.timeout <= 0 {
		return send(req)
	}
	ctx, cancel := context.WithTimeout(req.Context(), g.timeout)
	resp, err := send(req.WithContext(ctx))
	if err != nil {
		cancel()
		return nil, err
	}
	resp.Body = &cancelBody{ReadCloser: resp.Body, cancel: cancel}
	return resp, nil
}

// cancelBody ends a request's timeout when its body is closed.
type cancelBody struct {
	io.ReadCloser
	cancel context.CancelFunc
}

func (b *cancelBody) Close() error {
	err := b.ReadCloser.Close()
	b.cancel()
	return err
}

// send makes the request and undoes any compression, so that what comes out
// is what limits are counted on. colly would gunzip a body under a gzip
// Content-Type or a .xml.gz path by itself, after applying its size limit to
// the compressed bytes: marking the response Uncompressed stops it.
func (g *guard) send(req *http.Request) (*http.Response, error) {
	if req.Header.Get("Accept-Encoding") == "" {
		// Asking for gzip ourselves keeps Go's transport from gunzipping
		// behind our back, so that a damaged stream is told from a broken
		// connection.
		req = req.Clone(req.Context())
		req.Header.Set("Accept-Encoding", "gzip")
	}
	resp, err := g.next.RoundTrip(req)
	if err != nil {
		return nil, err
	}
	enc := strings.ToLower(strings.TrimSpace(resp.Header.Get("Content-Encoding")))
	switch {
	case resp.Uncompressed, enc == "", enc == "identity":
	case enc == "gzip" || enc == "x-gzip":
		resp.Body = sniffGzip(resp.Body)
	default:
		resp.Body.Close()
		return nil, &fetchError{kind: "decode", final: true, err: fmt.Errorf("%s: content encoding %q is not supported", req.URL, enc)}
	}
	if gzipByName(req, resp) {
		// A gzip file served as such (sitemap.xml.gz), under any transfer
		// coding.
		resp.Body = sniffGzip(resp.Body)
	}
	resp.Header.Del("Content-Encoding")
	resp.Header.Del("Content-Length")
	resp.ContentLength = -1
	resp.Uncompressed = true
	return resp, nil
}

// gzipByName is colly's rule for a gzip file served as such.
func gzipByName(req *http.Request, resp *http.Response) bool {
	return strings.Contains(strings.ToLower(resp.Header.Get("Content-Type")), "gzip") ||
		strings.HasSuffix(strings.ToLower(req.URL.Path), ".gz")
}

// sniffGzip gunzips body as a stream when it starts like gzip and passes it
// on untouched otherwise: servers label sitemaps .gz and send them plain.
func sniffGzip(body io.ReadCloser) io.ReadCloser {
	br := bufio.NewReader(body)
	magic, _ := br.Peek(2)
	if !bytes.Equal(magic, []byte{0x1f, 0x8b}) {
		return &readCloser{Reader: br, Closer: body}
	}
	return &gunzipBody{src: &errSpy{r: br}, c: body}
}

// gunzipBody decompresses lazily, and tells a damaged stream (decode) from
// a connection that broke under it (network).
type gunzipBody struct {
	src *errSpy
	c   io.Closer
	gz  *gzip.Reader
}

func (g *gunzipBody) Read(p []byte) (int, error) {
	if g.gz == nil {
		gz, err := gzip.NewReader(g.src)
		if err != nil {
			return 0, g.wrap(err)
		}
		g.gz = gz
	}
	n, err := g.gz.Read(p)
	return n, g.wrap(err)
}

func (g *gunzipBody) wrap(err error) error {
	if err == nil || err == io.EOF || (g.src.err != nil && g.src.err != io.EOF) {
		return err // the connection's own error, or the end
	}
	return &fetchError{kind: "decode", final: true, err: fmt.Errorf("gzip body: %w", err)}
}

func (g *gunzipBody) Close() error { return g.c.Close() }

// errSpy remembers the last error of the stream under the decompressor.
type errSpy struct {
	r   io.Reader
	err error
}

func (s *errSpy) Read(p []byte) (int, error) {
	n, err := s.r.Read(p)
	if err != nil {
		s.err = err
	}
	return n, err
}

type readCloser struct {
	io.Reader
	io.Closer
}

// boundedBody names the URL and the setting when a body is too large.
type boundedBody struct {
	r   io.Reader
	c   io.Closer
	url string
	max int64
}

func (b *boundedBody) Read(p []byte) (int, error) {
	n, err := b.r.Read(p)
	if errors.Is(err, limit.ErrTooLarge) {
		err = &fetchError{kind: "too_large", final: true,
			err: fmt.Errorf("%s is larger than %d bytes after decompression (raise limits.body to accept it): %w", b.url, b.max, err)}
	}
	return n, err
}

func (b *boundedBody) Close() error { return b.c.Close() }
