package tifa

import (
	"fmt"
	"time"
)

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
// are inclusive YYYY-MM-DD days in China time, empty for open ends (a Range).
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

// FirstSeen is the first day a source mentioned a term.
type FirstSeen struct {
	Term, Source, Day string
}

// Range is an inclusive range of days in China time, each written as
// DayLayout; an empty end is open.
type Range struct{ From, To string }

// Check is nil when each end is empty or a day and From is not after To,
// else a *RangeError saying which end to fix.
func (r Range) Check() error {
	for _, end := range []struct{ name, v string }{{"from", r.From}, {"to", r.To}} {
		if end.v == "" {
			continue
		}
		if _, err := ParseDay(end.v); err != nil {
			return &RangeError{End: end.name, Range: r}
		}
	}
	if r.From != "" && r.To != "" && r.From > r.To {
		return &RangeError{Range: r}
	}
	return nil
}

// Days is both ends as times, the zero time for an open end.
func (r Range) Days() (from, to time.Time, err error) {
	if err := r.Check(); err != nil {
		return from, to, err
	}
	if r.From != "" {
		from, _ = ParseDay(r.From)
	}
	if r.To != "" {
		to, _ = ParseDay(r.To)
	}
	return from, to, nil
}

// RangeError is a Range the caller got wrong. Its message names the ends by
// the domain's words, from and to; Name says it in the caller's words (the
// command line's --from), so one check serves every way of asking.
type RangeError struct {
	End   string // "from" or "to", the end that is not a day; "" when From is after To
	Range Range
}

func (e *RangeError) Error() string { return e.Name(func(end string) string { return end }) }

// Name is the message with each end called what name calls it.
func (e *RangeError) Name(name func(end string) string) string {
	switch e.End {
	case "from":
		return fmt.Sprintf("%s %q is not a day in the form YYYY-MM-DD", name("from"), e.Range.From)
	case "to":
		return fmt.Sprintf("%s %q is not a day in the form YYYY-MM-DD", name("to"), e.Range.To)
	}
	return fmt.Sprintf("%s %s is after %s %s", name("from"), e.Range.From, name("to"), e.Range.To)
}
