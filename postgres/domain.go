package postgres

import "github.com/tifa-project/tifa"

// The domain's nouns are defined once, in package tifa; these aliases keep
// this engine's code short.
type (
	Article      = tifa.Article
	Count        = tifa.Count
	Outcome      = tifa.Outcome
	Saved        = tifa.Saved
	Span         = tifa.Span
	Filter       = tifa.Filter
	TermDay      = tifa.TermDay
	SourceDay    = tifa.SourceDay
	Coverage     = tifa.Coverage
	Mentioning   = tifa.Mentioning
	TermSpans    = tifa.TermSpans
	Pending      = tifa.Pending
	Validators   = tifa.Validators
	BackfillDay  = tifa.BackfillDay
	Run          = tifa.Run
	Lexicon      = tifa.Lexicon
	VersionCount = tifa.VersionCount
	TermTotal    = tifa.TermTotal
	RetagJob     = tifa.RetagJob
	Retagged     = tifa.Retagged
	Stored       = tifa.Stored
)

const (
	Unchanged = tifa.Unchanged
	Inserted  = tifa.Inserted
	Updated   = tifa.Updated
)
