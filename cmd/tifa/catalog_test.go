package main

import (
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/tifa-project/tifa"
	"github.com/tifa-project/tifa/config"
	"github.com/tifa-project/tifa/ingest"
	"github.com/tifa-project/tifa/replay"
	"github.com/tifa-project/tifa/sqlite"
)

// localArticle is one constructed page of the loopback site: its day and
// the paragraphs that carry the terms, one mention per sentence.
type localArticle struct {
	day         string
	nqpf, green int // mentions of 新质生产力 and of 绿色低碳发展
}

// The site's articles: 新质生产力 6 times in 3 articles, 绿色低碳发展 3 times
// in 2; the first and last share a term, the middle one mentions only nqpf.
var localArticles = []localArticle{
	{"2024-05-10", 3, 1},
	{"2024-05-13", 2, 0},
	{"2024-05-20", 1, 2},
}

func localPage(n int, a localArticle) string {
	var b strings.Builder
	title := fmt.Sprintf("本地新闻第%d号", n)
	fmt.Fprintf(&b, `<!DOCTYPE html><!-- constructed for tifa's catalog tests --><html lang="zh-CN"><head><meta charset="utf-8">
<title>%s</title><meta name="publishdate" content="%s"></head><body><article><h1>%s</h1>`, title, a.day, title)
	para := 0
	for range a.nqpf {
		para++
		fmt.Fprintf(&b, "<p>第%d段：各地因地制宜发展新质生产力，记者在调研中看到许多企业加快技术改造和设备更新的步伐。</p>\n", para)
	}
	for range a.green {
		para++
		fmt.Fprintf(&b, "<p>第%d段：这座城市坚持绿色低碳发展，把生态保护放在更加突出的位置，群众的获得感不断增强。</p>\n", para)
	}
	b.WriteString("<p>专家表示，这些举措将为经济长期向好提供有力支撑，也为地方发展注入新的活力和动能。</p></article></body></html>")
	return b.String()
}

