package report

import (
	"context"
	"fmt"
	"sort"
	"strconv"
)

// Top ranks the terms mentioned in q's range by the measure, over the
// selected sources; at most limit rows (all when limit <= 0).
func Top(ctx context.Context, db Reader, q Query, m Measure, limit int, labels Labels) (*Grid, error) {
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
		Head:  []string{"rank", "term", "mentions", "articles", "total_articles", "share_frac", "per_10k_chars", "label"},
		Kinds: []Kind{Count, Plain, Count, Count, Count, Percent, Fixed2, Plain},
		Notes: []string{"articles: articles mentioning; total_articles: articles stored; share_frac: articles / total_articles;",
			"per_10k_chars: mentions per 10,000 characters stored."},
	}
	for i, c := range cells {
		g.Rows = append(g.Rows, []string{strconv.Itoa(i + 1), c.Term, strconv.Itoa(c.Mentions), strconv.Itoa(c.Articles),
			strconv.Itoa(c.Total), num(c.Share()), num(c.Per10k()), labels[c.Term]})
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
	// Exclude leaves days out of both windows (calendar events): out of
	// the baseline, so a predictable peak there does not hide a rise, and
	// out of the current window, so the next one is not reported as news.
	Exclude func(day string) bool
}

// RisingTerms ranks terms by how much more often articles in q's range
// mention them than in the baseline window:
// (per-mille now + s) / (per-mille in baseline + s).
func RisingTerms(ctx context.Context, db Reader, q Query, r Rising, labels Labels) (*Grid, error) {
	if r.MinArticles <= 0 {
		r.MinArticles = 5
	}
	if r.Smoothing <= 0 {
		r.Smoothing = 1
	}
	q.Merged = true
	if r.Exclude != nil {
		q.Skip = r.Exclude
	}
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
		hasNow    bool
		hasBase   bool
		ranked    bool
		ratio     float64
	}
	terms := q.Terms
	if len(terms) == 0 {
		terms = unionTerms([]*Totals{now, base})
	}
	var rises []rise
	for _, term := range terms {
		c, hasNow := now.cell(term, "")
		b, hasBase := base.cell(term, "")
		c.Term = term
		ratio := (1000*c.Share() + r.Smoothing) / (1000*b.Share() + r.Smoothing)
		rises = append(rises, rise{c, b, hasNow, hasBase, hasNow && hasBase && c.Articles >= r.MinArticles, ratio})
	}
	// Ranked: in enough articles now, with articles stored in the
	// baseline. The rest follow, unranked: too rare now to make a trend
	// (a term that fell to zero among them), or nothing to rise from.
	sort.SliceStable(rises, func(i, j int) bool {
		a, b := rises[i], rises[j]
		if a.ranked != b.ranked {
			return a.ranked
		}
		if a.hasBase != b.hasBase {
			return a.hasBase
		}
		return a.ratio > b.ratio
	})
	if r.Limit > 0 && len(rises) > r.Limit {
		rises = rises[:r.Limit]
	}
	g := &Grid{
		Title: fmt.Sprintf("Rising terms, %s against baseline %s; sources: %s; %s.", rangeName(q), r.Baseline, sourceList(q.Sources), q.Counting()),
		Head:  []string{"rank", "term", "articles", "share_frac", "baseline_articles", "baseline_share_frac", "ratio", "label"},
		Kinds: []Kind{Count, Plain, Count, Percent, Count, Percent, Fixed2, Plain},
		Notes: []string{fmt.Sprintf("ratio: (share now + %g‰) / (share in baseline + %g‰), so a term new in the window is not infinitely rising;", r.Smoothing, r.Smoothing),
			fmt.Sprintf("ranked: terms in at least %d articles now; the others follow unranked (rank -);", r.MinArticles),
			"every term mentioned in either window is listed; -: no articles stored in that window."},
	}
	for i, x := range rises {
		rank := ""
		if x.ranked {
			rank = strconv.Itoa(i + 1)
		}
		row := []string{rank, x.now.Term, "", "", "", "", "", labels[x.now.Term]}
		if x.hasNow {
			row[2], row[3] = strconv.Itoa(x.now.Articles), num(x.now.Share())
		}
		if x.hasBase {
			row[4], row[5] = strconv.Itoa(x.base.Articles), num(x.base.Share())
		}
		if x.hasNow && x.hasBase {
			row[6] = num(x.ratio)
		}
		g.Rows = append(g.Rows, row)
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
