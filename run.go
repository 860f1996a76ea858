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
