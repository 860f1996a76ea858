package tifa

import "time"

// BackfillDay is what a backfill knows of one day.
type BackfillDay struct {
	Source, Day string
	Walked      bool
	Error       string
	Expected    int // article URLs the day's pages link
	Stored      int // of those, stored
}

// Pending is one article URL waiting in the frontier.
type Pending struct {
	Seq      int64  // position in the frontier, for paging through it
	URL      string // canonical
	FetchURL string
	Source   string
	Attempts int
	FeedDate time.Time // zero when no feed or sitemap dated it
}

// Validators are what a server said last time, for conditional GET, with
// the body it sent then: a 304 says "as before", and what was before must be
// read again, or the page's links vanish for as long as it is unchanged.
type Validators struct {
	ETag, LastModified string
	Body               []byte
	ContentType        string
	// Sig identifies what the body was judged by (the source's patterns and
	// hosts); validators saved under another Sig are not to be sent.
	Sig string
}
