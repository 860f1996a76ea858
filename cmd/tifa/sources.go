package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"

	"github.com/tifa-project/tifa"
	"github.com/tifa-project/tifa/health"
)

func runSources(ctx context.Context, e *env, args []string) error {
	if len(args) > 0 && args[0] == "test" {
		return runSourcesTest(ctx, e, args[1:])
	}
	if len(args) == 0 || args[0] != "health" {
		return usagef("say what to do: tifa sources health, or tifa sources test ID")
	}
	fs := flagSet(e, "sources health", "[--db FILE] [--config FILE] [--source ID ...] [--json]",
		"Compare each source's last crawl with the runs before it and flag drift: article links under a\n"+
			"quarter of the usual, pages that no longer extract, a template that changed under its rule, a\n"+
			"shorter median body, a charset flip, links moved to another host, robots.txt blocking, errors.\n"+
			"Exits 1 when a source is unhealthy.")
	var c common
	c.register(fs, e)
	var sources list
	fs.Var(&sources, "source", "only this source `ID` (repeatable)")
	asJSON := fs.Bool("json", false, "print JSON, for monitoring")
	if err := parse(fs, args[1:]); err != nil {
		return err
	}
	db, err := c.openDBReadOnly(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	// The sources are the database's own unless --config names others: a
	// database crawled with a custom configuration travels without it.
	cat, err := loadCatalog(ctx, &c, db)
	if err != nil {
		return err
	}
	srcs, err := sourcesFor(cat.cfg, sources)
	if err != nil {
		return err
	}
	var reports []sourceReport
	for _, s := range srcs {
		st, err := health.SourceStatus(ctx, db, s.ID)
		if err != nil {
			return err
		}
		reports = append(reports, newReport(st, tifa.Summary{Source: s.ID}))
	}
	return printHealth(e.stdout, reports, *asJSON)
}

// sourceReport is a source's last run and what can be said of its health.
type sourceReport struct {
	tifa.Summary
	State        string           `json:"state"`  // never crawled, no baseline yet, healthy, unhealthy
	Status       string           `json:"status"` // the state with its reason, as printed
	Runs         int              `json:"runs"`
	BaselineRuns int              `json:"baseline_runs"`
	Health       []health.Finding `json:"health"`
}

// newReport puts a status with the run it speaks of: the last recorded, or
// sum when there is none (never crawled) or it is the run just made.
func newReport(st health.Status, sum tifa.Summary) sourceReport {
	if st.Last != nil && sum.Fetched+sum.NotModified+sum.Errors == 0 {
		sum = *st.Last
	}
	return sourceReport{Summary: sum, State: st.State, Status: st.String(), Runs: st.Runs, BaselineRuns: st.Needed, Health: st.Findings}
}

// healthReports says where each crawled source stands after its run.
func healthReports(ctx context.Context, db health.Runs, sums []tifa.Summary) ([]sourceReport, error) {
	var out []sourceReport
	for _, s := range sums {
		st, err := health.SourceStatus(ctx, db, s.Source)
		if err != nil {
			return nil, err
		}
		out = append(out, newReport(st, s))
	}
	return out, nil
}

// printHealth writes one line per finding (or JSON) and returns errSilent
// when any source is unhealthy, so cron and monitoring see it.
func printHealth(w io.Writer, reports []sourceReport, asJSON bool) error {
	unhealthy := 0
	for _, r := range reports {
		if len(r.Health) > 0 {
			unhealthy++
		}
	}
	if asJSON {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		if err := enc.Encode(reports); err != nil {
			return err
		}
	} else {
		for _, r := range reports {
			if len(r.Health) == 0 {
				fmt.Fprintf(w, "%-13s %s\n", r.Source, r.Status)
			}
			for _, f := range r.Health {
				fmt.Fprintf(w, "%-13s unhealthy: %s: %s\n", r.Source, f.Kind, f.Msg)
			}
		}
	}
	if unhealthy > 0 {
		return errSilent
	}
	return nil
}
