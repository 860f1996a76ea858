package main

import (
	"context"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/tifa-project/tifa/archive"
	"github.com/tifa-project/tifa/config"
)

// archiveConfig writes the default configuration with archive.dir set.
func archiveConfig(t *testing.T, dir string) string {
	t.Helper()
	cfg := config.Default()
	cfg.Archive.Dir = dir
	b, err := yaml.Marshal(cfg)
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "tifa.yaml")
	if err := os.WriteFile(p, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// corpusPage returns a saved page and the URL its truth file gives.
func corpusPage(t *testing.T, name string) (string, []byte) {
	t.Helper()
	base := filepath.Join("..", "..", "testdata", "corpus", name)
	body, err := os.ReadFile(base + ".html")
	if err != nil {
		t.Fatal(err)
	}
	var truth struct{ URL, Title string }
	b, err := os.ReadFile(base + ".truth.json")
	if err == nil {
		err = json.Unmarshal(b, &truth)
	}
	if err != nil || truth.URL == "" {
		t.Fatalf("%s: no URL in the truth file: %v", name, err)
	}
	return truth.URL, body
}

func htmlHeader() http.Header {
	return http.Header{"Content-Type": {"text/html; charset=utf-8"}}
}

// TestReprocess archives pages over two days, reprocesses them into a fresh
// database, then again (all unchanged), then only the first day (the older
// version of a page wins again) and only one source.
func TestReprocess(t *testing.T) {
	dir := t.TempDir()
	cfgPath := archiveConfig(t, filepath.Join(dir, "archive"))
	db := filepath.Join(dir, "tifa.db")
	w, err := archive.NewWriter(config.Archive{Dir: filepath.Join(dir, "archive")}, nil)
	if err != nil {
		t.Fatal(err)
	}
	a, aBody := corpusPage(t, "xinhua/mh_news_cn_politics_leaders_20240509_3dd6e33c")
	b, bBody := corpusPage(t, "xinhua/n4k_news_cn_fortune_c_1129981476")
	c, cBody := corpusPage(t, "people/mh_finance_people_c1004_40232587")
	d, dBody := corpusPage(t, "people/gne_culture_people_c1013_31153719")
	day1 := time.Date(2026, 1, 5, 2, 0, 0, 0, time.UTC)
	day2 := day1.Add(24 * time.Hour)
	for _, r := range []archive.Record{
		{Source: "xinhua", URL: a, Fetched: day1, Status: 200, Header: htmlHeader(), Body: bBody}, // an older version of a
		{Source: "xinhua", URL: b, Fetched: day1.Add(time.Minute), Status: 200, Header: htmlHeader(), Body: bBody},
		{Source: "xinhua", URL: "http://www.news.cn/politics/", Fetched: day1, Status: 200, Header: htmlHeader(), Body: []byte("<html>listing</html>")},
		{Source: "people", URL: c, Fetched: day1, Status: 200, Header: htmlHeader(), Body: cBody},
		{Source: "xinhua", URL: a, Fetched: day2, Status: 200, Header: htmlHeader(), Body: aBody},
		{Source: "xinhua", URL: "http://www.news.cn/fortune/2026-01/06/c_1.htm", Fetched: day2, Status: 404, Header: htmlHeader(), Body: []byte("gone")},
		{Source: "people", URL: d, Fetched: day2, Status: 200, Header: htmlHeader(), Body: dBody},
	} {
		if err := w.Write(context.Background(), r); err != nil {
			t.Fatal(err)
		}
	}
	w.Close()

	for _, tt := range []struct {
		args []string
		want string
	}{
		{nil, "records=7 articles=4 new=4 updated=0 unchanged=0 skipped=2 empty=0 errors=0"},
		{nil, "records=7 articles=4 new=0 updated=0 unchanged=4 skipped=2 empty=0 errors=0"},
		{[]string{"--to", "2026-01-05"}, "records=4 articles=3 new=0 updated=1 unchanged=2 skipped=1 empty=0 errors=0"},
		{[]string{"--source", "people", "--from", "2026-01-06"}, "records=1 articles=1 new=0 updated=0 unchanged=1 skipped=0 empty=0 errors=0"},
	} {
		args := append([]string{"reprocess", "--config", cfgPath, "--db", db}, tt.args...)
		code, out, stderr := runTifa(t, "", args...)
		if code != 0 || strings.TrimSpace(out) != "reprocess: "+tt.want {
			t.Errorf("tifa %v: exit %d\ngot  %s\nwant reprocess: %s\n%s", tt.args, code, strings.TrimSpace(out), tt.want, stderr)
		}
	}
}

// TestImportWget imports the WARC files real wget wrote (see
// archive/testdata/README.md), twice, copying them into the archive, then
// shows a page from the archive.
func TestImportWget(t *testing.T) {
	dir := t.TempDir()
	arch := filepath.Join(dir, "archive")
	cfgPath := archiveConfig(t, arch)
	db := filepath.Join(dir, "tifa.db")
	files := []string{"../../archive/testdata/wget-news.warc.gz", "../../archive/testdata/wget-plain.warc"}
	for i, want := range []string{
		"records=5 articles=2 new=2 updated=0 unchanged=0 skipped=2 empty=0 errors=0",
		"records=5 articles=2 new=0 updated=0 unchanged=2 skipped=2 empty=0 errors=0",
	} {
		args := append([]string{"import", "warc", "--config", cfgPath, "--db", db, "--archive"}, files...)
		code, out, stderr := runTifa(t, "", args...)
		if code != 0 || strings.TrimSpace(out) != "import: "+want {
			t.Errorf("import run %d: exit %d\ngot  %s\nwant import: %s\n%s", i+1, code, strings.TrimSpace(out), want, stderr)
		}
	}
	copied, err := archive.Files(config.Archive{Dir: arch}, "", "", "")
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(rel(t, arch, copied), " "); got != "people/2026-11-27.warc.gz xinhua/2026-11-27.warc.gz" {
		t.Errorf("archive files: got %s", got)
	}
	for _, f := range copied {
		n := 0
		if err := archive.Read(context.Background(), f, func(archive.Record) error { n++; return nil }); err != nil || n != 1 {
			t.Errorf("%s: %d records, %v; want 1 after importing twice", f, n, err)
		}
	}

	a, aBody := corpusPage(t, "xinhua/mh_news_cn_politics_leaders_20240509_3dd6e33c")
	code, out, stderr := runTifa(t, "", "archive", "show", a, "--config", cfgPath, "--date", "2026-11-27")
	var got shown
	if err := json.Unmarshal([]byte(out), &got); code != 0 || err != nil {
		t.Fatalf("archive show: exit %d, %v\n%s\n%s", code, err, out, stderr)
	}
	if got.URL != a || got.Source != "xinhua" || got.Status != 200 || !strings.HasPrefix(got.Fetched, "2026-11-27T22:39:") ||
		!strings.HasPrefix(got.Title, "李强在新疆调研时强调") || !strings.Contains(got.Body, "新华社乌鲁木齐5月9日电") {
		t.Errorf("archive show: got %+v", got)
	}
	code, out, _ = runTifa(t, "", "archive", "show", "--raw", "--config", cfgPath, a)
	if code != 0 || out != string(aBody) {
		t.Errorf("archive show --raw: exit %d, %d bytes; want the %d bytes wget fetched", code, len(out), len(aBody))
	}
	code, _, stderr = runTifa(t, "", "archive", "show", a, "--config", cfgPath, "--date", "2026-11-26")
	if code != 1 || !strings.Contains(stderr, "not in the archive on 2026-11-26") {
		t.Errorf("archive show on another day: exit %d, %q", code, stderr)
	}
}

func rel(t *testing.T, dir string, files []string) []string {
	t.Helper()
	var out []string
	for _, f := range files {
		r, err := filepath.Rel(dir, f)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, filepath.ToSlash(r))
	}
	return out
}

func TestArchiveUsage(t *testing.T) {
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"reprocess"}, "no archive configured"},
		{[]string{"reprocess", "--from", "2026-1-1"}, `--from "2026-1-1" is not a day`},
		{[]string{"import"}, "tifa import warc FILE"},
		{[]string{"import", "warc"}, "give one or more WARC files"},
		{[]string{"archive"}, "tifa archive show URL"},
		{[]string{"archive", "show"}, "give one URL"},
		{[]string{"archive", "show", "http://www.news.cn/", "--date", "today"}, `--date "today" is not a day`},
	} {
		code, _, stderr := runTifa(t, "", tt.args...)
		if code != 2 || !strings.Contains(stderr, tt.want) || strings.Count(stderr, "\n") != 1 {
			t.Errorf("tifa %v: exit %d, stderr %q; want exit 2 and one line containing %q", tt.args, code, stderr, tt.want)
		}
	}
}
