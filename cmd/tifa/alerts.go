package main

import (
	"context"
	"flag"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/tifa-project/tifa/alert"
	"github.com/tifa-project/tifa/config"
)

func runAlerts(ctx context.Context, e *env, args []string) error {
	fs := flagSet(e, "alerts", "[--config FILE] [--db FILE] [--webhook URL] [--format json|slack|teams|wecom|dingtalk] [--dry-run]",
		"Evaluate the alert rules of the configuration (default: a term first seen in a source, a term\n"+
			"rising, a source unhealthy) and send each new alert once to the configured destinations, or to\n"+
			"--webhook. Failed deliveries are kept and retried on the next run; exits 1 when one finally fails.")
	var c common
	c.register(fs, e)
	webhook := fs.String("webhook", "", "send to this webhook `URL` instead of the configured destinations")
	format := fs.String("format", "json", "the webhook's message format: json, slack, teams, wecom or dingtalk")
	dryRun := fs.Bool("dry-run", false, "show what would be sent; send nothing and record nothing")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("unexpected argument %q", fs.Arg(0))
	}
	formatGiven := false
	fs.Visit(func(f *flag.Flag) { formatGiven = formatGiven || f.Name == "format" })
	if formatGiven && *webhook == "" {
		// Silently ignored, a format meant for a team's webhook would send
		// to the configured destinations in theirs, or to standard output.
		return usagef("--format is the format of --webhook's messages: give --webhook URL too (a destination in the configuration names its own format)")
	}
	if _, err := alert.Body(*format, alert.Alert{}); *webhook != "" && err != nil {
		return usagef("%v", err)
	}
	cfg, err := c.loadConfig()
	if err != nil {
		return err
	}
	var db DB
	if *dryRun {
		db, err = c.openDBReadOnly(ctx)
	} else {
		db, err = c.openDB(ctx)
	}
	if err != nil {
		return err
	}
	defer db.Close()
	return alerts(ctx, e, cfg, db, destinations(cfg, *webhook, *format), *dryRun, http.DefaultClient)
}

// alertStore is what the alert rules read and where their state is kept.
type alertStore interface {
	alert.Store
	analysisStore
}

// alerts runs the configured rules over db; crawl --alerts calls it too.
func alerts(ctx context.Context, e *env, cfg *config.Config, db alertStore, dests []alert.Destination, dryRun bool, client *http.Client) error {
	s := &alert.Sender{Client: client, Stdout: e.stdout, Now: time.Now, Sleep: sleep}
	rs, err := rules(cfg)
	if err != nil {
		return err
	}
	res, err := alert.Run(ctx, db, rs, dests, analyses(db), s, dryRun, e.stdout, logger(e))
	for _, k := range res.Unavailable {
		fmt.Fprintf(e.stderr, "alert rule %s: not available yet in this build; it was skipped\n", k)
	}
	if err != nil {
		return err
	}
	// One line always, so a run that found nothing says so in cron mail.
	rulesRun := strings.Join(res.Rules, ", ")
	if dryRun {
		fmt.Fprintf(e.stderr, "alerts (dry run): %d true now, nothing sent; rules: %s\n", res.True, rulesRun)
	} else {
		fmt.Fprintf(e.stderr, "alerts: %d true now, %d new, %d sent, %d failed; rules: %s\n", res.True, res.New, res.Sent, res.Failed, rulesRun)
	}
	return nil
}

func destinations(cfg *config.Config, webhook, format string) []alert.Destination {
	if webhook != "" {
		return []alert.Destination{{Format: format, URL: webhook}}
	}
	var out []alert.Destination
	for _, d := range cfg.Alerts.Destinations {
		out = append(out, alert.Destination{Format: d.Format, URL: d.URL, Secret: d.Secret})
	}
	if len(out) == 0 {
		out = []alert.Destination{{Format: "stdout"}}
	}
	return out
}

func rules(cfg *config.Config) ([]alert.Rule, error) {
	var out []alert.Rule
	for _, r := range cfg.Alerts.Rules {
		ar := alert.Rule{Kind: r.Kind, Terms: r.Terms, Sources: r.Sources, Days: r.Days, Baseline: r.Baseline,
			Ratio: r.Ratio, MinArticles: r.MinArticles, Score: r.Score}
		if r.ExcludeEvents {
			cal, err := eventCalendar(cfg)
			if err != nil {
				return nil, err
			}
			ar.Exclude = cal.Covers
		}
		out = append(out, ar)
	}
	return out, nil
}

func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
