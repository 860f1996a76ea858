package crawler

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/gocolly/colly/v2"

	"github.com/tifa-project/tifa"
	"github.com/tifa-project/tifa/config"
)

// Backfill walks src's date-addressable archive day by day from from to to:
// the day's first page, the further pages it links for the same day (the
// other 版 of a print edition), and the articles they list, which are
// recorded as the day's expected articles and fetched like any others. A
// day whose pages cannot be read is recorded with the reason, so
// `tifa backfill --status` shows it missing.
func (c *Crawler) Backfill(ctx context.Context, src *config.Source, from, to time.Time) (Summary, error) {
	c.defaults()
	if src.Backfill == nil {
		return Summary{}, fmt.Errorf("source %s has no backfill section in its configuration", src.ID)
	}
	// A backfill is asked for by date range, not capped per run.
	whole := *src
	whole.MaxPages = 0
	r := newSourceRun(ctx, c, &whole)
	defer r.cancel()
	started := time.Now()
	defer func() { c.record(ctx, "backfill", started, r.sum) }()
	col, err := c.collector(r)
	if err != nil {
		return r.sum, err
	}
	r.col = col
	for day := from; !day.After(to) && ctx.Err() == nil; day = day.AddDate(0, 0, 1) {
		cause := ""
		if err := r.walkDay(day); err != nil {
			cause = err.Error()
		}
		if err := c.DB.BackfillWalked(context.WithoutCancel(ctx), src.ID, day.Format("2006-01-02"), c.Now(), cause); err != nil {
			return r.sum, err
		}
	}
	r.fetchFrontier()
	r.finish()
	return r.sum, ctx.Err()
}

// walkDay reads one day's pages and queues their articles.
func (r *sourceRun) walkDay(day time.Time) error {
	follow, err := r.src.Backfill.FollowFor(day)
	if err != nil {
		return err
	}
	dayStr := day.Format("2006-01-02")
	dated := time.Date(day.Year(), day.Month(), day.Day(), 0, 0, 0, 0, tifa.China)
	col := r.col.Clone()
	col.Async = false
	col.MaxDepth = 2 // the day's first page, then the pages it links for that day
	var firstErr error
	col.OnResponse(func(resp *colly.Response) {
		r.count(func(s *Summary) { s.Fetched++ })
		r.keep(resp)
	})
	col.OnError(func(resp *colly.Response, err error) {
		err = classify(resp, err)
		r.fail(resp.Request.URL.String(), nil, err)
		if resp.Request.Depth == 1 {
			firstErr = err
		}
	})
	col.OnHTML("a[href]", func(e *colly.HTMLElement) {
		link := e.Request.AbsoluteURL(e.Attr("href"))
		if link == "" {
			return
		}
		// As linked or canonical, like the source's other patterns.
		if config.MatchAny(follow, link) || config.MatchAny(follow, r.src.Canonical(link)) {
			if e.Request.Depth == 1 {
				e.Request.Visit(link)
			}
			return
		}
		if Belongs(r.src, link) {
			canon := r.src.Canonical(link)
			if err := r.c.DB.BackfillURL(r.ctx, r.src.ID, dayStr, canon); err != nil {
				r.fail(canon, nil, dbFailure(err))
			}
			r.queue(link, dated)
		}
	})
	if err := col.Visit(r.src.Backfill.DayURL(day)); err != nil && firstErr == nil {
		var visited *colly.AlreadyVisitedError
		if !errors.As(err, &visited) {
			firstErr = classify(nil, err)
		}
	}
	return firstErr
}
