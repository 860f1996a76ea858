// Package health tells the operator when a source breaks silently: fewer
// links than usual, pages that no longer extract, a template that changed
// under its rule, a charset flip, a host move, robots.txt in the way. It
// compares a crawl's summary with the runs before it.
package health

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"github.com/tifa-project/tifa"
)

// History is how many earlier runs a check compares with.
const History = 14

// Finding is one reason a source is unhealthy.
type Finding struct {
	Source string `json:"source"`
	Kind   string `json:"kind"` // failed, volume, empty, template, body, charset, host, robots, errors
	Msg    string `json:"msg"`
}

func (f Finding) String() string { return f.Source + ": " + f.Kind + ": " + f.Msg }

// Check compares latest with the runs before it (newest first).
func Check(latest tifa.Summary, before []tifa.Summary) []Finding {
	var out []Finding
	add := func(kind, format string, args ...any) {
		out = append(out, Finding{Source: latest.Source, Kind: kind, Msg: fmt.Sprintf(format, args...)})
	}
	if latest.Failed {
		add("failed", "%s", latest.Reason)
	}
	if nothingMatched(latest) {
		runs := 1
		for _, b := range before {
			if !nothingMatched(b) {
				break
			}
			runs++
		}
		inARow := "on its first run"
		if len(before) > 0 {
			inARow = "in the last run"
		}
		if runs > 1 {
			inARow = fmt.Sprintf("in %d runs in a row", runs)
		}
		add("nolinks", "%d listing pages answered with %d links, and none matched the article patterns %s %s; links seen: %s "+
			"(try `tifa sources test %s`)",
			latest.Listed, latest.Links, strings.Join(latest.Patterns, " "), inARow, strings.Join(latest.Unmatched, " "), latest.Source)
	}
	// A crawl that only fetched what another worker's reading of the
	// listings queued says nothing about the listings: their checks read
	// the runs that read them.
	listing := readListings(before)
	if med := median(listing, func(s tifa.Summary) int { return s.LinksSeen }); latest.ListingsBy == "" && len(listing) >= 3 && med >= 4 && latest.LinksSeen*4 < med {
		add("volume", "%d article links found, under a quarter of the usual %d (median of the last %d runs): has the listing page changed?",
			latest.LinksSeen, med, len(listing))
	}
	articles := sum(latest.Methods)
	if latest.Empty > 0 && latest.Empty*5 >= latest.Empty+articles {
		add("empty", "%d of %d article pages gave no text: the extraction rule may no longer fit", latest.Empty, latest.Empty+articles)
	}
	if rule := dominant(before, func(s tifa.Summary) map[string]int { return s.Methods }); rule != "" && rule != "generic" &&
		articles > 0 && latest.Methods["generic"]*2 > articles {
		add("template", "%d of %d articles fell back to generic extraction where rule %s used to fit: the template has changed",
			latest.Methods["generic"], articles, rule)
	}
	if med := median(before, func(s tifa.Summary) int { return s.MedianBody }); med > 0 && latest.MedianBody > 0 && latest.MedianBody*2 < med {
		add("body", "median body %d characters, under half the usual %d: extraction may be picking the wrong block", latest.MedianBody, med)
	}
	if was, now := dominant(before, func(s tifa.Summary) map[string]int { return s.Charsets }), top(latest.Charsets); was != "" && now != "" && was != now {
		add("charset", "pages now decode as %s, before as %s: check for mojibake", now, was)
	}
	if moved := sum(latest.MovedLinks); latest.ListingsBy == "" && moved > 0 && moved >= latest.LinksSeen {
		add("host", "%d article-shaped links point to %s, a host the source does not list: add it to hosts (and aliases)",
			moved, strings.Join(keys(latest.MovedLinks), ", "))
	}
	if latest.Blocked > 0 && latest.Blocked*2 >= latest.Blocked+latest.LinksSeen {
		add("robots", "robots.txt blocks %d of the source's pages", latest.Blocked)
	}
	requests := latest.Fetched + latest.NotModified + latest.Errors
	if latest.Errors > 0 && latest.Errors*2 > requests {
		add("errors", "%d of %d requests failed (%s)", latest.Errors, requests, kinds(latest.ErrorKinds))
	}
	return out
}

// readListings keeps the runs that read the listings themselves.
func readListings(runs []tifa.Summary) []tifa.Summary {
	var out []tifa.Summary
	for _, s := range runs {
		if s.ListingsBy == "" {
			out = append(out, s)
		}
	}
	return out
}

// nothingMatched is a run whose listings answered but gave no article link:
// the patterns fit nothing on the site, whatever else the run says.
func nothingMatched(s tifa.Summary) bool { return !s.Failed && s.Listed > 0 && s.LinksSeen == 0 }

// Source checks the last crawl of source in db against the runs before it.
func Source(ctx context.Context, db Runs, source string) ([]Finding, *tifa.Summary, error) {
	findings, last, _, err := check(ctx, db, source)
	return findings, last, err
}

func check(ctx context.Context, db Runs, source string) ([]Finding, *tifa.Summary, int, error) {
	runs, err := db.Runs(ctx, source, History+1)
	if err != nil {
		return nil, nil, 0, err
	}
	if len(runs) == 0 {
		return nil, nil, 0, nil
	}
	var sums []tifa.Summary
	for _, r := range runs {
		var s tifa.Summary
		if err := json.Unmarshal(r.Summary, &s); err != nil {
			return nil, nil, 0, fmt.Errorf("run %d of %s: %w", r.ID, source, err)
		}
		sums = append(sums, s)
	}
	return Check(sums[0], sums[1:]), &sums[0], len(runs), nil
}

func median(runs []tifa.Summary, f func(tifa.Summary) int) int {
	if len(runs) == 0 {
		return 0
	}
	v := make([]int, len(runs))
	for i, r := range runs {
		v[i] = f(r)
	}
	sort.Ints(v)
	return v[len(v)/2]
}

// dominant is the key with the largest total over the runs.
func dominant(runs []tifa.Summary, f func(tifa.Summary) map[string]int) string {
	total := map[string]int{}
	for _, r := range runs {
		for k, n := range f(r) {
			total[k] += n
		}
	}
	return top(total)
}

func top(m map[string]int) string {
	best, n := "", 0
	for _, k := range keys(m) {
		if m[k] > n {
			best, n = k, m[k]
		}
	}
	return best
}

func sum(m map[string]int) int {
	n := 0
	for _, v := range m {
		n += v
	}
	return n
}

func keys(m map[string]int) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func kinds(m map[string]int) string {
	var parts []string
	for _, k := range keys(m) {
		parts = append(parts, fmt.Sprintf("%s=%d", k, m[k]))
	}
	return strings.Join(parts, " ")
}
