package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/tifa-project/tifa/replay"
	"github.com/tifa-project/tifa/segment"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// testSegs keeps the segmenters of every command the tests run: each
// command building its own cost seconds, and twenty under -race.
var testSegs segment.Loader

// runTifa runs the command in-process and returns its exit code and output.
func runTifa(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := runEnv(context.Background(), &env{stdin: strings.NewReader(stdin), stdout: &out, stderr: &errb, getenv: os.Getenv, segs: &testSegs}, args)
	return code, out.String(), errb.String()
}

func TestUsageErrors(t *testing.T) {
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"frobnicate"}, `unknown command "frobnicate"`},
		{[]string{"report", "--by", "year"}, `tifa report: --by: period "year": use day, week or month (see 'tifa report -h')`},
		{[]string{"report", "--from", "2024-13-01"}, `--from "2024-13-01" is not a day`},
		{[]string{"crawl", "--source", "nosuch"}, `unknown source "nosuch"; configured: xinhua, people`},
		{[]string{"crawl", "--nope"}, "flag provided but not defined: -nope"},
		{[]string{"export"}, "say what to export: tifa export csv"},
		{[]string{"extract"}, "give one page file"},
		{[]string{"config"}, "tifa config show"},
	} {
		code, _, stderr := runTifa(t, "", tt.args...)
		if code != 2 || !strings.Contains(stderr, tt.want) || strings.Count(stderr, "\n") != 1 {
			t.Errorf("tifa %v: exit %d, stderr %q; want exit 2 and one line containing %q", tt.args, code, stderr, tt.want)
		}
	}
}

func TestHelp(t *testing.T) {
	for _, cmd := range commands {
		args := []string{cmd.name, "-h"}
		if sub := map[string]string{"export": "csv", "config": "show", "terms": "list", "eval": "extract", "sources": "health", "archive": "show", "import": "warc"}[cmd.name]; sub != "" {
			args = []string{cmd.name, sub, "-h"}
		}
		code, _, stderr := runTifa(t, "", args...)
		if code != 0 || !strings.Contains(stderr, "usage: tifa "+cmd.name) {
			t.Errorf("tifa %v: exit %d, stderr %q; want 0 and a usage", args, code, stderr)
		}
	}
}

func TestConfigShow(t *testing.T) {
	code, out, _ := runTifa(t, "", "config", "show")
	if code != 0 || !strings.Contains(out, "id: new-quality-productive-forces") || !strings.Contains(out, "# tifa default configuration") {
		t.Errorf("config show: exit %d, want the commented default; got %.200s", code, out)
	}
	// What config show prints is a valid configuration file.
	path := filepath.Join(t.TempDir(), "tifa.yaml")
	os.WriteFile(path, []byte(out), 0o644)
	code, out2, stderr := runTifa(t, "", "config", "show", "--config", path)
	if code != 0 || !strings.Contains(out2, "single-window") {
		t.Errorf("config show --config: exit %d, %s", code, stderr)
	}
	os.WriteFile(path, []byte("sources:\n  - id: Bad\n"), 0o644)
	code, _, stderr = runTifa(t, "", "config", "show", "--config", path)
	if code != 1 || !strings.Contains(stderr, path+":2: sources[0].id") {
		t.Errorf("bad config: exit %d, stderr %q; want the file, line and field", code, stderr)
	}
}

func TestExtract(t *testing.T) {
	page := "../../testdata/corpus/people/mh_finance_people_c1004_40232587.html"
	code, out, stderr := runTifa(t, "", "extract", "--url", "http://finance.people.com.cn/n1/2024/0510/c1004-40232587.html", page)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var got extracted
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatal(err)
	}
	if got.Source != "people" || got.Title != "在新时代中部地区崛起中争先出彩（推动高质量发展·权威发布）" || got.Published != "2024-05-10T06:58:00+08:00" || got.Method == "generic" {
		t.Errorf("got source=%q title=%q published=%q method=%q", got.Source, got.Title, got.Published, got.Method)
	}
	if !strings.HasPrefix(got.Body, "5月9日，国务院新闻办举行") {
		t.Errorf("body starts %.60q", got.Body)
	}
}

