// Package replay serves saved pages under their original URLs from a loopback
// server, so the demo and the tests crawl them through the same HTTP path, the
// same politeness and the same extraction as a live crawl.
package replay

import (
	"context"
	"fmt"
	"html"
	"io/fs"
	"net"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"sync"
)

// Page is one response the site gives.
type Page struct {
	Body        []byte
	ContentType string
	// Origin says where the bytes came from, e.g. a corpus path, or
	// "constructed" for the listing pages the replay makes itself.
	Origin string
}

// Site is a set of pages keyed by URL without scheme: host + path (+ query).
type Site struct {
	mu        sync.RWMutex
	onRequest func(host, path, userAgent string)
	pages     map[string]Page
	hits      map[string]int
}

// NewSite returns an empty site.
func NewSite() *Site { return &Site{pages: map[string]Page{}, hits: map[string]int{}} }

// Add serves body at rawURL.
func (s *Site) Add(rawURL string, p Page) error {
	k, err := key(rawURL)
	if err != nil {
		return err
	}
	s.mu.Lock()
	s.pages[k] = p
	s.mu.Unlock()
	return nil
}

// OnRequest makes f see every request's host, path and User-Agent; tests
// check politeness with it.
func (s *Site) OnRequest(f func(host, path, userAgent string)) {
	s.mu.Lock()
	s.onRequest = f
	s.mu.Unlock()
}

// Hits returns how often rawURL was requested.
func (s *Site) Hits(rawURL string) int {
	k, _ := key(rawURL)
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.hits[k]
}

// URLs lists the URLs served, sorted.
func (s *Site) URLs() []string {
	s.mu.RLock()
	defer s.mu.RUnlock()
	out := make([]string, 0, len(s.pages))
	for k := range s.pages {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func key(rawURL string) (string, error) {
	u, err := url.Parse(rawURL)
	if err != nil || u.Host == "" {
		return "", fmt.Errorf("replay: %q is not an absolute URL", rawURL)
	}
	k := strings.ToLower(u.Host) + u.EscapedPath()
	if u.RawQuery != "" {
		k += "?" + u.RawQuery
	}
	return k, nil
}

// ServeHTTP answers by the request's Host header and path; a host without a
// robots.txt of its own gets one that allows everything.
func (s *Site) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.RLock()
	hook := s.onRequest
	s.mu.RUnlock()
	if hook != nil {
		hook(strings.ToLower(r.Host), r.URL.Path, r.UserAgent())
	}
	k := strings.ToLower(r.Host) + r.URL.EscapedPath()
	if r.URL.RawQuery != "" {
		k += "?" + r.URL.RawQuery
	}
	s.mu.Lock()
	p, ok := s.pages[k]
	s.hits[k]++
	s.mu.Unlock()
	switch {
	case ok:
		w.Header().Set("Content-Type", p.ContentType)
		w.Write(p.Body)
	case r.URL.Path == "/robots.txt":
		w.Header().Set("Content-Type", "text/plain")
		fmt.Fprint(w, "User-agent: *\nAllow: /\n")
	default:
		http.NotFound(w, r)
	}
}

// Server is a Site listening on loopback.
type Server struct {
	Site *Site
	Addr string // host:port on 127.0.0.1
	srv  *http.Server
	done chan error
}

// Start serves site on a free loopback port until ctx ends or Close is called.
func Start(ctx context.Context, site *Site) (*Server, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("replay: listen on loopback: %w", err)
	}
	s := &Server{Site: site, Addr: ln.Addr().String(), srv: &http.Server{Handler: site}, done: make(chan error, 1)}
	go func() { s.done <- s.srv.Serve(ln) }()
	go func() {
		<-ctx.Done()
		s.srv.Close()
	}()
	return s, nil
}

// Close stops the server.
func (s *Server) Close() error {
	err := s.srv.Close()
	<-s.done
	return err
}

// Transport returns a RoundTripper that sends every request, whatever its
// host, to the replay server, keeping the original Host header so the site can
// answer as that host. https URLs are carried over plain HTTP on loopback.
func (s *Server) Transport() http.RoundTripper { return TransportTo(s.Addr) }

// TransportTo is Server.Transport for any loopback server at addr, such as
// a test's fault-injecting one.
func TransportTo(addr string) http.RoundTripper {
	base := &http.Transport{DisableCompression: true}
	return roundTripper(func(req *http.Request) (*http.Response, error) {
		r := req.Clone(req.Context())
		r.Host = req.URL.Host
		r.URL.Scheme = "http"
		r.URL.Host = addr
		resp, err := base.RoundTrip(r)
		if resp != nil {
			resp.Request = req
		}
		return resp, err
	})
}

type roundTripper func(*http.Request) (*http.Response, error)

func (f roundTripper) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// Listing builds a plain listing page linking urls, marked as constructed.
func Listing(title string, urls []string) Page {
	var b strings.Builder
	b.WriteString("<!DOCTYPE html>\n<!-- constructed by tifa's replay site: a listing page linking saved articles; not a saved page -->\n")
	fmt.Fprintf(&b, "<html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>%s</title></head><body><ul>\n", html.EscapeString(title))
	for _, u := range urls {
		fmt.Fprintf(&b, "<li><a href=\"%s\">%s</a></li>\n", html.EscapeString(u), html.EscapeString(u))
	}
	b.WriteString("</ul></body></html>\n")
	return Page{Body: []byte(b.String()), ContentType: "text/html; charset=utf-8", Origin: "constructed"}
}

// FromFS reads a saved page from fsys.
func FromFS(fsys fs.FS, path string) (Page, error) {
	b, err := fs.ReadFile(fsys, path)
	if err != nil {
		return Page{}, fmt.Errorf("replay: %w", err)
	}
	// Saved copies carry no HTTP header; the page's own declaration (or its
	// bytes) must tell the charset, as it would for a server that sends none.
	return Page{Body: b, ContentType: "text/html", Origin: path}, nil
}
