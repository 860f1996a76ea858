package tifa

import (
	"time"

	"github.com/tifa-project/tifa/config"
)

// Lexicon is one recorded lexicon version: the terms as configured when
// counts came from it. A database keeps every version it was counted with,
// so its counts can be read, and brought back, without the configuration.
type Lexicon struct {
	Version string
	Origin  string // the configuration it came from
	Terms   []config.Term
	// FirstUse and LastUse are when a write first and last counted with it.
	FirstUse, LastUse time.Time
}

// Term returns the lexicon's term with the given id.
func (lx *Lexicon) Term(id string) (config.Term, bool) {
	for _, t := range lx.Terms {
		if t.ID == id {
			return t, true
		}
	}
	return config.Term{}, false
}

// VersionCount is how many articles are counted with one lexicon version.
type VersionCount struct {
	Version  string
	Articles int
}

// TermTotal is what the database holds for one term, over all days and sources.
type TermTotal struct {
	Term               string
	Mentions, Articles int
}

// Stored is a stored article's text and the keys its counts aggregate under.
type Stored struct {
	ID          int64
	Source, Day string
	Title, Body string
}

// Retagged is an article's new counts.
type Retagged struct {
	Stored
	Counts []Count
}

// RetagJob is one recount: the lexicon version it brings articles to and,
// when Terms is not empty, the only terms it recounts.
type RetagJob struct {
	Version string
	Terms   []string
}
