package ingest

import (
	"context"
	"sync"

	"github.com/tifa-project/tifa"
)

// GroupSaver is a store that can save several articles in one transaction
// and tell what became of each.
type GroupSaver interface {
	Store
	SaveGroup(ctx context.Context, batch []tifa.Saved, lexicon string) ([]tifa.Outcome, error)
}

// Grouped is a Store that commits the saves of concurrent callers (a
// crawl's workers) together: a commit costs about as much as the writes of
// an article, so one per group instead of one per article. It never waits
// for company: the first caller commits at once, and the callers that
// arrive while that commit runs go together in the next, at most Max to a
// transaction. Each SaveArticle returns only after its article's
// transaction committed, so a kill loses only saves not yet acknowledged,
// and each article is stored whole (mentions, aggregates, frontier) or not
// at all.
type Grouped struct {
	DB  GroupSaver
	Max int // articles per transaction; 0 means 32

	mu      sync.Mutex
	queue   []*groupSave
	leading bool
}

type groupSave struct {
	saved   tifa.Saved
	lexicon string
	out     tifa.Outcome
	err     error
	settled bool // out and err are set
	lead    bool // woken to commit the queue, not with a result
	done    chan struct{}
}

// SaveArticle saves a with its counts in the next group to commit. The
// group is committed with the context of the caller that leads it.
func (g *Grouped) SaveArticle(ctx context.Context, a *tifa.Article, counts []tifa.Count, lexicon string) (tifa.Outcome, error) {
	s := &groupSave{saved: tifa.Saved{Article: a, Counts: counts}, lexicon: lexicon, done: make(chan struct{})}
	g.mu.Lock()
	g.queue = append(g.queue, s)
	if g.leading {
		g.mu.Unlock()
		<-s.done
		if !s.lead {
			return s.out, s.err
		}
		g.mu.Lock()
	}
	g.leading = true
	// Lead: commit groups until this caller's article is done, then hand
	// the queue to the first caller still waiting.
	for {
		group := g.take()
		g.mu.Unlock()
		g.commit(ctx, group)
		g.mu.Lock()
		if s.settled {
			break
		}
	}
	if len(g.queue) > 0 {
		next := g.queue[0]
		next.lead = true
		close(next.done)
	} else {
		g.leading = false
	}
	g.mu.Unlock()
	return s.out, s.err
}

// take removes the next group from the queue: up to Max saves of the
// first one's lexicon. Called with mu held.
func (g *Grouped) take() []*groupSave {
	limit := g.Max
	if limit <= 0 {
		limit = 32
	}
	var group, rest []*groupSave
	for _, s := range g.queue {
		if len(group) < limit && s.lexicon == g.queue[0].lexicon {
			group = append(group, s)
		} else {
			rest = append(rest, s)
		}
	}
	g.queue = rest
	return group
}

// commit saves a group in one transaction. If it fails, each article is
// saved alone, so one bad article fails only its own save.
func (g *Grouped) commit(ctx context.Context, group []*groupSave) {
	batch := make([]tifa.Saved, len(group))
	for i, s := range group {
		batch[i] = s.saved
	}
	outs, err := g.DB.SaveGroup(ctx, batch, group[0].lexicon)
	for i, s := range group {
		if err == nil {
			s.out = outs[i]
		} else if len(group) == 1 {
			s.err = err
		} else {
			s.out, s.err = g.DB.SaveArticle(ctx, s.saved.Article, s.saved.Counts, s.lexicon)
		}
		s.settled = true
		if !s.lead {
			close(s.done)
		}
	}
}
