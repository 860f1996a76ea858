package tifa

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"time"
)

// Article is an extracted article as stored.
type Article struct {
	ID  int64
	Key string // canonical (config.Source.Canonical): what deduplicates; URL when empty
	// URL is the URL that answered, after redirects: what is shown and linked.
	URL             string
	Source          string
	Title           string
	Subtitle        string
	Kicker          string
	Author          string
	Editor          string
	Origin          string
	PrintPage       string
	Fingerprint     uint64
	Published       time.Time
	PublishedSource string
	Body            string
	Lang            string
	Charset         string
	Method          string
	FetchedAt       time.Time
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
