package main

import (
	"strings"
	"testing"
)

// fadingOnDemo runs tifa fading on the demo's real pages: May's last
// three weeks against everything stored before, with the thresholds low
// enough for twelve articles.
func fadingOnDemo(t *testing.T, db string) {
	args := []string{"fading", "--db", db, "--from", "2024-05-11", "--to", "2024-05-31", "--baseline-from", "2023-01-01", "--baseline-to", "2024-05-10", "--min-prior", "1", "--expect", "0.5"}
	code, out, stderr := runTifa(t, "", args...)
	if code != 0 {
		t.Fatalf("fading: exit %d: %s", code, stderr)
	}
	for _, w := range []string{"terms fading in 2024-05-11 to 2024-05-31, against baseline 2023-01-01 to 2024-05-10",
		"fallen  high-quality-development 高质量发展  all", "2024-05-10  5月9日，国务院新闻办举行“推动高质量发展”系列主题新闻发布会",
		"http://finance.people.com.cn/n1/2024/0510/c1004-40232587.html"} {
		if !strings.Contains(out, w) {
			t.Errorf("fading output lacks %q:\n%s", w, out)
		}
	}
	// With the default thresholds twelve articles support no verdict.
	code, out, _ = runTifa(t, "", "fading", "--db", db)
	if code != 0 || !strings.Contains(out, "No term faded") {
		t.Errorf("fading with defaults: exit %d, want no fade:\n%s", code, out)
	}
	if code, _, _ := runTifa(t, "", "fading", "--db", db, "--fall", "1"); code != 2 {
		t.Errorf("fading --fall 1: exit %d, want a usage error", code)
	}
}

// alertCandidateAndFading: the candidate and fading rules run in
// tifa alerts, and the candidate alert carries its sentences.
func alertCandidateAndFading(t *testing.T, db string) {
	cfg := alertsConfig(t, "    - kind: candidate\n      days: 3650\n      min_articles: 2\n      score: 20\n    - kind: fading\n")
	code, out, stderr := runTifa(t, "", "alerts", "--config", cfg, "--db", db, "--dry-run")
	if code != 0 || strings.Contains(stderr, "not available") || !strings.Contains(stderr, "rules: first, unhealthy, candidate, fading") {
		t.Fatalf("alerts: exit %d: %s", code, stderr)
	}
	for _, w := range []string{"new formulation? 产业链供应链", "重要产业链供应链安全"} {
		if !strings.Contains(out, w) {
			t.Errorf("dry run lacks %q:\n%s", w, out)
		}
	}
	// Without a score to pass, discover's top 20 include dictionary words
	// (技术, 希望, 推动, listed by tifa discover as such): they are not news
	// for the team's chat, the formulations are.
	cfg = alertsConfig(t, "    - kind: candidate\n      days: 3650\n      min_articles: 2\n")
	code, out, stderr = runTifa(t, "", "alerts", "--config", cfg, "--db", db, "--dry-run")
	if code != 0 || !strings.Contains(out, "new formulation? 产业链供应链") {
		t.Fatalf("alerts without a score: exit %d, want 产业链供应链 among the alerts: %s\n%s", code, stderr, out)
	}
	for _, w := range []string{"技术", "希望", "推动"} {
		if strings.Contains(out, "new formulation? "+w+" (") {
			t.Errorf("the dictionary word %s was sent as a new formulation:\n%s", w, out)
		}
	}
}

// TestOnOneDemo runs the read-only checks of fading, the new alert rules
// and the calendar on one demo database: each demo run is a crawl.
func TestOnOneDemo(t *testing.T) {
	db := demoDB(t)
	t.Run("fading", func(t *testing.T) { fadingOnDemo(t, db) })
	t.Run("alerts", func(t *testing.T) { alertCandidateAndFading(t, db) })
	t.Run("around", func(t *testing.T) { reportAround(t, db) })
	t.Run("exclude-events", func(t *testing.T) { risingExcludeEvents(t, db) })
	t.Run("chart-events", func(t *testing.T) { chartEvents(t, db) })
}
