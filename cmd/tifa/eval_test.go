package main

import (
	"regexp"
	"strconv"
	"strings"
	"testing"
)

var evalSummary = regexp.MustCompile(`(?m)^(tifa|go-trafilatura):\s+(\d+) pages\s+body F1 ([0-9.]+) \(n=\d+\)\s+title (\d+)/(\d+)=\d+%\s+date (\d+)/(\d+)=\d+%`)

func TestEvalExtract(t *testing.T) {
	code, stdout, stderr := runTifa(t, "", "eval", "extract", "../../testdata/corpus/xinhua", "../../testdata/corpus/people", "../../testdata/corpus/gmw")
	if code != 0 {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
	m := evalSummary.FindAllStringSubmatch(stdout, -1)
	if len(m) != 2 || m[0][1] != "tifa" || m[1][1] != "go-trafilatura" {
		t.Fatalf("summary lines missing from output:\n%s", stdout)
	}
	ours := m[0]
	if ours[2] != "10" {
		t.Errorf("pages: got %s, want 10", ours[2])
	}
	if f1, _ := strconv.ParseFloat(ours[3], 64); f1 < 0.98 {
		t.Errorf("mean body F1: got %.3f, want >= 0.98", f1)
	}
	if ours[4] != ours[5] || ours[6] != ours[7] {
		t.Errorf("title %s/%s, date %s/%s: want all right", ours[4], ours[5], ours[6], ours[7])
	}
	if !strings.Contains(stdout, "[../../testdata/corpus/people] tifa:           3 pages  body F1") {
		t.Errorf("summary for the people directory missing:\n%s", stdout)
	}
	if !strings.Contains(stdout, "people/mh_finance_people_c1004_40232587.html\tpeople-2024\t") {
		t.Errorf("per-page line for the people-2024 page missing:\n%s", stdout)
	}
}

func TestEvalUsage(t *testing.T) {
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"eval"}, "say what to evaluate: tifa eval extract DIR"},
		{[]string{"eval", "extract"}, "give one or more directories"},
	} {
		code, _, stderr := runTifa(t, "", tt.args...)
		if code != 2 || !strings.Contains(stderr, tt.want) {
			t.Errorf("tifa %v: exit %d, stderr %q; want 2 and %q", tt.args, code, stderr, tt.want)
		}
	}
	code, _, stderr := runTifa(t, "", "eval", "extract", t.TempDir())
	if code != 1 || !strings.Contains(stderr, "no page with a .truth.json") {
		t.Errorf("empty dir: exit %d, stderr %q; want 1 and a message", code, stderr)
	}
}
