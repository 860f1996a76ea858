package main

import (
	"context"
	"io"

	"github.com/tifa-project/tifa/report"
)

func runSnippets(ctx context.Context, e *env, args []string) error {
	fs := flagSet(e, "snippets", "--term ID [--source ID ...] [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--limit N] [--originals] [--csv]",
		"The sentences mentioning a term, newest articles first, with title, source, origin, date and URL:\n"+
			"for quoting. CSV columns: day,source,origin,print_page,title,sentence,url.")
	var r reportFlags
	r.registerFilters(fs, e)
	limit := fs.Int("limit", 20, "at most `N` sentences (0: all)")
	var o outputFlags
	o.register(fs)
	a, err := startAnalysis(ctx, fs, args, &r, &o, func(q report.Query) error {
		_, err := oneTerm(q, "snippets")
		return err
	})
	if err != nil {
		return err
	}
	defer a.db.Close()
	term := a.q.Terms[0] // as the catalog named it
	snips, err := report.Snippets(ctx, a.db, a.q, term, *limit)
	if err != nil {
		return err
	}
	if o.csv {
		return o.grid(e, report.SnippetGrid(a.q, term, snips))
	}
	return o.write(e, len(snips), func(w io.Writer) error { return report.WriteSnippets(w, a.q, term, snips) })
}
