package tifa

import (
	"errors"
	"time"
)

// Claim asks an engine's frontier for work. Every URL it hands out is leased
// to Worker until Now+Lease: no other claim takes it meanwhile, and one whose
// lease ran out (its worker died) returns to the queue. Done, Retry or
// Release end a lease; Renew extends a live worker's leases.
type Claim struct {
	Source string
	Worker string // who is fetching: one process, named for leases and messages
	N      int    // at most this many URLs
	Now    time.Time
	Lease  time.Duration
	// Since, when set, keeps out a URL claimed at or after it: a URL gets
	// one turn per run, even when its retry falls due within the run.
	Since time.Time
}

// ErrLocked is returned when another process holds a named lock.
var ErrLocked = errors.New("locked by another process")

// Lock is a held named lock (a crawl, a retag): it lasts until Unlock or
// until its holder's process ends, however it ends, so a killed job never
// leaves it stuck.
type Lock interface {
	Unlock() error
}

// Discovery is where reading a source's listings stands among the crawls of
// one round. Crawls on several machines share a frontier; the listings need
// reading once per round, by whoever begins first, while the others drain
// the frontier it fills.
type Discovery struct {
	Worker string // who began the latest discovery; "" when none ever did
	// Running: begun, not ended, and its holder renewed its hold in time.
	// A discovery neither running nor finished lapsed: its worker died or
	// was interrupted, and the next crawl to ask takes it over.
	Running  bool
	Finished time.Time // when it ended complete; zero while running or when it lapsed
}
