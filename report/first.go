package report

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/tifa-project/tifa"
)

// First lists, per term, the first day each source mentioned it, earliest
// source first, with the lag in days behind the first source: who said it
// first. A source's first stored day is shown beside it, since a lag is only
// real where the source was already being stored when the first one spoke.
// It reads the stored aggregates, so it counts reprints (a reprint is a
// source saying it).
func First(ctx context.Context, db Reader, q Query, labels Labels) (*Grid, error) {
	seen, err := db.FirstSeen(ctx, q.Filter)
	if err != nil {
		return nil, err
	}
	cov, err := db.Coverage(ctx, tifa.Filter{Sources: q.Sources})
	if err != nil {
		return nil, err
	}
	since := map[string]string{}
	for _, c := range cov {
		since[c.Source] = c.First
	}
	g := &Grid{
		Title: fmt.Sprintf("First appearance per source, %s; sources: %s; counting all articles, reprints included.", rangeName(q), sourceList(q.Sources)),
		Head:  []string{"term", "source", "first_day", "lag_days", "stored_since", "lag_meaningful", "label"},
		Notes: []string{"lag_days: days after the first source; lag_meaningful: whether the source was stored (stored_since) by the",
			"first source's first_day; where it was not, the lag may be the start of storing, not of saying."},
	}
	var lead time.Time
	for i, s := range seen {
		d, err := tifa.ParseDay(s.Day)
		if err != nil {
			return nil, fmt.Errorf("first appearance of %s: %w", s.Term, err)
		}
		if i == 0 || seen[i-1].Term != s.Term {
			lead = d
		}
		lag := strconv.Itoa(int(d.Sub(lead).Hours() / 24))
		st := since[s.Source]
		meaningful := strconv.FormatBool(!d.After(lead) || st <= lead.Format("2006-01-02"))
		g.Rows = append(g.Rows, []string{s.Term, s.Source, s.Day, lag, st, meaningful, labels[s.Term]})
	}
	return g, nil
}
