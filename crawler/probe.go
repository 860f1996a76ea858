package crawler

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"sync"

	"github.com/gocolly/colly/v2"

	"github.com/tifa-project/tifa"
	"github.com/tifa-project/tifa/config"
	"github.com/tifa-project/tifa/extract"
)

// Verdicts a link of a listing, feed or sitemap gets.
const (
	LinkArticle = "article" // an article pattern took it
	LinkListing = "listing" // a listing pattern took it: followed
	LinkNone    = "none"    // neither
)

// Probe is what `tifa sources test` shows: every page discovery read, every
// link found and which pattern took it, and a few articles extracted.
type Probe struct {
	Source  string        `json:"source"`
	Pages   []ProbePage   `json:"pages"`
	Links   []ProbeLink   `json:"links"`
	Samples []ProbeSample `json:"samples"`
}

// ProbePage is one listing, feed or sitemap page requested.
type ProbePage struct {
	URL    string `json:"url"`
	Status int    `json:"status,omitempty"`
	Error  string `json:"error,omitempty"`
}

// ProbeLink is one distinct link found.
type ProbeLink struct {
	URL     string `json:"url"`
	From    string `json:"from,omitempty"` // the page it was first found on
	Verdict string `json:"verdict"`
	// NearMiss says what would make an article pattern take a link none
	// took: only the scheme, the host alias, a trailing slash or the query.
	NearMiss string `json:"near_miss,omitempty"`
}

// ProbeSample is one article fetched and extracted, not stored.
type ProbeSample struct {
	URL      string         `json:"url"`
	Answered string         `json:"answered"` // after redirects
	Article  *tifa.Article  `json:"article,omitempty"`
	Terms    map[string]int `json:"terms,omitempty"`
	Error    string         `json:"error,omitempty"`
}

// Counter counts the lexicon's terms in a text, storing nothing. A Handler
// that is one gives the samples of a probe their term counts.
type Counter interface {
	Count(title, body string) []tifa.Count
}

// probe collects a Probe while a sourceRun discovers; nothing is written.
type probe struct {
	mu    sync.Mutex
	out   Probe
	index map[string]int // link URL -> position in out.Links
	from  map[string]string
}

// Test discovers src's links as a crawl would, politely and through the
// same collector (robots.txt, delays), writing nothing, then fetches and
// extracts up to articles of the article links found. c.DB may be nil.
func (c *Crawler) Test(ctx context.Context, src *config.Source, articles int) (*Probe, error) {
	c.defaults()
	r := newSourceRun(ctx, c, src)
	r.probe = &probe{out: Probe{Source: src.ID}, index: map[string]int{}, from: map[string]string{}}
	if err := r.discover(); err != nil {
		return nil, err
	}
	p := &r.probe.out
	for _, l := range p.Links {
		if len(p.Samples) >= articles || ctx.Err() != nil {
			break
		}
		if l.Verdict == LinkArticle {
			p.Samples = append(p.Samples, r.sample(l.URL))
		}
	}
	return p, ctx.Err()
}

// sample fetches and extracts one article as a crawl would store it.
func (r *sourceRun) sample(u string) ProbeSample {
	s := ProbeSample{URL: u}
	body, ct, answered, err := r.fetchRetrying(u)
	if err != nil {
		s.Error = err.Error()
		return s
	}
	s.Answered = answered
	art, err := extract.Extract(answered, body, ct)
	if err != nil {
		s.Error = err.Error()
		return s
	}
	s.Article = &art.Article
	if cnt, ok := r.c.Handler.(Counter); ok {
		s.Terms = map[string]int{}
		for _, c := range cnt.Count(art.Title, art.Body) {
			s.Terms[c.Term] = c.Count
		}
	}
	return s
}

// page records a page discovery requested.
func (p *probe) page(u string, resp *colly.Response, err error) {
	pg := ProbePage{URL: u}
	if resp != nil {
		pg.Status = resp.StatusCode
	}
	if err != nil {
		pg.Error = err.Error()
	}
	p.mu.Lock()
	p.out.Pages = append(p.out.Pages, pg)
	p.mu.Unlock()
}

