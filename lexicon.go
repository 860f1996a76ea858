package tifa

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/tifa-project/tifa/config"
)

// ErrNotFound is returned by either engine when a looked-up row does not
// exist; one value, so callers test for it without knowing the engine.
var ErrNotFound = errors.New("not found")

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

// FindLexicon picks, from the recorded lexicons, the one whose version is v
// or starts with v (at least four characters, and only one such): the rule
// a user's --version follows on either engine.
func FindLexicon(all []Lexicon, v string) (Lexicon, error) {
	var found []Lexicon
	for _, lx := range all {
		if lx.Version == v {
			return lx, nil
		}
		if len(v) >= 4 && strings.HasPrefix(lx.Version, v) {
			found = append(found, lx)
		}
	}
	switch len(found) {
	case 0:
		return Lexicon{}, fmt.Errorf("lexicon version %q: %w", v, ErrNotFound)
	case 1:
		return found[0], nil
	}
	return Lexicon{}, fmt.Errorf("lexicon version %q is ambiguous: %s and %s start with it; give more of it", v, found[0].Version, found[1].Version)
}

// FormsJSON is how a term's list fields (forms, categories) are stored:
// a JSON array, "[]" when empty.
func FormsJSON(l []string) string {
	if len(l) == 0 {
		return "[]"
	}
	b, _ := json.Marshal(l) // a []string always marshals
	return string(b)
}

// SetForms fills t's forms and categories from their stored JSON (as
// FormsJSON wrote them); version names the lexicon in the error when a
// stored list is damaged.
func SetForms(t *config.Term, version, zh, en, categories string) error {
	for _, f := range []struct {
		raw string
		to  *[]string
	}{{zh, &t.Zh}, {en, &t.En}, {categories, &t.Categories}} {
		if err := json.Unmarshal([]byte(f.raw), f.to); err != nil {
			return fmt.Errorf("read lexicon %s: term %s: damaged forms %q: %w", version, t.ID, f.raw, err)
		}
		if len(*f.to) == 0 {
			*f.to = nil // as the configuration had it: absent
		}
	}
	return nil
}
