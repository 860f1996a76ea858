package report

import (
	"context"
	"fmt"
	"sort"
	"strconv"

	"github.com/tifa-project/tifa/store"
)

// Top ranks the terms mentioned in q's range by the measure, over the
// selected sources; at most limit rows (all when limit <= 0).
func Top(ctx context.Context, db *store.DB, q Query, m Measure, limit int, labels Labels) (*Grid, error) {
	q.Merged = true
	t, err := WindowTotals(ctx, db, q, Window{q.From, q.To})
	if err != nil {
		return nil, err
	}
	terms := t.Terms
	if len(q.Terms) > 0 {
		terms = q.Terms
	}
	var cells []Cell
	for _, term := range terms {
		if c, ok := t.cell(term, ""); ok && c.Mentions > 0 {
			cells = append(cells, c)
		}
	}
	sort.SliceStable(cells, func(i, j int) bool { return m.Of(cells[i]) > m.Of(cells[j]) })
	if limit > 0 && len(cells) > limit {
		cells = cells[:limit]
	}
	g := &Grid{
		Title: fmt.Sprintf("Top terms by %s, %s; sources: %s; %s.", m.Title(), rangeName(q), sourceList(q.Sources), q.Counting()),
		Head:  []string{"rank", "term", "mentions", "articles", "of", "share", "per10k", "label"},
		Notes: []string{"articles: articles mentioning; of: articles stored; per10k: mentions per 10,000 characters stored."},
	}
	for i, c := range cells {
		g.Rows = append(g.Rows, []string{strconv.Itoa(i + 1), c.Term, strconv.Itoa(c.Mentions), strconv.Itoa(c.Articles),
			strconv.Itoa(c.Total), show(Share, c.Share(), true), show(Per10k, c.Per10k(), true), labels[c.Term]})
	}
	return g, nil
}

// Rising settings: a term's share is smoothed by Smoothing articles per
// thousand stored on both sides of the ratio, and a term needs MinArticles
// articles in the current window, so one article does not make a trend.
type Rising struct {
	Baseline    Window
	MinArticles int     // default 5
	Smoothing   float64 // per thousand articles; default 1
	Limit       int
}

// RisingTerms ranks terms by how much more often articles in q's range
// mention them than in the baseline window:
// (per-mille now + s) / (per-mille in baseline + s).
func RisingTerms(ctx context.Context, db *store.DB, q Query, r Rising, labels Labels) (*Grid, error) {
	if r.MinArticles <= 0 {
		r.MinArticles = 5
	}
	if r.Smoothing <= 0 {
		r.Smoothing = 1
	}
	q.Merged = true
	now, err := WindowTotals(ctx, db, q, Window{q.From, q.To})
	if err != nil {
		return nil, err
	}
	base, err := WindowTotals(ctx, db, q, r.Baseline)
	if err != nil {
		return nil, err
	}
	type rise struct {
		now, base Cell
		hasBase   bool
		ratio     float64
	}
	terms := now.Terms
	if len(q.Terms) > 0 {
		terms = q.Terms
	}
	var rises []rise
	for _, term := range terms {
		c, ok := now.cell(term, "")
		if !ok || c.Articles < r.MinArticles {
			continue
		}
		b, hasBase := base.cell(term, "")
		ratio := (1000*c.Share() + r.Smoothing) / (1000*b.Share() + r.Smoothing)
		rises = append(rises, rise{c, b, hasBase, ratio})
	}
	// Without articles stored in the baseline there is nothing to rise
	// from: such terms go last, unranked.
	sort.SliceStable(rises, func(i, j int) bool {
		if rises[i].hasBase != rises[j].hasBase {
			return rises[i].hasBase
		}
		return rises[i].ratio > rises[j].ratio
	})
	if r.Limit > 0 && len(rises) > r.Limit {
		rises = rises[:r.Limit]
	}
	g := &Grid{
		Title: fmt.Sprintf("Rising terms, %s against baseline %s; sources: %s; %s.", rangeName(q), r.Baseline, sourceList(q.Sources), q.Counting()),
		Head:  []string{"rank", "term", "articles", "share", "baseline_articles", "baseline_share", "ratio", "label"},
		Notes: []string{fmt.Sprintf("ratio: (share now + %g‰) / (share in baseline + %g‰), so a term new in the window is not infinitely rising;", r.Smoothing, r.Smoothing),
			fmt.Sprintf("only terms in at least %d articles now; -: no articles stored in the baseline.", r.MinArticles)},
	}
	for i, x := range rises {
		rank, bArts, bShare, ratio := "-", "-", "-", "-"
		if x.hasBase {
			rank, ratio = strconv.Itoa(i+1), strconv.FormatFloat(x.ratio, 'f', 2, 64)
			bArts, bShare = strconv.Itoa(x.base.Articles), show(Share, x.base.Share(), true)
		}
		g.Rows = append(g.Rows, []string{rank, x.now.Term, strconv.Itoa(x.now.Articles), show(Share, x.now.Share(), true),
			bArts, bShare, ratio, labels[x.now.Term]})
	}
	return g, nil
}

func rangeName(q Query) string {
	switch {
	case q.From != "" && q.To != "":
		return q.From + " to " + q.To
	case q.From != "":
		return "from " + q.From
	case q.To != "":
		return "up to " + q.To
	}
	return "everything stored"
}
