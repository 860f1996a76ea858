package dashboard

import (
	"bytes"
	"context"
	"fmt"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/tifa-project/tifa"
	"github.com/tifa-project/tifa/report"
)

// chromiumPath is Debian's chromium package; .ci/run installs it.
const chromiumPath = "/usr/bin/chromium"

// browser starts a headless Chromium for one test. Without it the test is
// skipped on a laptop, but fails under CI=true: CI must not pass by
// silently testing nothing.
func browser(t *testing.T) context.Context {
	t.Helper()
	if _, err := exec.LookPath(chromiumPath); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("chromium not found at %s (CI=true, so this is a failure, not a skip): %v", chromiumPath, err)
		}
		t.Skipf("chromium not found at %s: apt-get install chromium to run the browser test", chromiumPath)
	}
	// The background-networking flags matter here: without them Chromium
	// reaches for Google's services and the sandboxed network refuses it.
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(chromiumPath),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1200, 900),
		chromedp.Flag("headless", true),
		chromedp.Flag("no-sandbox", true),
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("no-default-browser-check", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	t.Cleanup(cancel)
	ctx, cancelAlloc := chromedp.NewExecAllocator(ctx, opts...)
	t.Cleanup(cancelAlloc)
	ctx, cancelTab := chromedp.NewContext(ctx)
	t.Cleanup(cancelTab)
	return ctx
}

// chartPoint is what the page's SVG says about one point.
type chartPoint struct {
	Term, Period              string
	Mentions, Articles, Total int
}

