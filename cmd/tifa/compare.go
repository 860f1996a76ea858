package main

import (
	"context"

	"github.com/tifa-project/tifa/report"
)

func runCompare(ctx context.Context, e *env, args []string) error {
	fs := flagSet(e, "compare", "--from YYYY-MM-DD --to YYYY-MM-DD [--term ID ...] [--source ID ...] [--measure M] [--by-source] [--originals] [--csv]",
		"Each term in the range against the window of the same length just before it and the same dates a\n"+
			"year earlier: the measure in each, the change in points (percentage points for share) and in percent.")
	var r reportFlags
	r.registerFilters(fs, e)
	measure := fs.String("measure", string(report.Share), "share, mentions, articles or per10k")
	bySource := fs.Bool("by-source", false, "a row per term and source (one term across sources) instead of per term")
	var o outputFlags
	o.register(fs)
	var m report.Measure
	a, err := startAnalysis(ctx, fs, args, &r, &o, func(q report.Query) (err error) {
		if m, err = parseMeasure(*measure); err != nil {
			return err
		}
		return needRange(q, "compare")
	})
	if err != nil {
		return err
	}
	defer a.db.Close()
	g, err := report.Compare(ctx, a.db, a.q, m, *bySource, labels(a.cfg))
	if err != nil {
		return err
	}
	return o.grid(e, g)
}
