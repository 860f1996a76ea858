package main

import (
	"context"
	"fmt"
	"strings"

	"github.com/tifa-project/tifa/report"
)

func runTop(ctx context.Context, e *env, args []string) error {
	fs := flagSet(e, "top", "[--from YYYY-MM-DD] [--to YYYY-MM-DD] [--source ID ...] [--measure M] [--limit N] [--originals] [--csv]",
		"The terms most used in the range, ranked by the measure (default: share of articles mentioning).")
	var r reportFlags
	r.registerFilters(fs, e)
	measure := fs.String("measure", string(report.Share), "rank by share, mentions, articles or per10k")
	limit := fs.Int("limit", 20, "at most `N` terms (0: all)")
	var o outputFlags
	o.register(fs)
	var m report.Measure
	a, err := startAnalysis(ctx, fs, args, &r, &o, func(report.Query) (err error) {
		m, err = parseMeasure(*measure)
		return err
	})
	if err != nil {
		return err
	}
	defer a.db.Close()
	g, err := report.Top(ctx, a.db, a.q, m, *limit, labels(a.cfg))
	if err != nil {
		return err
	}
	return o.grid(e, g)
}

func runRising(ctx context.Context, e *env, args []string) error {
	fs := flagSet(e, "rising", "--from YYYY-MM-DD --to YYYY-MM-DD [--baseline-from D --baseline-to D] [--min-articles N] [--smoothing S] [--limit N] [--originals] [--csv]",
		"Terms whose share of articles grew most against a baseline window (default: the three windows of the\n"+
			"range's length before it), as (share now + S‰) / (share in baseline + S‰), among terms in at least N articles.")
	var r reportFlags
	r.registerFilters(fs, e)
	baseFrom := fs.String("baseline-from", "", "first day of the baseline `YYYY-MM-DD`")
	baseTo := fs.String("baseline-to", "", "last day of the baseline `YYYY-MM-DD`")
	minArts := fs.Int("min-articles", 5, "only terms in at least `N` articles in the range")
	smoothing := fs.Float64("smoothing", 1, "per-mille added to both shares, so a new term is not infinitely rising")
	limit := fs.Int("limit", 20, "at most `N` terms (0: all)")
	excludeEvents := fs.Bool("exclude-events", false, "leave the days of calendar events (shipped and the configuration's) out of the baseline and the range")
	var o outputFlags
	o.register(fs)
	var base report.Window
	a, err := startAnalysis(ctx, fs, args, &r, &o, func(q report.Query) error {
		if err := needRange(q, "rising"); err != nil {
			return err
		}
		base = report.Window{From: q.From, To: q.To}.Before(3)
		if *baseFrom != "" || *baseTo != "" {
			if *baseFrom == "" || *baseTo == "" || *baseFrom > *baseTo {
				return usagef("give both --baseline-from and --baseline-to, in order")
			}
			base = report.Window{From: *baseFrom, To: *baseTo}
		}
		if *smoothing <= 0 || *minArts < 1 {
			return usagef("--smoothing must be above 0 and --min-articles at least 1")
		}
		return nil
	})
	if err != nil {
		return err
	}
	defer a.db.Close()
	rs := report.Rising{Baseline: base, MinArticles: *minArts, Smoothing: *smoothing, Limit: *limit}
	var left []string
	if *excludeEvents {
		if rs.Exclude, left, err = eventDays(&r.common, base, report.Window{From: a.q.From, To: a.q.To}); err != nil {
			return err
		}
	}
	g, err := report.RisingTerms(ctx, a.db, a.q, rs, labels(a.cfg))
	if err != nil {
		return err
	}
	if *excludeEvents {
		g.Notes = append(g.Notes, fmt.Sprintf("baseline and range without the days of %d calendar events: %s.", len(left), strings.Join(left, ", ")))
	}
	return o.grid(e, g)
}
