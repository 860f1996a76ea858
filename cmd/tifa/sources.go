package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"

	"github.com/tifa-project/tifa/crawler"
	"github.com/tifa-project/tifa/health"
	"github.com/tifa-project/tifa/store"
)

func runSources(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 || args[0] != "health" {
		return usagef("say what to do: tifa sources health")
	}
	fs := flagSet(e, "sources health", "[--config FILE] [--db FILE] [--source ID ...] [--json]",
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
	cfg, err := c.loadConfig()
	if err != nil {
		return err
	}
	srcs, err := sourcesFor(cfg, sources)
	if err != nil {
		return err
	}
	db, err := c.openDBReadOnly(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	var reports []sourceReport
	for _, s := range srcs {
		findings, last, err := health.Source(ctx, db, s.ID)
		if err != nil {
			return err
		}
		if last == nil {
			last = &crawler.Summary{Source: s.ID, Reason: "never crawled"}
		}
		reports = append(reports, sourceReport{Summary: *last, Health: findings})
	}
	return printHealth(e.stdout, reports, *asJSON)
}

// sourceReport is a source's last run and what health found in it.
type sourceReport struct {
	crawler.Summary
	Health []health.Finding `json:"health"`
}

// healthReports checks each crawled source against its history.
func healthReports(ctx context.Context, db *store.DB, sums []crawler.Summary) ([]sourceReport, error) {
	var out []sourceReport
	for _, s := range sums {
		findings, _, err := health.Source(ctx, db, s.Source)
		if err != nil {
			return nil, err
		}
		out = append(out, sourceReport{Summary: s, Health: findings})
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
				fmt.Fprintf(w, "%-13s healthy\n", r.Source)
			}
			for _, f := range r.Health {
				fmt.Fprintf(w, "%-13s UNHEALTHY %s: %s\n", r.Source, f.Kind, f.Msg)
			}
		}
	}
	if unhealthy > 0 {
		return errSilent
	}
	return nil
}
