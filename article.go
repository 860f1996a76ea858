package tifa

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"time"
)

// Article is one article: what extract finds on a page, and what a store
// keeps of it. The JSON names are those of tifa extract's golden files.
type Article struct {
	ID  int64  `json:"id,omitempty"`  // the store's; 0 until stored
	Key string `json:"key,omitempty"` // canonical (config.Source.Canonical): what deduplicates; URL when empty
	// URL is the URL that answered, after redirects: what is shown and linked.
	URL       string    `json:"url"`
	Source    string    `json:"source,omitempty"` // left empty by extract; the caller fills it
	Title     string    `json:"title"`
	Subtitle  string    `json:"subtitle,omitempty"`
	Kicker    string    `json:"kicker,omitempty"`
	Published time.Time `json:"published"` // zero if unknown (until ingest dates it)
	// PublishedSource says where Published came from: page (the article's
	// own stamp), meta, url, or "" when the page gives no date; feed or
	// crawl when ingest filled a missing date.
	PublishedSource string `json:"published_source"`
	Body            string `json:"body"` // paragraphs separated by "\n"
	Author          string `json:"author,omitempty"`
	Editor          string `json:"editor,omitempty"`
	Origin          string `json:"origin,omitempty"` // reprint origin, e.g. 新华社
	Lang            string `json:"lang"`
	Charset         string `json:"charset"`
	Method          string `json:"method"` // site rule name or "generic"
	// PrintPage is the People's Daily print-edition page ("01" is the
	// front page) the article appeared on, where the page says.
	PrintPage string `json:"print_page,omitempty"`
	// Fingerprint is a SimHash of the body (package reprint): reprints of
	// one story differ in a few bits, different stories in about half.
	Fingerprint uint64    `json:"fingerprint"`
	FetchedAt   time.Time `json:"fetched_at,omitzero"` // when the page was fetched; zero until ingested
}

// Count is how often one term occurs in one article.
type Count struct {
	Term   string
	Count  int
	Nested int // of Count, those inside a longer mention of another term
	// Spans place each mention in the tagged text, title + "\n" + body
	// (see TaggedText), in text order.
	Spans []Span
}

// TaggedText is the text mentions are counted in and their spans point into:
// the title counts, since an analyst reading a term in a headline expects it
// in the numbers.
func TaggedText(title, body string) string { return title + "\n" + body }

// Outcome says what SaveArticle did.
type Outcome int

const (
	Unchanged Outcome = iota // same content and same lexicon: nothing written
	Inserted
	Updated
)

func (o Outcome) String() string {
	return [...]string{"unchanged", "inserted", "updated"}[o]
}

// ContentHash identifies an article's extracted fields; a re-crawl with the
// same hash changes nothing, and an extractor that now finds more (an author,
// a print page) updates the row.
func ContentHash(a *Article) string {
	h := sha256.Sum256([]byte(strings.Join([]string{a.Title, a.Subtitle, a.Kicker, a.Author, a.Editor, a.Origin,
		a.PrintPage, a.Published.UTC().Format(time.RFC3339), a.PublishedSource, a.Lang, a.Charset, a.Method, a.Body}, "\x00")))
	return hex.EncodeToString(h[:16])
}

// Saved is one article with its counts, for SaveArticles.
type Saved struct {
	Article *Article
	Counts  []Count
}

// Span is one mention's place in the tagged text, in bytes.
type Span struct {
	Start, End int
	Nested     bool
}
