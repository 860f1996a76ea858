package extract

import (
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/markusmobius/go-trafilatura"

	"github.com/tifa-project/tifa"
	"github.com/tifa-project/tifa/charset"
)

// Trafilatura extracts with go-trafilatura alone, without site rules or the
// repairs generic makes. It is the yardstick tifa eval extract and the
// benchmarks measure Extract against; the pipeline never calls it.
func Trafilatura(pageURL string, raw []byte, contentType string) (*Result, error) {
	text, name, err := charset.Decode(raw, contentType)
	if err != nil {
		return nil, fmt.Errorf("trafilatura: %w", err)
	}
	opts := trafilatura.Options{EnableFallback: true, ExcludeComments: true}
	if u, err := url.Parse(pageURL); err == nil && u.Host != "" {
		opts.OriginalURL = u
	}
	res, err := trafilatura.Extract(strings.NewReader(text), opts)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrNoArticle, err)
	}
	a := &Result{Article: tifa.Article{
		URL: pageURL, Title: res.Metadata.Title, Body: strings.TrimSpace(res.ContentText),
		Author: res.Metadata.Author, Charset: name, Method: "go-trafilatura",
	}}
	if d := res.Metadata.Date; !d.IsZero() {
		a.Published = time.Date(d.Year(), d.Month(), d.Day(), d.Hour(), d.Minute(), d.Second(), 0, tifa.China)
		a.PublishedSource = "page"
	}
	return a, nil
}
