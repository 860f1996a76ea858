package tifa

// Coverage is what is stored of one source: the provenance behind a number.
type Coverage struct {
	Source      string
	First, Last string // days, China time
	Days        int    // days with at least one article
	Articles    int
}

// Mentioning is one stored article that mentions a term, with its text and
// the term's spans in TaggedText(Title, Body).
type Mentioning struct {
	ID          int64
	URL         string
	Source      string
	Day         string
	Published   string // RFC 3339, China time
	Title, Body string
	Origin      string
	PrintPage   string
	Fingerprint uint64
	Spans       []Span
}

// TermSpans is one term's spans in one article.
type TermSpans struct {
	Term  string
	Spans []Span
}

// Filter selects days, terms and sources. Empty slices mean all; From and To
// are inclusive YYYY-MM-DD days in China time, empty for open ends.
type Filter struct {
	Terms   []string
	Sources []string
	From    string
	To      string
	// FrontPage keeps only People's Daily print-edition page 01 articles.
	FrontPage bool
}

// TermDay is one term's mentions in one source on one day.
type TermDay struct {
	Term, Source, Day string
	Mentions          int
	Nested            int // of Mentions, those inside a longer mention of another term
	Articles          int // articles mentioning the term
}

// SourceDay is what one source published on one day.
type SourceDay struct {
	Source, Day string
	Articles    int
	Chars       int
}
