package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestReportAround: a user's event (CONSTRUCTED, in the configuration)
// and a shipped one give report its range; the demo's real May 2024 pages
// fall around the first.
func TestReportAround(t *testing.T) {
	db := demoDB(t)
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
