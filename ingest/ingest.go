// Package ingest is the pipeline's spine: it turns one fetched page into a
// stored article with its counts (extract, tag, save), and recounts stored
// articles when the lexicon changes (Retag). The crawler hands it pages
// through the Handler it declares, and an archive or an import through
// Archived, so every path counts alike. It reads and writes a store only
// through the small interfaces declared here (Store, Counts, Recorder,
// Retagger); package sqlite is one engine that provides them.
package ingest

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/tifa-project/tifa"
	"github.com/tifa-project/tifa/config"
	"github.com/tifa-project/tifa/extract"
	"github.com/tifa-project/tifa/tagger"
)

// Store is what ingesting needs of a store: saving an article with its
// counts, idempotently (an unchanged article writes nothing).
type Store interface {
	SaveArticle(ctx context.Context, a *tifa.Article, counts []tifa.Count, lexicon string) (tifa.Outcome, error)
}

// maxPages bounds how many pages one article is stitched from: a pager that
// links itself in a loop must not keep a crawl busy.
const maxPages = 20

// Ingester extracts, tags and stores pages.
type Ingester struct {
	Store  Store
	Tagger *tagger.Tagger
}

// Ingest extracts the article on page, a page of src, tags it and stores it
// under page.Key as page.URL. If the page names further pages of a
// multi-page article and fetch is not nil, they are fetched and stitched in
// before tagging; without fetch only the first page counts. An article
// without a date of its own is dated by the feed, else by the fetch. A page
// without article text is an error that Is tifa.ErrNoArticle; one refused
// for its size, tifa.ErrTooComplex.
func (in *Ingester) Ingest(ctx context.Context, src *config.Source, page tifa.Page, fetch tifa.Fetch) (tifa.Ingested, error) {
	res, err := extract.Extract(page.URL, page.Body, page.ContentType)
	if errors.Is(err, tifa.ErrTooComplex) {
		return tifa.Ingested{}, fmt.Errorf("extract %s: %w", page.URL, err)
	}
	if err != nil {
		return tifa.Ingested{}, fmt.Errorf("extract %s: %w: %w", page.URL, tifa.ErrNoArticle, err)
	}
	if res.Body == "" {
		return tifa.Ingested{}, fmt.Errorf("extract %s: %w", page.URL, tifa.ErrNoArticle)
	}
	if len(res.NextPages) > 0 && fetch != nil {
		if res, err = stitch(ctx, fetch, page.URL, res); err != nil {
			return tifa.Ingested{}, err
		}
	}
	art := &res.Article
	art.Key, art.URL, art.Source = page.Key, page.URL, src.ID
	if art.Key == "" {
		art.Key = src.Canonical(page.URL)
	}
	art.FetchedAt = page.Fetched
	if art.FetchedAt.IsZero() {
		art.FetchedAt = time.Now()
	}
	switch {
	case art.Published.IsZero() && !page.FeedDate.IsZero():
		art.Published, art.PublishedSource = page.FeedDate, "feed"
	case art.Published.IsZero():
		// Never silently: the stored article says its date is the crawl's.
		art.Published, art.PublishedSource = art.FetchedAt, "crawl"
	}
	counts := Count(in.Tagger, art.Title, art.Body)
	out, err := in.Store.SaveArticle(ctx, art, counts, in.Tagger.Version())
	if err != nil {
		return tifa.Ingested{}, err
	}
	n := 0
	for _, c := range counts {
		n += c.Count
	}
	return tifa.Ingested{Outcome: out, Mentions: n, Article: art}, nil
}

// Count counts the lexicon's terms in an article's title and body, storing
// nothing: what `tifa sources test` shows of a sample.
func (in *Ingester) Count(title, body string) []tifa.Count { return Count(in.Tagger, title, body) }

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
func stitch(ctx context.Context, fetch tifa.Fetch, first string, art *extract.Result) (*extract.Result, error) {
	seen := map[string]bool{first: true}
	queue := append([]string(nil), art.NextPages...)
	var rest []*extract.Result
	for len(queue) > 0 && len(rest) < maxPages-1 {
		u := queue[0]
		queue = queue[1:]
		if seen[u] {
			continue
		}
		seen[u] = true
		body, ct, err := fetch(ctx, u)
		if errors.Is(err, tifa.ErrGone) {
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
