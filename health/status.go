package health

import (
	"context"
	"fmt"

	"github.com/tifa-project/tifa"
)

// Baseline is how many crawls a source needs before the checks that
// compare with its usual runs can speak: the latest and three before it.
const Baseline = 4

// The states a source's health can be in.
const (
	NeverCrawled = "never crawled"
	NoBaseline   = "no baseline yet"
	Healthy      = "healthy"
	Unhealthy    = "unhealthy"
)

// Status is what can honestly be said of a source: never crawled, too few
// runs to compare with, healthy, or unhealthy and why. A check that needs
// history is silent without it, so "healthy" is only said once it can
// speak.
type Status struct {
	Source   string        `json:"source"`
	State    string        `json:"state"` // one of the constants above
	Runs     int           `json:"runs"`  // crawls recorded, up to History+1
	Needed   int           `json:"baseline_runs"`
	Findings []Finding     `json:"health"`
	Last     *tifa.Summary `json:"last,omitempty"`
}

// String is the state as the operator reads it, e.g.
// "no baseline yet (2 of 4 runs)" or "unhealthy: nolinks: …".
func (s Status) String() string {
	switch s.State {
	case NoBaseline:
		return fmt.Sprintf("%s (%d of %d runs)", NoBaseline, s.Runs, s.Needed)
	case Unhealthy:
		out := Unhealthy + ": "
		for i, f := range s.Findings {
			if i > 0 {
				out += "; "
			}
			out += f.Kind + ": " + f.Msg
		}
		return out
	}
	return s.State
}

// SourceStatus checks source's last crawl in db and says what state it is in.
func SourceStatus(ctx context.Context, db Runs, source string) (Status, error) {
	st := Status{Source: source, Needed: Baseline, Findings: []Finding{}}
	findings, last, runs, err := check(ctx, db, source)
	if err != nil {
		return st, err
	}
	st.Last, st.Runs = last, runs
	switch {
	case runs == 0:
		st.State = NeverCrawled
	case len(findings) > 0:
		st.State, st.Findings = Unhealthy, findings
	case runs < Baseline:
		st.State = NoBaseline
	default:
		st.State = Healthy
	}
	return st, nil
}
