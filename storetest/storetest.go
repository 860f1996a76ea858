// Package storetest is the conformance suite every storage engine passes:
// one table of cases over the domain's operations (articles and their
// counts, aggregates, lexicon versions, the claimed frontier, host turns,
// locks), concurrency included, written against the Engine interface only.
// An engine's package runs it from a test:
//
//	func TestConformance(t *testing.T) {
//		storetest.Run(t, func(t *testing.T) storetest.Engine { return openFresh(t) })
//	}
//
// The suite knows no SQL and no file: what an engine does to pass it is its
// own business, so SQLite and PostgreSQL are held to the same behaviour.
package storetest

import (
	"context"
	"time"

	"github.com/tifa-project/tifa"
)

// Engine is what the suite exercises: the writes a crawl, an import and a
// retag make, and the reads that check them.
type Engine interface {
	SaveArticle(ctx context.Context, a *tifa.Article, counts []tifa.Count, lexicon string) (tifa.Outcome, error)
	SaveArticles(ctx context.Context, batch []tifa.Saved, lexicon string) error
	Article(ctx context.Context, url string) (*tifa.Article, error)
	HasArticle(ctx context.Context, key string) (bool, error)
	ArticleCount(ctx context.Context) (int, error)
	Mentions(ctx context.Context, url string) (map[string]int, error)
	TermDays(ctx context.Context, f tifa.Filter) ([]tifa.TermDay, error)
	SourceDays(ctx context.Context, f tifa.Filter) ([]tifa.SourceDay, error)
	MostMentioned(ctx context.Context, f tifa.Filter, limit int) ([]string, error)

	RetagNext(ctx context.Context, j tifa.RetagJob, limit int) ([]tifa.Stored, error)
	RetagAfter(ctx context.Context, j tifa.RetagJob, after int64, limit int) ([]tifa.Stored, error)
	RetagApply(ctx context.Context, j tifa.RetagJob, batch []tifa.Retagged) error
	RecordLexicon(ctx context.Context, lx tifa.Lexicon, now time.Time) error
	Lexicons(ctx context.Context) ([]tifa.Lexicon, error)

	Enqueue(ctx context.Context, source, url, fetchURL string, now, feedDate time.Time) (bool, error)
	Requeue(ctx context.Context, source, url, fetchURL string, now time.Time) error
	Claim(ctx context.Context, c tifa.Claim) ([]tifa.Pending, error)
	Done(ctx context.Context, url string) error
	Retry(ctx context.Context, url string, next time.Time, cause error, gone bool) error
	Release(ctx context.Context, worker, url string) error
	Renew(ctx context.Context, worker string, now time.Time, lease time.Duration) (int, error)
	ReapLeases(ctx context.Context, source string, now time.Time) (int, error)
	Leased(ctx context.Context, source, worker string) (int, error)
	Clock(ctx context.Context) (time.Time, error)
	FrontierSize(ctx context.Context, source string) (waiting, gone int, err error)

	Validators(ctx context.Context, url string) (tifa.Validators, error)
	SetValidators(ctx context.Context, url string, v tifa.Validators) error

	TakeHost(ctx context.Context, host, holder string, slots int, hold time.Duration) (time.Duration, error)
	EndHost(ctx context.Context, host, holder string, delay time.Duration) error

	BeginDiscovery(ctx context.Context, source, worker string, round, hold time.Duration) (tifa.Discovery, bool, error)
	RenewDiscovery(ctx context.Context, source, worker string, hold time.Duration) error
	EndDiscovery(ctx context.Context, source, worker string, complete bool) error
	Discovery(ctx context.Context, source string) (tifa.Discovery, error)
	HoldHost(ctx context.Context, host string, until time.Time) error

	TryLock(ctx context.Context, name string) (tifa.Lock, error)
}
