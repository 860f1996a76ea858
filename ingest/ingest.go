// Package ingest turns one fetched page into a stored article with its counts:
// extract, tag, save. The crawler, and any later path that brings pages in
// (an archive, an import), goes through here so they count alike.
package ingest

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/tifa-project/tifa"
	"github.com/tifa-project/tifa/config"
	"github.com/tifa-project/tifa/extract"
	"github.com/tifa-project/tifa/sqlite"
	"github.com/tifa-project/tifa/tagger"
)

// ErrNoArticle marks a page that yielded no article text: the source's
// template may have changed, and the operator wants to know.
var ErrNoArticle = errors.New("no article text")

// Fetcher fetches one page; the crawler gives one that keeps its politeness.
type Fetcher func(ctx context.Context, url string) (body []byte, contentType string, err error)

// maxPages bounds how many pages one article is stitched from: a pager that
// links itself in a loop must not keep a crawl busy.
const maxPages = 20

// Ingester extracts, tags and stores pages.
type Ingester struct {
	DB     *sqlite.DB
	Tagger *tagger.Tagger
	// Now gives the crawl time; a page without a date of its own is dated by it.
	Now func() time.Time
	// Fetch, if set, fetches the further pages of a multi-page article so
	// they are stitched into one before tagging; without it only the first
	// page counts.
	Fetch Fetcher
}

// Result is what happened to one page.
type Result struct {
	Outcome  tifa.Outcome
	Mentions int
	Article  *extract.Article
}

// ErrGone is a page that is not there and will not be (404, 410): a
// Fetcher's error that says so stops stitching at the pages before it.
var ErrGone = errors.New("page gone")

// Page ingests one article page of src that answered at pageURL; it is
// stored as that URL, keyed by the source's canonical form of it.
func (in *Ingester) Page(ctx context.Context, src *config.Source, pageURL string, raw []byte, contentType string) (Result, error) {
	return in.DatedPage(ctx, src, pageURL, raw, contentType, time.Time{})
}

// DatedPage is Page for a URL a feed or sitemap gave a date: the page's own
// date still comes first, the feed's before the crawl's.
func (in *Ingester) DatedPage(ctx context.Context, src *config.Source, pageURL string, raw []byte, contentType string, feedDate time.Time) (Result, error) {
	return in.KeyedPage(ctx, src, src.Canonical(pageURL), pageURL, raw, contentType, feedDate)
}

// KeyedPage is DatedPage for a page stored under key, the canonical form of
// the URL it was linked as, when it answered at pageURL (a redirect): the
// key is what the frontier and later crawls know the article by.
func (in *Ingester) KeyedPage(ctx context.Context, src *config.Source, key, pageURL string, raw []byte, contentType string, feedDate time.Time) (Result, error) {
	art, err := extract.Extract(pageURL, raw, contentType)
	if err != nil {
		return Result{}, fmt.Errorf("extract %s: %w: %w", pageURL, ErrNoArticle, err)
	}
	if art.Body == "" {
		return Result{}, fmt.Errorf("extract %s: %w", pageURL, ErrNoArticle)
	}
	if len(art.NextPages) > 0 && in.Fetch != nil {
		if art, err = in.stitch(ctx, pageURL, art); err != nil {
			return Result{}, err
		}
	}
	art.URL = pageURL
	art.Source = src.ID
	fetched := in.Now()
	switch {
	case art.Published.IsZero() && !feedDate.IsZero():
		art.Published, art.PublishedSource = feedDate, "feed"
	case art.Published.IsZero():
		// Never silently: the stored article says its date is the crawl's.
		art.Published, art.PublishedSource = fetched, "crawl"
	}
	counts := Count(in.Tagger, art.Title, art.Body)
	sa := &tifa.Article{
		Key: key, URL: art.URL, Source: src.ID, Title: art.Title, Subtitle: art.Subtitle, Kicker: art.Kicker,
		Author: art.Author, Editor: art.Editor, Origin: art.Origin, PrintPage: art.PrintPage,
		Fingerprint: art.Fingerprint, Published: art.Published,
		PublishedSource: art.PublishedSource, Body: art.Body, Lang: art.Lang,
		Charset: art.Charset, Method: art.Method, FetchedAt: fetched,
	}
	out, err := in.DB.SaveArticle(ctx, sa, counts, in.Tagger.Version())
	if err != nil {
		return Result{}, err
	}
	n := 0
	for _, c := range counts {
		n += c.Count
	}
	return Result{Outcome: out, Mentions: n, Article: art}, nil
}

// Count tags an article's title and body (tifa.TaggedText) and groups the
// mentions by term, keeping each one's span.
func Count(t *tagger.Tagger, title, body string) []tifa.Count {
	byTerm := map[string]*tifa.Count{}
	var order []string
	for _, m := range t.Spans(tifa.TaggedText(title, body)) {
		c, ok := byTerm[m.Term]
		if !ok {
			c = &tifa.Count{Term: m.Term}
			byTerm[m.Term] = c
			order = append(order, m.Term)
		}
		c.Count++
		if m.Nested {
			c.Nested++
		}
		c.Spans = append(c.Spans, tifa.Span{Start: m.Start, End: m.End, Nested: m.Nested})
	}
	out := make([]tifa.Count, 0, len(order))
	for _, id := range order {
		out = append(out, *byTerm[id])
	}
	return out
}

// stitch fetches the following pages of a multi-page article (each may name
// the next) and joins them to the first, so the article counts once, whole.
// A page that fails for now fails the article: storing a part would
// undercount, and the next crawl tries the whole again. A page gone for good
// ends the article there.
func (in *Ingester) stitch(ctx context.Context, first string, art *extract.Article) (*extract.Article, error) {
	seen := map[string]bool{first: true}
	queue := append([]string(nil), art.NextPages...)
	var rest []*extract.Article
	for len(queue) > 0 && len(rest) < maxPages-1 {
		u := queue[0]
		queue = queue[1:]
		if seen[u] {
			continue
		}
		seen[u] = true
		body, ct, err := in.Fetch(ctx, u)
		if errors.Is(err, ErrGone) {
			// A later page vanished: store what the site still has, rather
			// than never store the article at all.
			break
		}
		if err != nil {
			return nil, fmt.Errorf("page %d of %s: %w", len(rest)+2, first, err)
		}
		page, err := extract.Extract(u, body, ct)
		if err != nil {
			return nil, fmt.Errorf("page %d of %s: %w", len(rest)+2, first, err)
		}
		rest = append(rest, page)
		queue = append(queue, page.NextPages...)
	}
	return extract.Stitch(art, rest...), nil
}