// localSite serves the articles on a plain-http loopback port, with a
// listing page linking them.
func localSite(t *testing.T) string {
	t.Helper()
	mux := http.NewServeMux()
	mux.HandleFunc("/robots.txt", func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, "User-agent: *\nAllow: /\n") })
	var srv *httptest.Server
	mux.HandleFunc("/list/", func(w http.ResponseWriter, r *http.Request) {
		var links []string
		for i := range localArticles {
			links = append(links, fmt.Sprintf("%s/a/%d.html", srv.URL, i+1))
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write(replay.Listing("本地新闻", links).Body)
	})
	mux.HandleFunc("/a/", func(w http.ResponseWriter, r *http.Request) {
		var n int
		if _, err := fmt.Sscanf(r.URL.Path, "/a/%d.html", &n); err != nil || n < 1 || n > len(localArticles) {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		io.WriteString(w, localPage(n, localArticles[n-1]))
	})
	srv = httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv.URL
}

// localConfig is a configuration as a user writes one: the pattern copied
// from the address bar, terms of its own.
func localConfig(t *testing.T, site string, terms string) string {
	t.Helper()
	port := site[strings.LastIndex(site, ":")+1:]
	yaml := fmt.Sprintf(`sources:
  - id: local
    name: 本地网
    start: [%s/list/]
    hosts: [127.0.0.1]
    article: ['^http://127\.0\.0\.1:%s/a/\d+\.html$']
    delay: 1ms
terms:
%s`, site, port, terms)
	path := filepath.Join(t.TempDir(), "custom.yaml")
	if err := os.WriteFile(path, []byte(yaml), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

const (
	nqpfTerm  = "  - id: nqpf\n    label: 新质生产力\n    zh: [新质生产力]\n"
	greenTerm = "  - id: green\n    label: 绿色低碳\n    zh: [绿色低碳发展]\n"
)

// customDB crawls the loopback site with a custom configuration into a new
// database, through the real crawler, and returns the database and config.
func customDB(t *testing.T) (db, cfg string) {
	t.Helper()
	cfg = localConfig(t, localSite(t), nqpfTerm+greenTerm)
	db = filepath.Join(t.TempDir(), "custom.db")
	code, out, stderr := runTifa(t, "", "crawl", "--config", cfg, "--db", db)
	if code != 0 || !strings.Contains(out, "new=3 ") || !strings.Contains(out, "mentions=9") {
		t.Fatalf("crawl: exit %d, want 3 new articles and 9 mentions\n%s\n%s", code, out, stderr)
	}
	return db, cfg
}

// series reads the whole per-day series the database holds.
func dbSeries(t *testing.T, path string) []tifa.TermDay {
	t.Helper()
	db, err := sqlite.OpenReadOnly(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	days, err := db.TermDays(context.Background(), tifa.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	return days
}

// csvRows parses a CSV (a UTF-8 BOM first) into maps by column name.
func csvRows(t *testing.T, text string) []map[string]string {
	t.Helper()
	recs, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(text, "\ufeff"))).ReadAll()
	if err != nil || len(recs) == 0 {
		t.Fatalf("not a CSV (%v):\n%s", err, text)
	}
	var out []map[string]string
	for _, r := range recs[1:] {
		m := map[string]string{}
		for i, h := range recs[0] {
			if i < len(r) {
				m[h] = r[i]
			}
		}
		out = append(out, m)
	}
	return out
}

// sum adds up a column over the rows where key=value.
func sum(t *testing.T, rows []map[string]string, col, key, value string) int {
	t.Helper()
	n := 0
	for _, r := range rows {
		if r[key] != value {
			continue
		}
		v, err := strconv.Atoi(r[col])
		if err != nil && r[col] != "" {
			t.Fatalf("column %s: %q is not a count", col, r[col])
		}
		n += v
	}
	return n
}

// TestReadingWithoutConfig builds a database with a custom configuration
// and reads it with every reading command, without --config: each names
// the custom term and source, by id or label, and gives the crawl's numbers.
func TestReadingWithoutConfig(t *testing.T) {
	db, _ := customDB(t)
	// What the crawl stored, per term: the numbers every command must give.
	mentions, articles := map[string]int{}, map[string]int{}
	for _, d := range dbSeries(t, db) {
		if d.Source != "local" {
			t.Errorf("stored under source %q", d.Source)
		}
		mentions[d.Term] += d.Mentions
		articles[d.Term] += d.Articles
	}
	if mentions["nqpf"] != 6 || articles["nqpf"] != 3 || mentions["green"] != 3 || articles["green"] != 2 {
		t.Fatalf("the crawl stored %v mentions in %v articles; want nqpf 6 in 3, green 3 in 2", mentions, articles)
	}
	ok := func(args ...string) string {
		t.Helper()
		code, out, stderr := runTifa(t, "", append(args, "--db", db)...)
		if code != 0 {
			t.Fatalf("tifa %v: exit %d: %s", args, code, stderr)
		}
		return out
	}
	contains := func(what, out string, want ...string) {
		t.Helper()
		for _, w := range want {
			if !strings.Contains(out, w) {
				t.Errorf("%s: output lacks %q:\n%s", what, w, out)
			}
		}
	}

	// report, by id, label and source; the long CSV row by row.
	rows := csvRows(t, ok("report", "--csv", "--term", "nqpf,绿色低碳", "--source", "local"))
	for _, term := range []string{"nqpf", "green"} {
		if got := sum(t, rows, "mentions", "term", term); got != mentions[term] {
			t.Errorf("report --csv: %s has %d mentions, the crawl %d", term, got, mentions[term])
		}
	}
	contains("report --term 新质生产力", ok("report", "--term", "新质生产力", "--source", "本地网", "--by", "month"), "2024-05", "nqpf", "6")
	// export csv: the same numbers; wide, with the recorded labels.
	rows = csvRows(t, ok("export", "csv", "--term", "新质生产力"))
	if got := sum(t, rows, "mentions", "term", "nqpf"); got != 6 {
		t.Errorf("export csv: nqpf has %d mentions, want 6", got)
	}
	contains("export csv --shape wide", ok("export", "csv", "--shape", "wide", "--by", "month", "--measure", "mentions"), "nqpf 新质生产力", "green 绿色低碳", "2024-05,6,3")
	// top ranks both with the crawl's numbers.
	rows = csvRows(t, ok("top", "--csv", "--measure", "mentions"))
	if sum(t, rows, "mentions", "term", "nqpf") != 6 || sum(t, rows, "articles", "term", "nqpf") != 3 || sum(t, rows, "mentions", "term", "green") != 3 {
		t.Errorf("top --csv: %v; want nqpf 6 mentions in 3 articles, green 3", rows)
	}
	// compare: 2024-05-13 to 2024-05-20 holds articles 2 and 3, nqpf 3 times.
	contains("compare", ok("compare", "--from", "2024-05-13", "--to", "2024-05-20", "--measure", "mentions", "--term", "nqpf", "--source", "local"), "nqpf")
	rows = csvRows(t, ok("compare", "--csv", "--from", "2024-05-13", "--to", "2024-05-20", "--measure", "mentions", "--term", "新质生产力"))
	if len(rows) != 1 || !rowHas(rows[0], "3") {
		t.Errorf("compare --csv: %v; want one row for nqpf with 3 mentions", rows)
	}
	contains("rising", ok("rising", "--from", "2024-05-20", "--to", "2024-05-20", "--baseline-from", "2024-05-01", "--baseline-to", "2024-05-19", "--min-articles", "1"), "nqpf", "green")
	rows = csvRows(t, ok("first", "--csv", "--term", "nqpf"))
	if len(rows) != 1 || !rowHas(rows[0], "2024-05-10") || !rowHas(rows[0], "local") {
		t.Errorf("first --csv: %v; want local first on 2024-05-10", rows)
	}
	rows = csvRows(t, ok("cooccur", "--csv", "--term", "新质生产力"))
	if len(rows) != 1 || rows[0]["term"] != "green" || rows[0]["articles"] != "2" {
		t.Errorf("cooccur --csv: %v; want green in 2 of nqpf's articles", rows)
	}
	// snippets: one sentence per mention, with the page's URL.
	rows = csvRows(t, ok("snippets", "--csv", "--term", "新质生产力", "--limit", "0"))
	if len(rows) != 6 || !strings.Contains(rows[0]["url"], "://127.0.0.1:") || rows[0]["source"] != "local" {
		t.Errorf("snippets --csv: %d rows (want 6, one per mention) %v", len(rows), rows)
	}
	// export xlsx names the lexicon the counts came from.
	xlsx := filepath.Join(t.TempDir(), "custom.xlsx")
	ok("export", "xlsx", "--by", "month", "--term", "nqpf", "-o", xlsx)
	version := regexp.MustCompile(`lexicon version ([0-9a-f]{12})`).FindStringSubmatch(ok("terms", "list"))
	if version == nil {
		t.Fatalf("terms list names no lexicon version")
	}
	f, err := excelize.OpenFile(xlsx)
	if err != nil {
		t.Fatal(err)
	}
	about, _ := f.GetRows("About")
	f.Close()
	if !strings.Contains(fmt.Sprint(about), version[1]) {
		t.Errorf("xlsx About sheet %v lacks the lexicon version %s", about, version[1])
	}
	chart := filepath.Join(t.TempDir(), "nqpf.svg")
	ok("chart", "--term", "新质生产力", "--term", "green", "--by", "month", "-o", chart)
	if fi, err := os.Stat(chart); err != nil || fi.Size() < 1000 {
		t.Errorf("chart: %v", err)
	}
	// terms list and show: the recorded terms, labels and what is stored.
	contains("terms list", ok("terms", "list"), "nqpf", "新质生产力", "green", "2 terms; lexicon version "+version[1])
	contains("terms show", ok("terms", "show", "新质生产力"), "id:         nqpf", "label:      新质生产力", "stored:     6 mentions in 3 articles")
	// sources health: the database's own sources, not the embedded default's.
	health := ok("sources", "health")
	contains("sources health", health, "local", "no baseline yet")
	if strings.Contains(health, "xinhua") {
		t.Errorf("sources health lists the default configuration's sources:\n%s", health)
	}
	// serve: the dashboard's own queries name the term and the source.
	base, stop := startServe(t, "--db", db)
	defer stop()
	for path, want := range map[string][]string{
		"api/series?term=nqpf&by=month": {`"term":"nqpf","mentions":6,"articles":3`, `"name":"本地网"`},
		"?term=green":                   {"绿色低碳"},
	} {
		res, err := http.Get(base + path)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		contains("GET /"+path, fmt.Sprintf("%d %s", res.StatusCode, body), append([]string{"200 "}, want...)...)
	}
}

func rowHas(row map[string]string, v string) bool {
	for _, c := range row {
		if c == v {
			return true
		}
	}
	return false
}

// startServe runs tifa serve on a free loopback port until stop.
func startServe(t *testing.T, args ...string) (base string, stop func()) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	var out, errb syncBuffer
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, append([]string{"serve", "--addr", "127.0.0.1:0"}, args...), strings.NewReader(""), &out, &errb)
	}()
	addr := regexp.MustCompile(`http://127\.0\.0\.1:\d+/`)
	// Waits for the line serve prints once it listens; no timing is asserted.
	for deadline := time.Now().Add(20 * time.Second); base == "" && time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		base = addr.FindString(out.String())
		select {
		case code := <-done:
			cancel()
			t.Fatalf("serve: exit %d: %s", code, errb.String())
		default:
		}
	}
	if base == "" {
		cancel()
		t.Fatalf("serve printed no address: %q %q", out.String(), errb.String())
	}
	return base, func() {
		cancel()
		if code := <-done; code != 0 {
			t.Errorf("serve: exit %d: %s", code, errb.String())
		}
	}
}

