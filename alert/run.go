package alert

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"strings"
)

// Result is what one run did.
type Result struct {
	Rules             []string // the rule kinds evaluated
	True              int      // alerts true now, new or not
	New, Sent, Failed int
	Unavailable       []string // rule kinds not available in this build
}

// Run evaluates rules, records the alerts not recorded before, and delivers
// every pending delivery (this run's and those failed before). With dryRun
// it writes what would be sent to w and changes nothing.
func Run(ctx context.Context, db Store, rules []Rule, dests []Destination, an Analyses, s *Sender, dryRun bool, w io.Writer, log *slog.Logger) (Result, error) {
	var res Result
	if len(rules) == 0 {
		rules = Defaults()
	}
	ids := make([]string, len(dests))
	byID := map[string]Destination{}
	for i, d := range dests {
		ids[i] = d.ID()
		byID[d.ID()] = d
	}
	true_ := map[string]map[string]bool{}
	for _, r := range rules {
		res.Rules = append(res.Rules, r.Kind)
		alerts, err := Evaluate(ctx, db, r, an)
		if errors.Is(err, ErrNotAvailable) {
			res.Unavailable = append(res.Unavailable, r.Kind)
			continue
		}
		if err != nil {
			return res, err
		}
		if true_[r.Kind] == nil {
			true_[r.Kind] = map[string]bool{}
		}
		for _, a := range alerts {
			res.True++
			true_[r.Kind][a.Key] = true
			if dryRun {
				if err := preview(w, a, dests); err != nil {
					return res, err
				}
				continue
			}
			body, err := json.Marshal(a)
			if err != nil {
				return res, err
			}
			isNew, err := db.RecordAlert(ctx, a.Key, a.Kind, body, ids, s.Now())
			if err != nil {
				return res, err
			}
			if isNew {
				res.New++
			}
		}
	}
	if dryRun {
		return res, nil
	}
	for kind, keys := range true_ {
		if err := db.RearmAlerts(ctx, kind, keys); err != nil {
			return res, err
		}
	}
	pending, err := db.PendingAlerts(ctx)
	if err != nil {
		return res, err
	}
	for _, p := range pending {
		d, ok := byID[p.Destination]
		if !ok {
			continue // a destination no longer configured, or not given this run
		}
		var a Alert
		if err := json.Unmarshal(p.Body, &a); err != nil {
			return res, fmt.Errorf("stored alert %s: %w", p.Key, err)
		}
		n, serr := s.Send(ctx, d, a)
		if err := db.AlertDelivered(ctx, p.Key, p.Destination, n, serr, s.Now()); err != nil {
			return res, err
		}
		if serr != nil {
			res.Failed++
			log.Error("alert not delivered; kept for the next run", "key", p.Key, "destination", d.Format, "attempts", p.Attempts+n, "err", serr)
			continue
		}
		res.Sent++
	}
	if res.Failed > 0 {
		return res, fmt.Errorf("%d alert deliveries failed; they are kept and retried on the next run", res.Failed)
	}
	return res, nil
}

// preview shows an alert and each destination's payload, for --dry-run.
func preview(w io.Writer, a Alert, dests []Destination) error {
	var b strings.Builder
	b.WriteString(plain(a))
	for _, d := range dests {
		if d.Format == "stdout" {
			continue
		}
		body, err := Body(d.Format, a)
		if err != nil {
			return err
		}
		fmt.Fprintf(&b, "  would post to %s (%s): %s\n", d.URL, d.Format, body)
	}
	_, err := io.WriteString(w, b.String()+"\n")
	return err
}
