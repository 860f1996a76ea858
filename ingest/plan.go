package ingest

import (
	"context"
	"fmt"
	"slices"

	"github.com/tifa-project/tifa"
	"github.com/tifa-project/tifa/config"
	"github.com/tifa-project/tifa/tagger"
)

// RetagPlan is what recounting the stored articles with a lexicon changes,
// worked out before anything is written, so a retag can say it and refuse
// to delete counts nobody asked to delete.
type RetagPlan struct {
	To   tifa.Lexicon
	From []Counted // the lexicons the articles are counted with now, most articles first
	// Added are To's terms that none of the articles' lexicons had.
	Added []config.Term
	// Removed are terms of the articles' lexicons, or with stored counts,
	// that To lacks: a full recount deletes their counts.
	Removed []Removed
	// Changed are terms in both whose forms differ.
	Changed []Changed
	// Recount is how many articles the retag will tag again, of Articles.
	Recount, Articles int
}

// Counted is one lexicon version stored articles are counted with.
type Counted struct {
	Version  string
	Articles int
	Lexicon  *tifa.Lexicon // nil: the database does not record it
}

// Removed is a term a recount with the new lexicon stops counting.
type Removed struct {
	Term               config.Term // only the id when no recorded lexicon describes it
	Mentions, Articles int         // what the database holds for it now
}

// Changed is a term whose forms differ between the lexicons.
type Changed struct {
	ID                  string
	Added, Removed      []string // forms, Chinese and English
	Ambiguous, WasAmbig bool
}

// Dropped are the removed terms the database holds counts for: the ones a
// retag must not delete unless told to.
func (p *RetagPlan) Dropped() []Removed {
	var out []Removed
	for _, r := range p.Removed {
		if r.Mentions > 0 {
			out = append(out, r)
		}
	}
	return out
}

// Counts is what planning a retag reads of a store: the lexicons recorded,
// what the articles are counted with now, and what a retag would touch.
type Counts interface {
	Lexicons(ctx context.Context) ([]tifa.Lexicon, error)
	ArticleVersions(ctx context.Context) ([]tifa.VersionCount, error)
	CountedTerms(ctx context.Context) ([]string, error)
	Total(ctx context.Context, term string) (tifa.TermTotal, error)
	RetagPending(ctx context.Context, j tifa.RetagJob) (int, error)
}

// PlanRetag works out what recounting with to changes. With terms, only
// those are recounted and nothing is removed.
func PlanRetag(ctx context.Context, db Counts, to tifa.Lexicon, terms []string) (*RetagPlan, error) {
	p := &RetagPlan{To: to}
	recorded, err := db.Lexicons(ctx)
	if err != nil {
		return nil, err
	}
	versions, err := db.ArticleVersions(ctx)
	if err != nil {
		return nil, err
	}
	counted, err := db.CountedTerms(ctx)
	if err != nil {
		return nil, err
	}
	// The terms the articles are counted with now: each version's
	// recorded lexicon, the one counting most articles first.
	var before []config.Term
	seen := map[string]bool{}
	for _, v := range versions {
		c := Counted{Version: v.Version, Articles: v.Articles}
		if i := slices.IndexFunc(recorded, func(lx tifa.Lexicon) bool { return lx.Version == v.Version }); i >= 0 {
			c.Lexicon = &recorded[i]
			for _, t := range recorded[i].Terms {
				if !seen[t.ID] {
					seen[t.ID] = true
					before = append(before, t)
				}
			}
		}
		p.From = append(p.From, c)
		p.Articles += v.Articles
	}
	pending, err := db.RetagPending(ctx, tifa.RetagJob{Version: to.Version, Terms: terms})
	if err != nil {
		return nil, err
	}
	p.Recount = pending
	for _, id := range counted {
		if !seen[id] {
			seen[id] = true
			before = append(before, describe(id, recorded))
		}
	}
	for _, t := range to.Terms {
		if len(terms) > 0 && !slices.Contains(terms, t.ID) {
			continue
		}
		i := slices.IndexFunc(before, func(b config.Term) bool { return b.ID == t.ID })
		switch {
		case i < 0:
			p.Added = append(p.Added, t)
		case len(before[i].Zh)+len(before[i].En) > 0:
			if c, ok := changed(before[i], t); ok {
				p.Changed = append(p.Changed, c)
			}
		}
	}
	if len(terms) > 0 {
		return p, nil
	}
	for _, b := range before {
		if _, ok := to.Term(b.ID); !ok {
			tt, err := db.Total(ctx, b.ID)
			if err != nil {
				return nil, err
			}
			p.Removed = append(p.Removed, Removed{Term: b, Mentions: tt.Mentions, Articles: tt.Articles})
		}
	}
	return p, nil
}

// describe finds a term's latest recorded definition, or only its id.
func describe(id string, recorded []tifa.Lexicon) config.Term {
	for _, lx := range recorded {
		if t, ok := lx.Term(id); ok {
			return t
		}
	}
	return config.Term{ID: id}
}

// changed compares what makes a term count: its forms and the boundary flag.
func changed(old, now config.Term) (Changed, bool) {
	c := Changed{ID: now.ID, Ambiguous: now.Ambiguous, WasAmbig: old.Ambiguous}
	was := append(append([]string(nil), old.Zh...), old.En...)
	is := append(append([]string(nil), now.Zh...), now.En...)
	for _, f := range is {
		if !slices.Contains(was, f) {
			c.Added = append(c.Added, f)
		}
	}
	for _, f := range was {
		if !slices.Contains(is, f) {
			c.Removed = append(c.Removed, f)
		}
	}
	return c, len(c.Added)+len(c.Removed) > 0 || c.Ambiguous != c.WasAmbig
}

// Verify checks that a recorded lexicon's terms still hash to its version:
// recounting with a damaged record would count with something else.
func Verify(lx tifa.Lexicon) error {
	if got := tagger.VersionOf(Terms(&config.Config{Terms: lx.Terms})); got != lx.Version {
		return fmt.Errorf("recorded lexicon %s is damaged: its %d terms hash to %s", lx.Version, len(lx.Terms), got)
	}
	return nil
}
