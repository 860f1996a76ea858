package tifa

import "time"

// Run is one source's result in one crawl.
type Run struct {
	ID                int64
	Source, Kind      string
	Started, Finished time.Time
	Failed            bool
	Summary           []byte // the crawler's summary, JSON
}

// Summary is what one crawl of one source did: fetched, stored, met and
// failed. It is stored as JSON in Run.Summary, and health compares the
// latest with the runs before it.
type Summary struct {
	Source      string         `json:"source"`
	Fetched     int            `json:"fetched"` // responses received, listing pages included
	NotModified int            `json:"not_modified"`
	Found       int            `json:"found"` // article URLs new to the frontier
	New         int            `json:"new"`
	Updated     int            `json:"updated"`
	Unchanged   int            `json:"unchanged"`
	Known       int            `json:"known"`   // article links skipped because already stored
	Blocked     int            `json:"blocked"` // links robots.txt disallowed
	Retried     int            `json:"retried"`
	Errors      int            `json:"errors"`
	ErrorKinds  map[string]int `json:"error_kinds,omitempty"`
	Empty       int            `json:"empty"` // article pages that yielded no text
	Pending     int            `json:"pending"`
	Paused      []string       `json:"paused_hosts,omitempty"`
	Capped      map[string]int `json:"capped,omitempty"` // what a limit kept out: frontier, sitemap_urls, sitemaps
	Mentions    int            `json:"mentions"`
	Failed      bool           `json:"failed"`
	Reason      string         `json:"reason,omitempty"`
	Seconds     float64        `json:"seconds"`
	// With crawls sharing a frontier: this crawl's worker name, and the
	// worker that read the source's listings this round when another did
	// (this crawl only fetched what it queued).
	Worker     string `json:"worker,omitempty"`
	ListingsBy string `json:"listings_read_by,omitempty"`

	// What health checks compare between runs.
	LinksSeen  int            `json:"links_seen"`            // article links on listings, feeds and sitemaps, new or known
	Methods    map[string]int `json:"methods,omitempty"`     // extraction rule (or generic) per article
	Charsets   map[string]int `json:"charsets,omitempty"`    // decoder per article
	MedianBody int            `json:"median_body"`           // characters in the median article body
	MovedLinks map[string]int `json:"moved_links,omitempty"` // article-shaped links on hosts the source does not list

	// What tells "the site had nothing new" from "the patterns fit nothing".
	Listed    int      `json:"listings_read"`              // listing, feed and sitemap pages read (200, or 304 and the kept body)
	Links     int      `json:"links"`                      // links on them that are not further listings, article or not
	Unmatched []string `json:"unmatched_sample,omitempty"` // a few of those no article pattern took, the source's hosts first
	Patterns  []string `json:"article_patterns,omitempty"` // the source's article patterns, when none matched
}
