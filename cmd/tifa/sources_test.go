package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/tifa-project/tifa/replay"
)

// usualConfig writes a configuration for the usual plain-http loopback
// site as a user would: its address copied from the address bar. good
// takes the site's articles; bad has a pattern that fits none of them.
func usualConfig(t *testing.T, site *replay.Usual) string {
	t.Helper()
	addr := regexp.QuoteMeta(strings.TrimPrefix(site.URL, "http://"))
	yaml := fmt.Sprintf(`
sources:
  - id: good
    start: [%[1]s/list/]
    hosts: [127.0.0.1]
    article: ['^http://%[2]s/a/[0-9]+\.html$']
    listings: ['^http://%[2]s/list/[0-9]+\.html$']
    delay: 1ms
  - id: bad
    start: [%[1]s/list/]
    hosts: [127.0.0.1]
    article: ['^http://%[2]s/article/[0-9]+\.shtml$']
    delay: 1ms
terms:
  - id: new-quality-productive-forces
    zh: [新质生产力]
`, site.URL, addr)
	path := filepath.Join(t.TempDir(), "tifa.yaml")
	if err := os.WriteFile(path, []byte(yaml), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestCrawlThatFoundNothingFails: the listing answers, its links match no
// article pattern; the crawl says so, naming the source, its pattern and
// links it saw, and exits 1, on the first run and on the runs after
// (issue 9, failures 1 and 4: found=0, exit 0, not a word).
func TestCrawlThatFoundNothingFails(t *testing.T) {
	site := replay.StartUsual()
	defer site.Close()
	cfg := usualConfig(t, site)
	db := filepath.Join(t.TempDir(), "tifa.db")
	for run, want := range []string{"on its first run", "in 2 runs in a row"} {
		code, out, stderr := runTifa(t, "", "crawl", "--config", cfg, "--db", db, "--source", "bad")
		line := ""
		for _, l := range strings.Split(out, "\n") {
			if strings.HasPrefix(l, "bad ") && strings.Contains(l, "unhealthy: nolinks:") {
				line = l
			}
		}
		if code != 1 || !strings.Contains(line, `/article/[0-9]+\.shtml$`) || !strings.Contains(line, site.URL+"/a/1.html") || !strings.Contains(line, want) {
			t.Errorf("run %d: exit %d, line %q; want exit 1 and a line with the pattern, %s/a/1.html and %q\nstdout %s\nstderr %s",
				run+1, code, line, site.URL, want, out, stderr)
		}
	}
	// The pattern as the address bar gives it works on the http site.
	code, out, stderr := runTifa(t, "", "crawl", "--config", cfg, "--db", db, "--source", "good")
	if code != 0 || !strings.Contains(out, fmt.Sprintf("found=%d new=%d", replay.UsualArticles, replay.UsualArticles)) {
		t.Errorf("good source: exit %d\nstdout %s\nstderr %s", code, out, stderr)
	}
}

// TestHealthStatesAreHonest: a source never crawled, one with too few runs
// to compare, one with enough, and one whose crawls found no article link,
// each said as it is, in text and JSON (issue 9, failure 4: all "healthy").
func TestHealthStatesAreHonest(t *testing.T) {
	site := replay.StartUsual()
	defer site.Close()
	cfg := usualConfig(t, site)
	db := filepath.Join(t.TempDir(), "tifa.db")
	health := func() (int, map[string]string) {
		t.Helper()
		code, out, stderr := runTifa(t, "", "sources", "health", "--config", cfg, "--db", db)
		lines := map[string]string{}
		for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
			if id, rest, ok := strings.Cut(l, " "); ok {
				lines[id] = strings.TrimSpace(rest)
			}
		}
		if stderr != "" {
			t.Logf("stderr: %s", stderr)
		}
		return code, lines
	}
	runTifa(t, "", "crawl", "--config", cfg, "--db", db, "--source", "good")
	code, got := health()
	if code != 0 || got["good"] != "no baseline yet (1 of 4 runs)" || got["bad"] != "never crawled" {
		t.Errorf("after one crawl of good: exit %d, %q", code, got)
	}
	for range 3 {
		runTifa(t, "", "crawl", "--config", cfg, "--db", db, "--source", "good")
	}
	runTifa(t, "", "crawl", "--config", cfg, "--db", db, "--source", "bad")
	code, got = health()
	if code != 1 || got["good"] != "healthy" || !strings.HasPrefix(got["bad"], "unhealthy: nolinks:") {
		t.Errorf("after four crawls each: exit %d, %q; want good healthy, bad unhealthy: nolinks", code, got)
	}
	_, out, _ := runTifa(t, "", "sources", "health", "--config", cfg, "--db", db, "--json")
	var reports []struct {
		Source, State, Status string
		Runs                  int `json:"runs"`
	}
	if err := json.Unmarshal([]byte(out), &reports); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	if len(reports) != 2 || reports[0].State != "healthy" || reports[0].Runs != 4 || reports[1].State != "unhealthy" || reports[1].Runs != 1 ||
		!strings.Contains(reports[1].Status, "nolinks") {
		t.Errorf("JSON: %+v", reports)
	}
}

// TestSourcesTest: on the usual site, `tifa sources test` lists each link
// with the pattern that took it, extracts samples and writes nothing; a
// pattern one trailing slash off is pointed out, and no match exits 1.
func TestSourcesTest(t *testing.T) {
	site := replay.StartUsual()
	defer site.Close()
	cfg := usualConfig(t, site)
	db := filepath.Join(t.TempDir(), "tifa.db")
	code, out, stderr := runTifa(t, "", "sources", "test", "good", "--config", cfg, "--db", db, "--articles", "2")
	for _, want := range []string{
		"page " + site.URL + "/list/ (HTTP 200, new links:",
		"  article  " + site.URL + "/a/1.html\n",
		"  listing  " + site.URL + "/list/2.html\n",
		"  none     " + site.URL + "/about.html\n",
		"page " + site.URL + "/list/2.html (HTTP 200, new links:",
		"  article  " + site.URL + "/a/6.html\n",
		fmt.Sprintf("\n%d article links, 1 listing links,", replay.UsualArticles),
		"sample 1 of 2: " + site.URL + "/a/1.html\n  title      第1篇",
		"  published  2024-05-11 09:30:00 (from the page)\n  method     generic\n",
		"  terms      new-quality-productive-forces=1\n",
		"  terms      new-quality-productive-forces=2\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("sources test good: missing %q", want)
		}
	}
	if code != 0 || t.Failed() {
		t.Fatalf("exit %d\nstdout %s\nstderr %s", code, out, stderr)
	}
	if _, err := os.Stat(db); !os.IsNotExist(err) {
		t.Errorf("sources test touched the database %s: %v", db, err)
	}

	code, out, stderr = runTifa(t, "", "sources", "test", "bad", "--config", cfg, "--db", db)
	if code != 1 || !strings.Contains(stderr, "source bad: none of the") || !strings.Contains(out, "  none     "+site.URL+"/a/1.html\n") {
		t.Errorf("sources test bad: exit %d\nstdout %s\nstderr %s", code, out, stderr)
	}

	// A pattern typed with a trailing slash the site's links do not have.
	slash := strings.Replace(string(must(os.ReadFile(cfg))), `/a/[0-9]+\.html$`, `/a/[0-9]+\.html/$`, 1)
	os.WriteFile(cfg, []byte(slash), 0o644)
	code, out, stderr = runTifa(t, "", "sources", "test", "good", "--config", cfg, "--articles", "0")
	if code != 1 || !strings.Contains(out, "near miss, only a trailing slash differs: "+site.URL+"/a/1.html/") || !strings.Contains(stderr, "came close") {
		t.Errorf("sources test with a slash too many: exit %d\nstdout %s\nstderr %s", code, out, stderr)
	}
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}