func TestTag(t *testing.T) {
	// The first clause is from the Xinhua report on Li Qiang in Xinjiang
	// (testdata/corpus/xinhua/mh_news_cn_...): one 高质量发展. 中美洲 (Central
	// America) is not 中美; 中美关系 is.
	text := "在高质量发展中增进民生福祉。中美洲国家代表参加。中美关系稳定。"
	code, out, stderr := runTifa(t, text, "tag")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if strings.TrimSpace(out) != `{"china-us":1,"high-quality-development":1}` {
		t.Errorf("got %s", out)
	}
}

// TestDemo runs the whole offline pipeline and compares its report with a
// golden file, then exports the same numbers as CSV.
func TestDemo(t *testing.T) {
	db := filepath.Join(t.TempDir(), "demo.db")
	code, out, stderr := runTifa(t, "", "demo", "--db", db)
	if code != 0 {
		t.Fatalf("demo: exit %d\n%s\n%s", code, out, stderr)
	}
	out = regexp.MustCompile(`127\.0\.0\.1:\d+`).ReplaceAllString(out, "127.0.0.1:PORT")
	out = strings.ReplaceAll(out, db, "DB")
	golden(t, "testdata/demo.golden", out)

	code, csv, stderr := runTifa(t, "", "export", "csv", "--db", db, "--by", "month", "--term", "high-quality-development")
	if code != 0 {
		t.Fatalf("export: exit %d: %s", code, stderr)
	}
	golden(t, "testdata/demo-hqd.csv", csv)

	code, table, _ := runTifa(t, "", "report", "--db", db, "--by", "month", "--source", "xinhua", "--term", "high-quality-development")
	if code != 0 || !strings.Contains(table, "2024-05") {
		t.Errorf("report: exit %d\n%s", code, table)
	}
}

func golden(t *testing.T, path, got string) {
	t.Helper()
	if *update {
		os.MkdirAll(filepath.Dir(path), 0o755)
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./cmd/tifa -update)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs (go test ./cmd/tifa -update to accept):\ngot:\n%s\nwant:\n%s", path, got, want)
	}
}

// TestRetagAfterAddingATerm: a report under a changed lexicon says its
// counts are stale; retag recounts, and the new term shows up.
func TestRetagAfterAddingATerm(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "demo.db")
	if code, out, stderr := runTifa(t, "", "demo", "--db", db); code != 0 {
		t.Fatalf("demo: exit %d\n%s\n%s", code, out, stderr)
	}
	_, def, _ := runTifa(t, "", "config", "show")
	cfg := filepath.Join(dir, "tifa.yaml")
	os.WriteFile(cfg, []byte(def+"  - id: rise-of-central-china\n    zh: [中部地区崛起]\n    en: [rise of the central region]\n"), 0o644)

	code, out, _ := runTifa(t, "", "report", "--db", db, "--config", cfg, "--term", "rise-of-central-china")
	if code != 0 || !strings.Contains(out, fmt.Sprintf("Note: %d articles were counted with another lexicon", len(replay.DemoPages))) {
		t.Errorf("report before retag: exit %d, want a stale note:\n%s", code, out)
	}
	code, out, stderr := runTifa(t, "", "retag", "--db", db, "--config", cfg)
	if code != 0 || !strings.Contains(out, fmt.Sprintf("\nretag: %d articles", len(replay.DemoPages))) || !strings.Contains(out, "added:         rise-of-central-china (中部地区崛起)") {
		t.Fatalf("retag: exit %d\n%s\n%s", code, out, stderr)
	}
	code, out, _ = runTifa(t, "", "report", "--db", db, "--config", cfg, "--term", "rise-of-central-china", "--by", "month", "--from", "2024-05-01", "--to", "2024-05-31")
	if code != 0 || strings.Contains(out, "Note:") || !strings.Contains(out, "2024-05           4") {
		t.Errorf("report after retag: exit %d, want 4 mentions in 2024-05 and no note:\n%s", code, out)
	}
}
