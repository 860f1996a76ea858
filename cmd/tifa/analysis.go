package main

import (
	"context"
	"flag"
	"strings"

	"github.com/tifa-project/tifa/config"
	"github.com/tifa-project/tifa/report"
)

// analysis is what every report command does before its own part: parse
// the flags, open the database, and name terms and sources from what it
// records (and --config's, when given).
type analysis struct {
	cfg *config.Config // the catalog's terms and sources, for labels
	cat *catalog
	q   report.Query
	db  reader
}

// reader is what a reading command reads through: what the reports read,
// until it closes.
type reader interface {
	report.Reader
	analysisStore
	Close() error
}

// check, when not nil, looks at the command's own flags before the database
// is opened, so a usage mistake is reported as one whatever the database.
func startAnalysis(ctx context.Context, fs *flag.FlagSet, args []string, r *reportFlags, o *outputFlags, check func(report.Query) error) (*analysis, error) {
	if err := parse(fs, args); err != nil {
		return nil, err
	}
	if fs.NArg() > 0 {
		return nil, usagef("unexpected argument %q (terms go with --term)", strings.Join(fs.Args(), " "))
	}
	if err := o.check(); err != nil {
		return nil, err
	}
	q, err := r.query()
	if err != nil {
		return nil, err
	}
	if check != nil {
		if err := check(q); err != nil {
			return nil, err
		}
	}
	db, err := r.openDBReadOnly(ctx)
	if err != nil {
		return nil, err
	}
	a := &analysis{q: q, db: db}
	if a.cat, err = loadCatalog(ctx, &r.common, db); err == nil {
		a.cfg = a.cat.cfg
		if a.q.Terms, err = a.cat.resolveTerms(q.Terms); err == nil {
			a.q.Sources, err = a.cat.resolveSources(q.Sources)
		}
	}
	if err != nil {
		db.Close()
		return nil, err
	}
	return a, nil
}

// needRange insists on --from and --to, for comparisons of windows.
func needRange(q report.Query, what string) error {
	if q.From == "" || q.To == "" {
		return usagef("%s needs a range: give --from and --to", what)
	}
	return nil
}

// oneTerm insists on exactly one --term.
func oneTerm(q report.Query, what string) (string, error) {
	if len(q.Terms) != 1 {
		return "", usagef("%s is about one term: give exactly one --term", what)
	}
	return q.Terms[0], nil
}

func parseMeasure(s string) (report.Measure, error) {
	m, err := report.ParseMeasure(s)
	if err != nil {
		return m, usagef("--measure: %v", err)
	}
	return m, nil
}
