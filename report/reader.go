package report

import (
	"context"

	"github.com/tifa-project/tifa"
)

// Reader is the stored data the reports read: the daily aggregates, the
// articles that mention a term, and what each source stored. An engine
// (package sqlite) provides it; the reports never write.
type Reader interface {
	TermDaysByKey(ctx context.Context, f tifa.Filter) ([]tifa.TermDay, error)
	TermDaysMerged(ctx context.Context, f tifa.Filter) ([]tifa.TermDay, error)
	SourceDays(ctx context.Context, f tifa.Filter) ([]tifa.SourceDay, error)
	SourceDaysMerged(ctx context.Context, f tifa.Filter) ([]tifa.SourceDay, error)
	// OriginalDays is TermDays and SourceDays counting no reprint.
	OriginalDays(ctx context.Context, f tifa.Filter) ([]tifa.TermDay, []tifa.SourceDay, error)
	Coverage(ctx context.Context, f tifa.Filter) ([]tifa.Coverage, error)
	FirstSeen(ctx context.Context, f tifa.Filter) ([]tifa.FirstSeen, error)
	Mentioning(ctx context.Context, term string, f tifa.Filter, limit int) ([]tifa.Mentioning, error)
	EachMentioning(ctx context.Context, term string, f tifa.Filter, fn func(a *tifa.Mentioning, terms []tifa.TermSpans) error) error
	// ReprintsUpTo is the IDs of the articles up to day that reprint an
	// earlier one.
	ReprintsUpTo(ctx context.Context, day string) (map[int64]bool, error)
	// Read runs fn with a context under which every read above sees one
	// moment of the store, however many fn makes while a crawl writes.
	Read(ctx context.Context, fn func(ctx context.Context) error) error
}
