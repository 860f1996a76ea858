package main

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/tifa-project/tifa"
	"github.com/tifa-project/tifa/config"
	"github.com/tifa-project/tifa/postgres"
	"github.com/tifa-project/tifa/sqlite"
)

// DB is what the commands use of a store: the union of the small interfaces
// the readers, ingest and the crawler declare, plus what the commands call
// themselves. Both engines provide it; a command that needs one engine's
// own tools (tifa check's repair of a SQLite file) opens that engine itself.
type DB interface {
	AlertDelivered(ctx context.Context, key, destination string, attempts int, cause error, now time.Time) error
	Article(ctx context.Context, url string) (*tifa.Article, error)
	ArticleCount(ctx context.Context) (int, error)
	ArticleTerms(ctx context.Context, id int64) ([]tifa.TermSpans, error)
	ArticleVersions(ctx context.Context) ([]tifa.VersionCount, error)
	BackfillRange(ctx context.Context, source string) (from, to string, err error)
	BackfillStatus(ctx context.Context, source, from, to string) ([]tifa.BackfillDay, error)
	BackfillURL(ctx context.Context, source, day, url string) error
	BackfillWalked(ctx context.Context, source, day string, now time.Time, cause string) error
	BeginDiscovery(ctx context.Context, source, worker string, round, hold time.Duration) (tifa.Discovery, bool, error)
	Claim(ctx context.Context, c tifa.Claim) ([]tifa.Pending, error)
	CountedTerms(ctx context.Context) ([]string, error)
	Coverage(ctx context.Context, f tifa.Filter) ([]tifa.Coverage, error)
	Discovery(ctx context.Context, source string) (tifa.Discovery, error)
	Done(ctx context.Context, url string) error
	EachMentioning(ctx context.Context, term string, f tifa.Filter, fn func(a *tifa.Mentioning, terms []tifa.TermSpans) error) error
	EachText(ctx context.Context, f tifa.Filter, fn func(s tifa.Stored, url string) error) error
	EndDiscovery(ctx context.Context, source, worker string, complete bool) error
	Enqueue(ctx context.Context, source, url, fetchURL string, now, feedDate time.Time) (bool, error)
	FirstSeen(ctx context.Context, f tifa.Filter) ([]tifa.FirstSeen, error)
	FrontierSize(ctx context.Context, source string) (waiting, gone int, err error)
	HasArticle(ctx context.Context, key string) (bool, error)
	HoldHost(ctx context.Context, host string, until time.Time) error
	LexiconByVersion(ctx context.Context, v string) (tifa.Lexicon, error)
	Lexicons(ctx context.Context) ([]tifa.Lexicon, error)
	Mentioning(ctx context.Context, term string, f tifa.Filter, limit int) ([]tifa.Mentioning, error)
	Mentions(ctx context.Context, url string) (map[string]int, error)
	MostMentioned(ctx context.Context, f tifa.Filter, limit int) ([]string, error)
	OriginalDays(ctx context.Context, f tifa.Filter) ([]tifa.TermDay, []tifa.SourceDay, error)
	PendingAlerts(ctx context.Context) ([]tifa.PendingAlert, error)
	ReapLeases(ctx context.Context, source string, now time.Time) (int, error)
	Leased(ctx context.Context, source, worker string) (int, error)
	Clock(ctx context.Context) (time.Time, error)
	RearmAlerts(ctx context.Context, kind string, keys map[string]bool) error
	RebuildAggregates(ctx context.Context) error
	RecordAlert(ctx context.Context, key, kind string, body []byte, destinations []string, now time.Time) (bool, error)
	RecordLexicon(ctx context.Context, lx tifa.Lexicon, now time.Time) error
	RecordRun(ctx context.Context, r tifa.Run) error
	RecordSources(ctx context.Context, srcs []*config.Source, origin string, now time.Time) error
	Release(ctx context.Context, worker, url string) error
	RenewDiscovery(ctx context.Context, source, worker string, hold time.Duration) error
	Renew(ctx context.Context, worker string, now time.Time, lease time.Duration) (int, error)
	ReprintsUpTo(ctx context.Context, day string) (map[int64]bool, error)
	Requeue(ctx context.Context, source, url, fetchURL string, now time.Time) error
	TakeHost(ctx context.Context, host, holder string, slots int, hold time.Duration) (time.Duration, error)
	EndHost(ctx context.Context, host, holder string, delay time.Duration) error
	RetagApply(ctx context.Context, j tifa.RetagJob, batch []tifa.Retagged) error
	RetagDone(ctx context.Context, j tifa.RetagJob) error
	RetagNext(ctx context.Context, j tifa.RetagJob, limit int) ([]tifa.Stored, error)
	RetagAfter(ctx context.Context, j tifa.RetagJob, after int64, limit int) ([]tifa.Stored, error)
	RetagPending(ctx context.Context, j tifa.RetagJob) (int, error)
	RetagStart(ctx context.Context, j tifa.RetagJob) error
	Retry(ctx context.Context, url string, next time.Time, cause error, gone bool) error
	Runs(ctx context.Context, source string, n int) ([]tifa.Run, error)
	SaveArticle(ctx context.Context, a *tifa.Article, counts []tifa.Count, lexicon string) (tifa.Outcome, error)
	SaveArticles(ctx context.Context, batch []tifa.Saved, lexicon string) error
	SetValidators(ctx context.Context, url string, v tifa.Validators) error
	SourceDays(ctx context.Context, f tifa.Filter) ([]tifa.SourceDay, error)
	SourceDaysMerged(ctx context.Context, f tifa.Filter) ([]tifa.SourceDay, error)
	Sources(ctx context.Context) ([]tifa.SourceRecord, error)
	StaleArticles(ctx context.Context, current string) (int, error)
	StoredSources(ctx context.Context) ([]string, error)
	TermDays(ctx context.Context, f tifa.Filter) ([]tifa.TermDay, error)
	TermDaysByKey(ctx context.Context, f tifa.Filter) ([]tifa.TermDay, error)
	TermDaysMerged(ctx context.Context, f tifa.Filter) ([]tifa.TermDay, error)
	Total(ctx context.Context, term string) (tifa.TermTotal, error)
	TryLock(ctx context.Context, name string) (tifa.Lock, error)
	Validators(ctx context.Context, url string) (tifa.Validators, error)
	Read(ctx context.Context, fn func(ctx context.Context) error) error
	Close() error
}