// TestBrowser loads the first view in a real Chromium and checks it tells
// a story (the most mentioned terms over the whole stored range, ISO day
// inputs), then picks a term by typing into the picker, reads the chart's
// points from the DOM and compares them with report.Build, fetches the CSV
// download the page links and compares it with tifa export's, and saves
// screenshots of both views.
func TestBrowser(t *testing.T) {
	ctx := browser(t)
	s, db, _ := fixture(t)
	srv := httptest.NewServer(s) // loopback
	t.Cleanup(srv.Close)

	err := chromedp.Do(ctx,
		chromedp.Navigate(srv.URL+"/"),
		chromedp.WaitVisible(chromedp.CSS(`#term-chips .chip`)),
	)
	if err != nil {
		t.Fatalf("browser: %v", err)
	}
	type firstView struct {
		Chips, Charted       []string
		From, To, FromType   string
		Circles, ListedTerms int
	}
	got, err := chromedp.Run(ctx, chromedp.Evaluate[firstView](`({
		Chips: Array.from(document.querySelectorAll("#term-chips .chip")).map(c => c.dataset.term),
		Charted: Array.from(new Set(Array.from(document.querySelectorAll("#chart circle")).map(c => c.dataset.term))),
		From: document.getElementById("from").value, To: document.getElementById("to").value,
		FromType: document.getElementById("from").type,
		Circles: document.querySelectorAll("#chart circle").length,
		ListedTerms: document.querySelectorAll("#term-list input[type=checkbox]").length})`))
	if err != nil {
		t.Fatalf("read first view: %v", err)
	}
	defaults := []string{"new-quality-productive-forces", "high-quality-development", "high-level-opening-up"}
	if fmt.Sprint(got.Chips) != fmt.Sprint(defaults) || fmt.Sprint(got.Charted) != fmt.Sprint(defaults) {
		t.Errorf("first view: chips %v, charted %v; want the most mentioned terms %v", got.Chips, got.Charted, defaults)
	}
	if got.From != "2024-01-10" || got.To != "2024-05-21" || got.FromType != "text" {
		t.Errorf("first view range: %s (%s input) to %s; want the stored range 2024-01-10 to 2024-05-21 in text inputs", got.From, got.FromType, got.To)
	}
	shot, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatalf("screenshot: %v", err)
	}
	saveScreenshot(t, "dashboard-first.png", shot)

	const term = "high-quality-development"
	err = chromedp.Do(ctx,
		chromedp.Navigate(srv.URL+"/?from=2024-01-01&to=2024-05-31&by=month"),
		chromedp.WaitVisible(chromedp.CSS(`#term-chips .chip`)),
	)
	if err != nil {
		t.Fatalf("browser: %v", err)
	}
	// Remove every chip, then type part of the label and press Enter.
	for range defaults {
		if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`#term-chips .chip button`), chromedp.NodeVisible)); err != nil {
			t.Fatalf("remove a chip: %v", err)
		}
	}
	err = chromedp.Do(ctx,
		chromedp.WaitNotPresent(chromedp.CSS(`#term-chips .chip`)),
		chromedp.SendKeys(chromedp.ID("term-filter"), "高质量"),
	)
	if err != nil {
		t.Fatalf("type into the picker: %v", err)
	}
	shown, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`Array.from(document.querySelectorAll("#term-list label")).filter(l => !l.hidden).map(l => l.querySelector("input").value)`))
	if err != nil || fmt.Sprint(shown) != "["+term+"]" {
		t.Errorf("picker filtered by 高质量: %v (%v), want [%s]", shown, err, term)
	}
	// Enter picks the match and stays on the page. A submit here would load
	// the page twice (Enter's, then Show's), and the reads below would race
	// the second load: the flag is false on this page, unset on a new one.
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`window.tifaSubmitted = false; document.getElementById("filters").addEventListener("submit", () => { window.tifaSubmitted = true }); false`)); err != nil {
		t.Fatalf("watch the form: %v", err)
	}
	err = chromedp.Do(ctx,
		chromedp.SendKeys(chromedp.ID("term-filter"), kb.Enter),
		chromedp.WaitVisible(chromedp.CSS(fmt.Sprintf(`#term-chips .chip[data-term=%q]`, term))),
	)
	if err != nil {
		t.Fatalf("press Enter in the picker: %v", err)
	}
	if stayed, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`window.tifaSubmitted === false`)); err != nil || !stayed {
		t.Fatalf("Enter in the picker submitted the form (stayed on the page: %v, %v); it should only pick the match", stayed, err)
	}
	err = chromedp.Do(ctx,
		chromedp.Click(chromedp.ID("show")),
		chromedp.WaitVisible(chromedp.CSS(fmt.Sprintf(`#chart[data-terms=%q]`, term))),
		chromedp.WaitVisible(chromedp.CSS(`#snippets-section[data-loaded="true"]`)),
	)
	if err != nil {
		t.Fatalf("browser: %v", err)
	}
	points, err := chromedp.Run(ctx, chromedp.Evaluate[[]chartPoint](`Array.from(document.querySelectorAll("#chart circle")).map(c => ({
		Term: c.dataset.term, Period: c.dataset.period,
		Mentions: +c.dataset.mentions, Articles: +c.dataset.articles, Total: +c.dataset.total}))`))
	if err != nil {
		t.Fatalf("read chart: %v", err)
	}
	// The link as the browser resolves it, fetched by the browser: what a
	// click on "CSV" downloads.
	csvHref, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.getElementById("download-csv").getAttribute("href")`))
	if err != nil {
		t.Fatalf("read download link: %v", err)
	}
	csvBody, err := chromedp.Run(ctx, chromedp.Evaluate[string](`fetch(document.getElementById("download-csv").href).then(r => r.text())`, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("download CSV: %v", err)
	}
	// The Two Sessions mark and the front-page row, waited for (a page
	// still loading would read as missing), then read.
	err = chromedp.Do(ctx,
		chromedp.WaitVisible(chromedp.CSS(`#chart g.event[data-event="two-sessions-2024"] text`)),
		chromedp.WaitVisible(chromedp.CSS(fmt.Sprintf(`#front-page td[data-term=%q]`, term))),
	)
	if err != nil {
		t.Fatalf("event mark or front-page row: %v", err)
	}
	type marks struct {
		Event, Front string
		Left, Mid    float64 // the mark's x, and March's x
	}
	m, err := chromedp.Run(ctx, chromedp.Evaluate[marks](fmt.Sprintf(`({
		Event: document.querySelector('#chart g.event[data-event="two-sessions-2024"] text').textContent,
		Front: document.querySelector('#front-page td[data-term=%q]').textContent.trim(),
		Left: +document.querySelector('#chart g.event[data-event="two-sessions-2024"] line').getAttribute("x1"),
		Mid: +document.querySelectorAll("#chart text.tick")[7].getAttribute("x")})`, term)))
	if err != nil {
		t.Fatalf("read event mark and front-page row: %v", err)
	}
	if m.Event != "全国两会" || m.Front != "16.7% of mentions (1 of 6)" {
		t.Errorf("got event label %q and front-page cell %q; want 全国两会 and 16.7%% of mentions (1 of 6)", m.Event, m.Front)
	}
	if m.Left != m.Mid {
		t.Errorf("Two Sessions mark at x=%v, want March's at x=%v", m.Left, m.Mid)
	}
	snippetsDone, err := chromedp.Run(ctx, chromedp.Text(chromedp.ID("snippets-status")))
	if err != nil {
		t.Fatalf("read snippets: %v", err)
	}
	if shot, err = chromedp.Run(ctx, chromedp.FullScreenshot(100)); err != nil {
		t.Fatalf("screenshot: %v", err)
	}
	saveScreenshot(t, "dashboard.png", shot)

	q := report.Query{By: report.Month, Filter: tifa.Filter{Terms: []string{term}, From: "2024-01-01", To: "2024-05-31"}}
	merged := q
	merged.Merged = true
	ser, err := report.Build(context.Background(), db, merged)
	if err != nil {
		t.Fatal(err)
	}
	if len(points) != len(ser.Cells) {
		t.Fatalf("got %d chart points %+v, want %d (one per month with stored articles)", len(points), points, len(ser.Cells))
	}
	for i, c := range ser.Cells {
		want := chartPoint{Term: c.Term, Period: c.Period, Mentions: c.Mentions, Articles: c.Articles, Total: c.Total}
		if points[i] != want {
			t.Errorf("chart point %d: got %+v, want %+v", i, points[i], want)
		}
	}

	wantHref := "/download.csv?by=month&from=2024-01-01&measure=share&term=" + term + "&to=2024-05-31"
	if csvHref != wantHref {
		t.Errorf("CSV link: got %q, want %q", csvHref, wantHref)
	}
	full, err := report.Build(context.Background(), db, q)
	if err != nil {
		t.Fatal(err)
	}
	var want bytes.Buffer
	if err := report.WriteCSV(&want, full); err != nil {
		t.Fatal(err)
	}
	// fetch decodes UTF-8 and drops the byte-order mark.
	if wantText := string(bytes.TrimPrefix(want.Bytes(), []byte("\ufeff"))); csvBody != wantText {
		t.Errorf("downloaded CSV:\n%s\nwant (tifa export csv):\n%s", csvBody, wantText)
	}
	snips, err := report.Snippets(context.Background(), db, q, term, 20)
	if err != nil {
		t.Fatal(err)
	}
	if want := strconv.Itoa(len(snips)) + " sentences."; snippetsDone != want {
		t.Errorf("snippets: got status %q, want %q", snippetsDone, want)
	}
}

// saveScreenshot keeps the page as a PNG where TIFA_ARTIFACTS says (CI
// prints the directory), else in the test's temporary directory.
func saveScreenshot(t *testing.T, name string, png []byte) {
	t.Helper()
	dir := os.Getenv("TIFA_ARTIFACTS")
	if dir == "" {
		dir = t.TempDir()
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, png, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot: %s", path)
}
