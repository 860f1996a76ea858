package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestDiscoverThenTerm finds a candidate on the demo's real pages, adds it
// as a term with the snippet discover prints, and retag counts it back.
func TestDiscoverThenTerm(t *testing.T) {
	db := demoDB(t)
	const cand = "产业链供应链"
	code, out, stderr := runTifa(t, "", "discover", "--db", db, "--min-articles", "2", "--limit", "10")
	if code != 0 {
		t.Fatalf("discover: exit %d: %s", code, stderr)
	}
	snippet := termSnippet(cand, "      ")
	for _, w := range []string{"Candidate formulations in every stored day: 12 articles", ". " + cand + "  score",
		"重要产业链供应链安全", "not in gse's dictionary", snippet} {
		if !strings.Contains(out, w) {
			t.Errorf("discover output lacks %q:\n%s", w, out)
		}
	}
	for _, term := range []string{"高质量发展", "对外开放", "中美"} {
		if strings.Contains(out, ". "+term+"  score") {
			t.Errorf("lexicon form %s listed as a candidate", term)
		}
	}

	// At the default support the demo's 12 articles hold no new
	// formulation: what recurs in 3 of them is vocabulary and fragments,
	// and the reader is told so instead of shown noise as candidates.
	code, out, _ = runTifa(t, "", "discover", "--db", db)
	if code != 0 || !strings.Contains(out, "None of these looks like a new formulation") || strings.Contains(out, ". 让我们  score") {
		t.Errorf("discover at 3 articles: exit %d, want the warning that nothing looks new and no 让我们:\n%s", code, out)
	}
	if !strings.Contains(out, "· a word in gse's dictionary · on word edges in") {
		t.Errorf("discover at 3 articles does not say why each is listed low:\n%s", out)
	}

	code, out, _ = runTifa(t, "", "discover", "--db", db, "--min-articles", "2", "--limit", "3", "--csv")
	if code != 0 || !strings.Contains(out, "rank,candidate,score,articles,mentions,sources,baseline_articles,rise") || strings.Count(out, "\n") != 4 {
		t.Errorf("discover --csv: exit %d, want a header and 3 rows:\n%s", code, out)
	}

	dir := t.TempDir()
	_, def, _ := runTifa(t, "", "config", "show")
	cfg := filepath.Join(dir, "tifa.yaml")
	if err := os.WriteFile(cfg, []byte(def+termSnippet(cand, "  ")), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, out, stderr := runTifa(t, "", "retag", "--db", db, "--config", cfg); code != 0 {
		t.Fatalf("retag: exit %d\n%s\n%s", code, out, stderr)
	}
	code, out, _ = runTifa(t, "", "report", "--db", db, "--config", cfg, "--term", cand, "--by", "month", "--measure", "mentions", "--from", "2024-05-01", "--to", "2024-05-31")
	if code != 0 || !strings.Contains(out, "2024-05           4") {
		t.Errorf("report of the added candidate: exit %d, want its 4 mentions in 2024-05:\n%s", code, out)
	}
	code, out, _ = runTifa(t, "", "discover", "--db", db, "--config", cfg, "--min-articles", "2", "--limit", "10")
	if code != 0 || strings.Contains(out, ". "+cand+"  score") {
		t.Errorf("discover after adding %s still lists it (exit %d):\n%s", cand, code, out)
	}
}

func TestDiscoverUsage(t *testing.T) {
	for _, args := range [][]string{
		{"discover", "--term", "high-quality-development"},
		{"discover", "--baseline-from", "2024-01-01"},
		{"discover", "--min-articles", "0"},
	} {
		if code, _, stderr := runTifa(t, "", args...); code != 2 || stderr == "" {
			t.Errorf("tifa %v: exit %d, want a usage error (2): %s", args, code, stderr)
		}
	}
}