// TestUnknownNames: a misspelt term or source gets the nearest ones.
func TestUnknownNames(t *testing.T) {
	db, _ := customDB(t)
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"report", "--term", "nqpf2"}, `unknown term "nqpf2"; did you mean nqpf (新质生产力)?`},
		{[]string{"snippets", "--term", "新质生产"}, `unknown term "新质生产"; did you mean nqpf (新质生产力)?`},
		{[]string{"report", "--source", "locl"}, `unknown source "locl"; did you mean local (本地网)?`},
		{[]string{"chart", "--term", "zzzz", "-o", "x.png"}, `unknown term "zzzz"; the terms in the database`},
		{[]string{"terms", "show", "Green"}, ""},
	} {
		code, _, stderr := runTifa(t, "", append(tt.args, "--db", db)...)
		if tt.want == "" {
			if code != 0 {
				t.Errorf("tifa %v: exit %d %s; want the term found case-insensitively", tt.args, code, stderr)
			}
			continue
		}
		if code != 2 || !strings.Contains(stderr, tt.want) {
			t.Errorf("tifa %v: exit %d, stderr %q; want 2 and %q", tt.args, code, stderr, tt.want)
		}
	}
}

// TestRetagCannotDestroy: retag without --config keeps the database's own
// lexicon; a lexicon lacking a counted term is refused until the term is
// named with --drop; --version brings the earlier counts back exactly.
func TestRetagCannotDestroy(t *testing.T) {
	db, cfg := customDB(t)
	crawled := dbSeries(t, db)

	// Without --config: the lexicon recorded in the database, not the
	// embedded default (which would take nqpf from 6 mentions to 0).
	code, out, stderr := runTifa(t, "", "retag", "--db", db)
	if code != 0 || !strings.Contains(out, "from "+cfg) || !strings.Contains(out, "nothing to recount") {
		t.Errorf("retag without --config: exit %d\n%s\n%s", code, out, stderr)
	}
	if got := dbSeries(t, db); !reflect.DeepEqual(got, crawled) {
		t.Fatalf("retag without --config changed the counts:\ngot  %+v\nwant %+v", got, crawled)
	}
	before := regexp.MustCompile(`lexicon ([0-9a-f]{12})`).FindStringSubmatch(out)[1]

	// A lexicon without nqpf: said, and refused.
	site := regexp.MustCompile(`http://127\.0\.0\.1:\d+`).FindString(readFile(t, cfg))
	next := localConfig(t, site, greenTerm+"  - id: tech\n    zh: [技术改造]\n")
	code, out, stderr = runTifa(t, "", "retag", "--db", db, "--config", next)
	for _, want := range []string{"removed:       nqpf (新质生产力): 6 mentions in 3 articles", "added:         tech (技术改造)", "to recount:    3 of 3 articles"} {
		if !strings.Contains(out, want) {
			t.Errorf("retag plan lacks %q:\n%s", want, out)
		}
	}
	if code != 1 || !strings.Contains(stderr, "refusing to recount") || !strings.Contains(stderr, "--drop nqpf") || !strings.Contains(stderr, "--version "+before) {
		t.Errorf("retag dropping nqpf: exit %d, stderr %q; want 1, a refusal naming --drop nqpf and --version %s", code, stderr, before)
	}
	if got := dbSeries(t, db); !reflect.DeepEqual(got, crawled) {
		t.Fatalf("a refused retag changed the counts:\ngot  %+v\nwant %+v", got, crawled)
	}
	if code, _, stderr := runTifa(t, "", "retag", "--db", db, "--config", next, "--drop", "green"); code != 2 || !strings.Contains(stderr, "keeps that term") {
		t.Errorf("--drop of a kept term: exit %d %q", code, stderr)
	}

	// Named, it goes: nqpf is no longer counted, tech is.
	code, out, stderr = runTifa(t, "", "retag", "--db", db, "--config", next, "--drop", "nqpf")
	if code != 0 || !strings.Contains(out, "retag: 3 articles") {
		t.Fatalf("retag --drop nqpf: exit %d\n%s\n%s", code, out, stderr)
	}
	dropped := dbSeries(t, db)
	terms := map[string]int{}
	for _, d := range dropped {
		terms[d.Term] += d.Mentions
	}
	if terms["nqpf"] != 0 || terms["green"] != 3 || terms["tech"] != 6 {
		t.Errorf("after --drop nqpf: %v; want no nqpf, green 3, tech 6", terms)
	}
	if _, out, _ := runTifa(t, "", "report", "--db", db, "--term", "tech"); strings.Contains(out, "Note:") {
		t.Errorf("report after a complete retag warns of mixed lexicons:\n%s", out)
	}
	if code, _, stderr := runTifa(t, "", "snippets", "--db", db, "--term", "新质生产力"); code != 2 || !strings.Contains(stderr, "tifa retag --version "+before) {
		t.Errorf("snippets of the dropped term: exit %d, stderr %q; want 2 and how to bring it back", code, stderr)
	}

	// Both versions are recorded; the earlier one comes back exactly.
	code, out, _ = runTifa(t, "", "terms", "versions", "--db", db)
	if code != 0 || !strings.Contains(out, before) || strings.Count(out, "\n") != 3 {
		t.Errorf("terms versions: exit %d, want two versions, %s among them:\n%s", code, before, out)
	}
	code, out, stderr = runTifa(t, "", "retag", "--db", db, "--version", before[:6], "--drop", "tech")
	if code != 0 || !strings.Contains(out, "retag: 3 articles") {
		t.Fatalf("retag --version %s: exit %d\n%s\n%s", before, code, out, stderr)
	}
	if got := dbSeries(t, db); !reflect.DeepEqual(got, crawled) {
		t.Errorf("retag --version did not restore the crawl's counts:\ngot  %+v\nwant %+v", got, crawled)
	}
	if code, out, _ := runTifa(t, "", "report", "--db", db, "--term", "nqpf", "--by", "month"); code != 0 || !strings.Contains(out, "6") || strings.Contains(out, "Note:") {
		t.Errorf("report after --version: exit %d\n%s", code, out)
	}
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestRetagResumes: a retag stopped after it recorded its lexicon, before
// it recounted everything, leaves the report warning; tifa retag without
// --config finishes it with the lexicon it recorded.
func TestRetagResumes(t *testing.T) {
	db, cfg := customDB(t)
	site := regexp.MustCompile(`http://127\.0\.0\.1:\d+`).FindString(readFile(t, cfg))
	next, err := config.Parse(strings.NewReader(readFile(t, localConfig(t, site, greenTerm+"  - id: tech\n    zh: [技术改造]\n"))), "next.yaml")
	if err != nil {
		t.Fatal(err)
	}
	// What an interrupted tifa retag --config next.yaml --drop nqpf leaves
	// before its first batch: the lexicon recorded, no article recounted.
	sdb, err := sqlite.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	err = sdb.RecordLexicon(context.Background(), ingest.LexiconOf(next), time.Now())
	sdb.Close()
	if err != nil {
		t.Fatal(err)
	}
	if out := mustRun(t, "report", "--db", db, "--term", "green"); !strings.Contains(out, "Note: 3 articles were counted with another lexicon than the database's current lexicon, from next.yaml") {
		t.Errorf("report while the retag is unfinished: want a note\n%s", out)
	}
	code, out, stderr := runTifa(t, "", "retag", "--db", db, "--drop", "nqpf")
	if code != 0 || !strings.Contains(out, "retag: lexicon "+ingest.LexiconOf(next).Version+" (2 terms, from next.yaml)") || !strings.Contains(out, "retag: 3 articles") {
		t.Fatalf("retag resumed: exit %d\n%s\n%s", code, out, stderr)
	}
	terms := map[string]int{}
	for _, d := range dbSeries(t, db) {
		terms[d.Term] += d.Mentions
	}
	if !reflect.DeepEqual(terms, map[string]int{"green": 3, "tech": 6}) {
		t.Errorf("after the resumed retag: %v; want green 3, tech 6", terms)
	}
}

// TestCrawlWarnsOfLostTerms: a crawl whose configuration lacks a term the
// database counts says so, rather than quietly stop counting it.
func TestCrawlWarnsOfLostTerms(t *testing.T) {
	db, cfg := customDB(t)
	site := regexp.MustCompile(`http://127\.0\.0\.1:\d+`).FindString(readFile(t, cfg))
	next := localConfig(t, site, greenTerm)
	_, out, stderr := runTifa(t, "", "crawl", "--config", next, "--db", db)
	if !strings.Contains(stderr, "has no term nqpf, which "+db+" holds counts of") {
		t.Errorf("crawl with a lexicon lacking nqpf: no warning\n%s\n%s", out, stderr)
	}
}
