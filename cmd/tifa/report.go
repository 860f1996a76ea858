package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/tifa-project/tifa"
	"github.com/tifa-project/tifa/report"
)

// reportFlags are the filters report and export share.
type reportFlags struct {
	common
	terms, sources list
	from, to, by   string
	originals      bool
	frontPage      bool
}

func (r *reportFlags) register(fs *flag.FlagSet, e *env) {
	r.registerFilters(fs, e)
	fs.StringVar(&r.by, "by", report.Day, "period: day, week or month")
}

// registerFilters registers every filter but --by, for the reports that
// take one range rather than a series of periods.
func (r *reportFlags) registerFilters(fs *flag.FlagSet, e *env) {
	r.common.register(fs, e)
	readingConfig(fs)
	r.by = report.Day
	fs.Var(&r.terms, "term", "term `ID`, label or form (repeatable, or comma-separated; default: every term mentioned)")
	fs.Var(&r.sources, "source", "source `ID` or name (repeatable, or comma-separated; default: all)")
	fs.StringVar(&r.from, "from", "", "first day `YYYY-MM-DD` (China time, inclusive)")
	fs.StringVar(&r.to, "to", "", "last day `YYYY-MM-DD` (China time, inclusive)")
	fs.BoolVar(&r.originals, "originals", false, "count originals only: leave out reprints (articles within 3 SimHash bits of an earlier one); default: count everything")
	fs.BoolVar(&r.frontPage, "front-page", false, "count only People's Daily print-edition front-page (版次 01) articles")
}

// query checks the filters' form; the terms and sources are named from
// the database's catalog once it is open (startAnalysis).
func (r *reportFlags) query() (report.Query, error) {
	q := report.Query{By: r.by, Originals: r.originals, Filter: tifa.Filter{Terms: r.terms, Sources: r.sources, From: r.from, To: r.to, FrontPage: r.frontPage}}
	if _, err := report.PeriodOf("2024-01-01", r.by); err != nil {
		return q, usagef("--by: %v", err)
	}
	if err := (tifa.Range{From: r.from, To: r.to}).Check(); err != nil {
		var re *tifa.RangeError
		if errors.As(err, &re) {
			return q, usagef("%s", re.Name(flagName))
		}
		return q, usagef("%v", err)
	}
	return q, nil
}

func runReport(ctx context.Context, e *env, args []string) error {
	fs := flagSet(e, "report", "[--term ID ...] [--source ID ...] [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--by day|week|month] [--originals] [--columns term|source --measure M] [--csv]",
		"Mentions of each term, and articles mentioning it, per period, bucketed by publish date in China time.\n"+
			"--columns term puts several terms side by side, --columns source one term across sources, in one measure.")
	var r reportFlags
	r.register(fs, e)
	columns := fs.String("columns", "", "one `column` per term or per source, showing --measure (default: a row per period and term)")
	measure := fs.String("measure", string(report.Share), "with --columns: share, mentions, articles or per10k")
	aroundEvent := fs.String("around", "", "the range around calendar `EVENT` (an id: party-congress-20, two-sessions-2024, ...; or one of the configuration's events)")
	aroundDays := fs.Int("around-days", 30, "with --around: `days` before the event's start and after its end")
	var o outputFlags
	o.register(fs)
	var m report.Measure
	a, err := startAnalysis(ctx, fs, args, &r, &o, func(q report.Query) (err error) {
		if m, err = parseMeasure(*measure); err != nil {
			return err
		}
		if *aroundEvent != "" && (q.From != "" || q.To != "" || *aroundDays < 0) {
			return usagef("--around sets the range: leave out --from and --to, and give --around-days 0 or more")
		}
		if *columns != "" && *columns != "term" && *columns != "source" {
			return usagef("--columns %q: use term or source", *columns)
		}
		if *columns == "source" && len(q.Terms) != 1 {
			return usagef("--columns source shows one term across sources: give exactly one --term")
		}
		return nil
	})
	if err != nil {
		return err
	}
	defer a.db.Close()
	if *aroundEvent != "" {
		ev, from, to, err := around(&r.common, *aroundEvent, *aroundDays)
		if err != nil {
			return err
		}
		a.q.From, a.q.To = from, to
		fmt.Fprintf(e.stdout, "Around %s, %s to %s (%s), %d days either side: %s to %s.\n", ev.Name, ev.Start, ev.End, ev.Source, *aroundDays, from, to)
	}
	db, q := a.db, a.q
	// The table and the term columns sum over the sources: let SQLite do
	// it, a twentieth of the rows.
	q.Merged = !o.csv && *columns != "source"
	s, err := report.Build(ctx, db, q)
	if err != nil {
		return err
	}
	if o.csv {
		return o.write(e, len(s.Cells), func(w io.Writer) error { return report.WriteCSVEncoded(w, s, o.encoding) })
	}
	rows := len(s.Periods) * len(s.Terms)
	if *columns != "" {
		rows = len(s.Periods)
	}
	err = o.write(e, rows, func(w io.Writer) error {
		if *columns == "" {
			return report.WriteTable(w, s, labels(a.cfg))
		}
		return report.WritePivot(w, s, m, *columns == "source", labels(a.cfg))
	})
	if err != nil {
		return err
	}
	return warnStale(e.stdout, a.cat)
}

// warnStale says when some counts came from another lexicon than the
// current one (--config's, else the database's): the numbers are then not
// what a fresh crawl would give.
func warnStale(w io.Writer, k *catalog) error {
	n, mixed := k.stale()
	var err error
	switch {
	case mixed:
		var parts []string
		for _, v := range k.versions {
			parts = append(parts, fmt.Sprintf("%d with %s", v.Articles, v.Version))
		}
		_, err = fmt.Fprintf(w, "Note: the articles were counted with %d lexicon versions (%s) and the database does not say which is current; run tifa retag --config FILE to recount them with one.\n",
			len(k.versions), strings.Join(parts, ", "))
	case n > 0 && k.fromConfig:
		_, err = fmt.Fprintf(w, "Note: %d articles were counted with another lexicon than the configured one (version %s); run tifa retag to recount them.\n", n, k.current)
	case n > 0:
		_, err = fmt.Fprintf(w, "Note: %d articles were counted with another lexicon than %s (version %s); run tifa retag to recount them.\n", n, k.origin, k.current)
	}
	return err
}
