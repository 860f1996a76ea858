package crawler

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"mime"
	"net/url"
	"slices"
	"strings"

	"github.com/PuerkitoBio/goquery"
	"github.com/gocolly/colly/v2"

	"github.com/tifa-project/tifa"
	"github.com/tifa-project/tifa/config"
)

// A listing, feed or sitemap fetched conditionally answers 304 when nothing
// changed; its links are then those it gave last time. The body of the last
// 200 is kept with the validators and read again on a 304, judged by the
// source's patterns of today, so a 304 never hides a link.

var errNoCachedBody = errors.New("304 Not Modified, and no earlier body kept to read its links from")

// linkSig identifies what decides which links of a page are taken: a source
// whose patterns or hosts change must read its pages afresh, not trust a
// 304 about a body judged by other rules.
func linkSig(src *config.Source) string {
	js, _ := json.Marshal(struct {
		Article, Listings, Hosts []string
		Aliases                  map[string]string
		Depth                    int
	}{src.Article, src.Listings, src.Hosts, src.Aliases, src.ListingDepth})
	h := sha256.Sum256(js)
	return hex.EncodeToString(h[:8])
}

// conditional adds the validators stored for req's URL, unless the run
// refetches, the source's patterns changed since, or there is no body kept
// to read again (validators stored by an older tifa).
func (r *sourceRun) conditional(req *colly.Request) {
	if r.c.Refetch || r.probe != nil {
		return
	}
	v, err := r.c.DB.Validators(r.ctx, req.URL.String())
	if err != nil || v.Sig != r.sig || len(v.Body) == 0 {
		return
	}
	if v.ETag != "" {
		req.Headers.Set("If-None-Match", v.ETag)
	}
	if v.LastModified != "" {
		req.Headers.Set("If-Modified-Since", v.LastModified)
	}
}

// remember keeps a 200's validators and body for the next run.
func (r *sourceRun) remember(resp *colly.Response) {
	if r.probe != nil {
		r.probePage(resp.Request.URL.String(), resp, nil)
		return
	}
	v := tifa.Validators{ETag: resp.Headers.Get("ETag"), LastModified: resp.Headers.Get("Last-Modified"),
		Body: resp.Body, ContentType: resp.Headers.Get("Content-Type"), Sig: r.sig}
	if err := r.c.DB.SetValidators(r.ctx, resp.Request.URL.String(), v); err != nil {
		r.fail(resp.Request.URL.String(), nil, err)
	}
}

// reread reads the body kept for a page that answered 304 as if it had
// just come: sitemap, feed or HTML listing. Without a kept body (none is
// asked for then) the 304 is counted as an error, never taken for "no links".
func (r *sourceRun) reread(resp *colly.Response) {
	u := resp.Request.URL.String()
	v, err := r.c.DB.Validators(r.ctx, u)
	if err == nil && len(v.Body) == 0 {
		err = errNoCachedBody
	}
	if err != nil {
		r.fail(u, nil, err)
		return
	}
	again := &colly.Response{StatusCode: 200, Body: v.Body, Request: resp.Request, Headers: resp.Headers}
	r.parsed(again, v.ContentType)
}

// parsed hands a page's body to what reads its links, by what the source
// says the URL is; HTML as colly would see it.
func (r *sourceRun) parsed(resp *colly.Response, contentType string) {
	u := resp.Request.URL.String()
	if !r.readFeedOrSitemap(resp) {
		if mt, _, err := mime.ParseMediaType(contentType); err != nil || (mt != "text/html" && mt != "application/xhtml+xml") {
			return
		}
		doc, err := goquery.NewDocumentFromReader(bytes.NewReader(resp.Body))
		if err != nil {
			r.fail(u, nil, err)
			return
		}
		base := resp.Request.URL
		if href, ok := doc.Find("base[href]").Attr("href"); ok {
			if b, err := base.Parse(href); err == nil {
				base = b
			}
		}
		doc.Find("a[href]").Each(func(_ int, s *goquery.Selection) {
			href, _ := s.Attr("href")
			r.onHref(resp.Request, resolve(resp.Request, base, href))
		})
	}
}

// readFeedOrSitemap reads resp's links when the source says its URL is a
// sitemap or a feed, and reports whether it did.
func (r *sourceRun) readFeedOrSitemap(resp *colly.Response) bool {
	u := resp.Request.URL.String()
	r.mu.Lock()
	isSitemap := r.sitemaps[u]
	r.mu.Unlock()
	switch {
	case isSitemap:
		r.onSitemap(resp)
	case slices.Contains(r.src.Feeds, u):
		r.onFeed(resp)
	default:
		return false
	}
	return true
}

// resolve makes href absolute against base the way colly does for a page
// it parses itself, so a link reads the same after a 304 as after a 200.
func resolve(req *colly.Request, base *url.URL, href string) string {
	if base == req.URL || strings.HasPrefix(href, "#") {
		return req.AbsoluteURL(href)
	}
	ref, err := base.Parse(href)
	if err != nil {
		return ""
	}
	return req.AbsoluteURL(ref.String())
}

// noteUnmatched keeps a few links no article pattern took, for the message
// that says a source's patterns fit nothing it links.
func (r *sourceRun) noteUnmatched(link string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if slices.Contains(r.unmatched, link) || slices.Contains(r.offHost, link) {
		return
	}
	if r.src.OwnsHost(hostOf(link)) {
		if len(r.unmatched) < 4*unmatchedSample {
			r.unmatched = append(r.unmatched, link)
		}
	} else if len(r.offHost) < unmatchedSample {
		r.offHost = append(r.offHost, link)
	}
}

// unmatchedLinks picks the sample a summary shows: links on the source's
// hosts first, those with a digit in the path (article-like, where the
// navigation's are not) before the others.
func (r *sourceRun) unmatchedLinks() []string {
	var digits, other []string
	for _, l := range r.unmatched {
		if pu, err := url.Parse(l); err == nil && strings.ContainsAny(pu.Path, "0123456789") {
			digits = append(digits, l)
		} else {
			other = append(other, l)
		}
	}
	all := slices.Concat(digits, other, r.offHost)
	return all[:min(unmatchedSample, len(all))]
}