// seenOn notes the page a link is on, before it is judged.
func (p *probe) seenOn(link, page string) {
	p.mu.Lock()
	if _, ok := p.from[link]; !ok {
		p.from[link] = page
	}
	p.mu.Unlock()
}

// judge records a link's verdict, once per distinct link.
func (p *probe) judge(src *config.Source, link, verdict string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if _, ok := p.index[link]; ok {
		return
	}
	l := ProbeLink{URL: link, From: p.from[link], Verdict: verdict}
	if verdict == LinkNone {
		l.NearMiss = nearMiss(src, link)
	}
	p.index[link] = len(p.out.Links)
	p.out.Links = append(p.out.Links, l)
}

// nearMiss says which one small change would make an article pattern take
// link, or "" when none would.
func nearMiss(src *config.Source, link string) string {
	u, err := url.Parse(link)
	if err != nil || u.Host == "" {
		return ""
	}
	try := func(why string, change func(v *url.URL)) string {
		v := *u
		change(&v)
		if s := v.String(); s != link && Belongs(src, s) {
			return why + ": " + s
		}
		return ""
	}
	host := strings.ToLower(u.Hostname())
	var alias string
	for from, to := range src.Aliases {
		switch host {
		case from:
			alias = to
		case to:
			alias = from
		}
	}
	for _, c := range []struct {
		why    string
		change func(v *url.URL)
	}{
		{"only the scheme differs", func(v *url.URL) { v.Scheme = map[string]string{"http": "https", "https": "http"}[v.Scheme] }},
		{"only the host alias differs", func(v *url.URL) {
			if alias != "" {
				v.Host = strings.Replace(v.Host, u.Hostname(), alias, 1)
			}
		}},
		{"only www. differs", func(v *url.URL) {
			if h, ok := strings.CutPrefix(v.Host, "www."); ok {
				v.Host = h
			} else {
				v.Host = "www." + v.Host
			}
		}},
		{"only a trailing slash differs", func(v *url.URL) {
			if p, ok := strings.CutSuffix(v.Path, "/"); ok {
				v.Path = p
			} else {
				v.Path += "/"
			}
		}},
		{"only the query string differs", func(v *url.URL) { v.RawQuery, v.ForceQuery = "", false }},
	} {
		if why := try(c.why, c.change); why != "" {
			return why
		}
	}
	return ""
}

// NoArticleReason says why a probe found no article link, or "" if it did.
func (p *Probe) NoArticleReason() string {
	answered, verdicts, near := 0, map[string]int{}, 0
	for _, pg := range p.Pages {
		if pg.Error == "" {
			answered++
		}
	}
	for _, l := range p.Links {
		verdicts[l.Verdict]++
		if l.NearMiss != "" {
			near++
		}
	}
	switch {
	case verdicts[LinkArticle] > 0:
		return ""
	case answered == 0 && len(p.Pages) > 0:
		return fmt.Sprintf("no start page, feed or sitemap answered (%d tried): %s", len(p.Pages), p.Pages[0].Error)
	case answered == 0:
		return "the source has no start page, feed or sitemap, or robots.txt blocks them all"
	case len(p.Links) == 0:
		return fmt.Sprintf("%d pages answered but held no links (a page built by JavaScript? try its feed or sitemap)", answered)
	case near > 0:
		return fmt.Sprintf("no link matched an article pattern; %d came close (see near misses above)", near)
	}
	return fmt.Sprintf("none of the %d links found matched an article pattern: compare the article links above with the patterns", len(p.Links))
}

// The hooks discovery calls; each does nothing outside a probe.

func (r *sourceRun) probePage(u string, resp *colly.Response, err error) {
	if r.probe != nil {
		if err != nil {
			err = classify(resp, err)
		}
		r.probe.page(u, resp, err)
	}
}

func (r *sourceRun) probeLink(link, page, verdict string) {
	if r.probe == nil {
		return
	}
	if page != "" {
		r.probe.seenOn(link, page)
	}
	if verdict != "" {
		r.probe.judge(r.src, link, verdict)
	}
}
