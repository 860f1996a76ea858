package main

import (
	"context"

	"github.com/tifa-project/tifa/report"
)

func runFirst(ctx context.Context, e *env, args []string) error {
	fs := flagSet(e, "first", "[--term ID ...] [--source ID ...] [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--csv]",
		"The first day each source mentioned each term, earliest first, with the lag in days behind the\n"+
			"first source (who said it first) and the day each source has been stored since.")
	var r reportFlags
	r.registerFilters(fs, e)
	var o outputFlags
	o.register(fs)
	a, err := startAnalysis(ctx, fs, args, &r, &o, func(q report.Query) error {
		if q.Originals {
			return usagef("first counts reprints (a reprint is a source saying it): drop --originals")
		}
		return nil
	})
	if err != nil {
		return err
	}
	defer a.db.Close()
	g, err := report.First(ctx, a.db, a.q, labels(a.cfg))
	if err != nil {
		return err
	}
	return o.grid(e, g)
}

func runCooccur(ctx context.Context, e *env, args []string) error {
	fs := flagSet(e, "cooccur", "--term ID [--source ID ...] [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--limit N] [--originals] [--csv]",
		"The terms appearing with a term: in how many of the articles mentioning it, and in how many of\n"+
			"the sentences holding it.")
	var r reportFlags
	r.registerFilters(fs, e)
	limit := fs.Int("limit", 30, "at most `N` terms (0: all)")
	var o outputFlags
	o.register(fs)
	a, err := startAnalysis(ctx, fs, args, &r, &o, func(q report.Query) error {
		_, err := oneTerm(q, "cooccur")
		return err
	})
	if err != nil {
		return err
	}
	defer a.db.Close()
	term := a.q.Terms[0] // as the catalog named it
	g, err := report.Cooccur(ctx, a.db, a.q, term, *limit, labels(a.cfg))
	if err != nil {
		return err
	}
	return o.grid(e, g)
}