var (
	_ DB = (*sqlite.DB)(nil)
	_ DB = (*postgres.DB)(nil)
)

// Open opens the database dsn names, choosing the engine by its form: a
// postgres:// or postgresql:// URL is PostgreSQL's, anything else a SQLite
// file path. Commands open through here and never decide the engine.
func Open(ctx context.Context, dsn string) (DB, error) {
	if isPostgres(dsn) {
		// postgres's errors name the DSN redacted already.
		db, err := postgres.Open(ctx, lowerScheme(dsn))
		if err != nil {
			return nil, err
		}
		return db, nil
	}
	db, err := sqlite.Open(ctx, dsn)
	if err != nil {
		return nil, err
	}
	return db, nil
}

// OpenReadOnly opens an existing database for queries only.
func OpenReadOnly(ctx context.Context, dsn string) (DB, error) {
	if isPostgres(dsn) {
		// postgres's errors name the DSN redacted already.
		db, err := postgres.OpenReadOnly(ctx, lowerScheme(dsn))
		if err != nil {
			return nil, err
		}
		return db, nil
	}
	db, err := sqlite.OpenReadOnly(ctx, dsn)
	if err != nil {
		return nil, err
	}
	return db, nil
}

// dbName is how messages name db: its file path, or its DSN redacted.
func dbName(db DB) string {
	switch db := db.(type) {
	case *sqlite.DB:
		return db.Path
	case *postgres.DB:
		return db.Path
	}
	return "the database"
}

// shared says db is a server database that crawls on several machines
// work at once, as workers of one frontier.
func shared(db DB) bool {
	_, ok := db.(*postgres.DB)
	return ok
}

// isPostgres reports whether dsn names a PostgreSQL database.
func isPostgres(dsn string) bool {
	l := strings.ToLower(dsn)
	return strings.HasPrefix(l, "postgres://") || strings.HasPrefix(l, "postgresql://")
}

// lowerScheme writes a PostgreSQL URL's scheme in lower case: pgx, and the
// engine's redaction, know a URL only by a lower-case scheme and would take
// POSTGRESQL://… for key=value settings, password and all.
func lowerScheme(dsn string) string {
	i := strings.Index(dsn, "://")
	return strings.ToLower(dsn[:i]) + dsn[i:]
}

// needSQLite refuses a PostgreSQL DSN for a command that works on a SQLite
// file itself, naming the command and never the password.
func needSQLite(what, dsn string) error {
	if !isPostgres(dsn) {
		return nil
	}
	return fmt.Errorf("%s needs a SQLite file, not %s: give --db the path of a .db file", what, redact(dsn))
}

// redact hides a DSN's password: it is never printed or logged.
func redact(dsn string) string {
	u, err := url.Parse(dsn)
	if err != nil {
		return "the PostgreSQL URL"
	}
	return u.Redacted()
}
