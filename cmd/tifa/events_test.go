package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// reportAround: a user's event (CONSTRUCTED, in the configuration)
// and a shipped one give report its range; the demo's real May 2024 pages
// fall around the first.
func reportAround(t *testing.T, db string) {
	_, def, _ := runTifa(t, "", "config", "show")
	cfg := filepath.Join(t.TempDir(), "tifa.yaml")
	if err := os.WriteFile(cfg, []byte(def+"events:\n  - id: henan-briefing\n    name: 河南发布会\n    start: 2024-05-09\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, stderr := runTifa(t, "", "report", "--db", db, "--config", cfg, "--around", "henan-briefing", "--around-days", "1",
		"--by", "day", "--columns", "term", "--measure", "mentions", "--term", "high-quality-development")
	if code != 0 {
		t.Fatalf("report --around: exit %d: %s", code, stderr)
	}
	for _, w := range []string{"Around 河南发布会, 2024-05-09 to 2024-05-09", "1 days either side: 2024-05-08 to 2024-05-10", "2024-05-09         2", "2024-05-10         2"} {
		if !strings.Contains(out, w) {
			t.Errorf("report --around lacks %q:\n%s", w, out)
		}
	}
	if strings.Contains(out, "2024-05-13") {
		t.Errorf("report --around goes past the range:\n%s", out)
	}
	if code, _, stderr := runTifa(t, "", "report", "--db", db, "--around", "party-congress-20", "--from", "2022-01-01"); code != 2 || !strings.Contains(stderr, "--around sets the range") {
		t.Errorf("--around with --from: exit %d: %s", code, stderr)
	}
}

// risingExcludeEvents: a CONSTRUCTED user event over the day of the
// demo's real China Daily page (2023-11-17) takes that page out of the
// baseline, and with it belt-and-road's baseline article.
func risingExcludeEvents(t *testing.T, db string) {
	_, def, _ := runTifa(t, "", "config", "show")
	cfg := filepath.Join(t.TempDir(), "tifa.yaml")
	if err := os.WriteFile(cfg, []byte(def+"events:\n  - id: apec-2023\n    start: 2023-11-15\n    end: 2023-11-17\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	args := []string{"rising", "--db", db, "--config", cfg, "--from", "2024-05-01", "--to", "2024-05-31", "--baseline-from", "2023-01-01", "--baseline-to", "2024-04-30",
		"--min-articles", "1", "--term", "belt-and-road", "--csv"}
	code, with, stderr := runTifa(t, "", args...)
	if code != 0 {
		t.Fatalf("rising: exit %d: %s", code, stderr)
	}
	code, without, stderr := runTifa(t, "", append(args, "--exclude-events")...)
	if code != 0 {
		t.Fatalf("rising --exclude-events: exit %d: %s", code, stderr)
	}
	row := func(csv string) string {
		for _, l := range strings.Split(csv, "\n") {
			if strings.Contains(l, ",belt-and-road,") {
				return l
			}
		}
		return ""
	}
	// rank,term,articles,share_frac,baseline_articles,...
	if f := strings.Split(row(with), ","); len(f) < 5 || f[4] != "1" {
		t.Errorf("without exclusion: %q, want 1 baseline article", row(with))
	}
	if f := strings.Split(row(without), ","); len(f) < 5 || f[4] != "" {
		t.Errorf("with --exclude-events: %q, want no baseline (the demo stored nothing else in it)", row(without))
	}

	// An event inside the range (CONSTRUCTED, over the demo's two real May
	// pages saying 高质量发展) leaves those days out of the range too: the
	// term is no longer rising, it was the event.
	if err := os.WriteFile(cfg, []byte(def+"events:\n  - id: henan-briefing\n    name: 河南发布会\n    start: 2024-05-09\n    end: 2024-05-10\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	args = []string{"rising", "--db", db, "--config", cfg, "--from", "2024-05-01", "--to", "2024-05-31", "--baseline-from", "2023-01-01", "--baseline-to", "2024-04-30",
		"--min-articles", "1", "--term", "high-quality-development"}
	hqd := func(out string) string {
		for _, l := range strings.Split(out, "\n") {
			if strings.Contains(l, ",high-quality-development,") {
				return l
			}
		}
		return ""
	}
	if code, out, stderr := runTifa(t, "", append(args, "--csv")...); code != 0 || !strings.HasPrefix(hqd(out), "1,high-quality-development,2,") {
		t.Errorf("rising: exit %d, %q (%s); want high-quality-development ranked first in 2 articles", code, hqd(out), stderr)
	}
	if code, out, stderr := runTifa(t, "", append(args, "--csv", "--exclude-events")...); code != 0 || !strings.HasPrefix(hqd(out), ",high-quality-development,0,") {
		t.Errorf("rising --exclude-events: exit %d, %q (%s); want it unranked, in 0 articles once 9-10 May are left out", code, hqd(out), stderr)
	}
	if code, out, _ := runTifa(t, "", append(args, "--exclude-events")...); code != 0 || !strings.Contains(out, "baseline and range without the days of 6 calendar events: plenum-20-2, two-sessions-2023, cewc-2023, foreign-affairs-2023, two-sessions-2024, henan-briefing.") {
		t.Errorf("rising --exclude-events does not name the event left out:\n%s", out)
	}
}

// chartEvents: tifa chart marks the shipped Two Sessions and a CONSTRUCTED
// user event from the configuration on the demo's 2024 range, says so, and
// --no-events leaves them out.
func chartEvents(t *testing.T, db string) {
	_, def, _ := runTifa(t, "", "config", "show")
	cfg := filepath.Join(t.TempDir(), "tifa.yaml")
	if err := os.WriteFile(cfg, []byte(def+"events:\n  - id: henan-briefing\n    name: 河南发布会\n    start: 2024-05-09\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	png := filepath.Join(t.TempDir(), "hqd.png")
	args := []string{"chart", "--db", db, "--config", cfg, "--by", "month", "--term", "high-quality-development", "--from", "2024-01-01", "--to", "2024-06-30", "-o", png}
	code, out, stderr := runTifa(t, "", args...)
	if code != 0 {
		t.Fatalf("chart: exit %d: %s", code, stderr)
	}
	if !strings.Contains(out, "events marked: 全国两会 2024-03-04, 河南发布会 2024-05-09\n") {
		t.Errorf("chart output: %q, want the Two Sessions and the user's event marked", out)
	}
	with, err := os.ReadFile(png)
	if err != nil {
		t.Fatal(err)
	}
	code, out, stderr = runTifa(t, "", append(args, "--no-events")...)
	if code != 0 || strings.Contains(out, "events marked") {
		t.Fatalf("chart --no-events: exit %d, %q: %s", code, out, stderr)
	}
	if without, err := os.ReadFile(png); err != nil || bytes.Equal(with, without) {
		t.Errorf("chart --no-events drew the same picture as with events (%v)", err)
	}
}
