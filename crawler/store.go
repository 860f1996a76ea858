package crawler

import (
	"context"
	"time"

	"github.com/tifa-project/tifa"
)

// Frontier is the queue of article URLs the crawler fills and claims from.
// A claimed URL is leased to one worker: Done, Retry or Release ends the
// lease, Renew extends it while a fetch is slow.
type Frontier interface {
	Enqueue(ctx context.Context, source, url, fetchURL string, now, feedDate time.Time) (bool, error)
	Requeue(ctx context.Context, source, url, fetchURL string, now time.Time) error
	Claim(ctx context.Context, c tifa.Claim) ([]tifa.Pending, error)
	Done(ctx context.Context, url string) error
	Retry(ctx context.Context, url string, next time.Time, cause error, gone bool) error
	Release(ctx context.Context, worker, url string) error
	Renew(ctx context.Context, worker string, now time.Time, lease time.Duration) (int, error)
	ReapLeases(ctx context.Context, source string, now time.Time) (int, error)
	Leased(ctx context.Context, source, worker string) (int, error)
	// Clock is the store's time, which leases and claim times are on.
	Clock(ctx context.Context) (time.Time, error)
	FrontierSize(ctx context.Context, source string) (waiting, gone int, err error)
}

// Hosts keeps each host's turns where every worker sees it, so the per-host
// delay and parallel hold across processes, not only inside one: a worker
// takes one of the host's slots (parallel of them), sends, and ends the
// turn when the answer came, which opens that slot again a delay later, on
// the store's clock.
type Hosts interface {
	TakeHost(ctx context.Context, host, holder string, slots int, hold time.Duration) (wait time.Duration, err error)
	EndHost(ctx context.Context, host, holder string, delay time.Duration) error
	// HoldHost keeps every worker off host until until, on the store's
	// clock (a Retry-After, a host that keeps failing).
	HoldHost(ctx context.Context, host string, until time.Time) error
}

// Rounds has a source's listings read once per round by crawls sharing a
// frontier: the first to begin reads them, holding its discovery while it
// lives; the others fetch what it queues, and take the reading over if its
// hold lapses.
type Rounds interface {
	BeginDiscovery(ctx context.Context, source, worker string, round, hold time.Duration) (tifa.Discovery, bool, error)
	RenewDiscovery(ctx context.Context, source, worker string, hold time.Duration) error
	EndDiscovery(ctx context.Context, source, worker string, complete bool) error
	Discovery(ctx context.Context, source string) (tifa.Discovery, error)
}

// Store is everything a crawl reads and writes besides the articles, which
// go through the Ingester.
type Store interface {
	Frontier
	Hosts
	Rounds
	HasArticle(ctx context.Context, key string) (bool, error)
	Validators(ctx context.Context, url string) (tifa.Validators, error)
	SetValidators(ctx context.Context, url string, v tifa.Validators) error
	BackfillURL(ctx context.Context, source, day, url string) error
	BackfillWalked(ctx context.Context, source, day string, now time.Time, cause string) error
	RecordRun(ctx context.Context, r tifa.Run) error
}
