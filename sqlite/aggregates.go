package sqlite

import (
	"cmp"
	"context"
	"slices"
)

// aggregates are changes to the daily aggregates, summed before they are
// written, so every writer of counts (a save, a retag) moves them through
// the one upsert below, once per row touched.
type aggregates struct {
	terms   map[aggKey]*termDelta
	sources map[srcKey]*srcDelta
}

type aggKey struct{ term, source, day string }

type termDelta struct{ mentions, nested, articles int }

type srcKey struct{ source, day string }

type srcDelta struct{ articles, chars int }

func newAggregates() *aggregates {
	return &aggregates{terms: map[aggKey]*termDelta{}, sources: map[srcKey]*srcDelta{}}
}

// term adds (sign 1) or takes out (sign -1) one article's count of a term.
func (g *aggregates) term(source, day string, sign int, c Count) {
	k := aggKey{c.Term, source, day}
	d := g.terms[k]
	if d == nil {
		d = &termDelta{}
		g.terms[k] = d
	}
	d.mentions += sign * c.Count
	d.nested += sign * c.Nested
	d.articles += sign
}

// article adds or takes out one article of a source's day.
func (g *aggregates) article(source, day string, sign, chars int) {
	k := srcKey{source, day}
	d := g.sources[k]
	if d == nil {
		d = &srcDelta{}
		g.sources[k] = d
	}
	d.articles += sign
	d.chars += sign * chars
}

// write applies the changes in key order (concurrent writers then take
// rows in the same order, which a server engine needs to avoid deadlocks),
// a chunk of rows per statement, and drops rows no article counts in any
// more.
func (g *aggregates) write(ctx context.Context, st *stmts) error {
	terms := make([]aggKey, 0, len(g.terms))
	for k, d := range g.terms {
		if *d != (termDelta{}) {
			terms = append(terms, k)
		}
	}
	slices.SortFunc(terms, func(a, b aggKey) int {
		return cmp.Or(cmp.Compare(a.term, b.term), cmp.Compare(a.source, b.source), cmp.Compare(a.day, b.day))
	})
	var up, gone []any
	for _, k := range terms {
		d := g.terms[k]
		up = append(up, k.term, k.source, k.day, d.mentions, d.nested, d.articles)
		if d.articles < 0 {
			gone = append(gone, k.term, k.source, k.day)
		}
	}
	if err := st.execRows(ctx, `INSERT INTO daily_terms (term, source, day, mentions, nested, articles) VALUES %v
		ON CONFLICT (term, source, day) DO UPDATE SET mentions = mentions + excluded.mentions,
			nested = nested + excluded.nested, articles = articles + excluded.articles`, 6, nil, up); err != nil {
		return err
	}
	if err := st.execRows(ctx, `DELETE FROM daily_terms WHERE (term, source, day) IN (VALUES %v) AND articles <= 0`, 3, nil, gone); err != nil {
		return err
	}
	sources := make([]srcKey, 0, len(g.sources))
	for k, d := range g.sources {
		if *d != (srcDelta{}) {
			sources = append(sources, k)
		}
	}
	slices.SortFunc(sources, func(a, b srcKey) int { return cmp.Or(cmp.Compare(a.source, b.source), cmp.Compare(a.day, b.day)) })
	up, gone = up[:0], gone[:0]
	for _, k := range sources {
		d := g.sources[k]
		up = append(up, k.source, k.day, d.articles, d.chars)
		if d.articles < 0 {
			gone = append(gone, k.source, k.day)
		}
	}
	if err := st.execRows(ctx, `INSERT INTO daily_sources (source, day, articles, chars) VALUES %v
		ON CONFLICT (source, day) DO UPDATE SET articles = articles + excluded.articles, chars = chars + excluded.chars`, 4, nil, up); err != nil {
		return err
	}
	return st.execRows(ctx, `DELETE FROM daily_sources WHERE (source, day) IN (VALUES %v) AND articles <= 0`, 2, nil, gone)
}
