package tifa

import (
	"context"
	"errors"
	"time"
)

// Page is one fetched article page, as the crawler (or an archive) hands it
// to ingest.
type Page struct {
	// Key is the canonical form of the URL the page was linked as: what the
	// article is stored under, and what the frontier and later crawls know
	// it by. Empty: the source's canonical form of URL.
	Key         string
	URL         string // the URL that answered, after redirects
	Body        []byte // as received, undecoded
	ContentType string
	FeedDate    time.Time // the date a feed or sitemap gave the URL; zero if none
	Fetched     time.Time // zero: when it is ingested
}

// Fetch fetches one page; the crawler gives one that keeps its politeness,
// an archive one that reads what it holds. A page gone for good (404, 410)
// is an error that Is ErrGone.
type Fetch func(ctx context.Context, url string) (body []byte, contentType string, err error)

// ErrGone is a page that is not there and will not be: the further page of
// a multi-page article that vanished ends the article there.
var ErrGone = errors.New("page gone")

// ErrNoArticle marks a page that yielded no article text: the source's
// template may have changed, and the operator wants to know.
var ErrNoArticle = errors.New("no article text")

// ErrTooComplex marks a page refused before parsing because it holds more
// elements than any article page: a hostile or broken page, not a changed
// template, so it is reported apart from pages without text.
var ErrTooComplex = errors.New("page too complex to extract")

// Ingested is what became of one page.
type Ingested struct {
	Article  *Article // as stored
	Outcome  Outcome
	Mentions int
}
