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
