package storetest

import (
	"context"
	"maps"
	"strings"
	"testing"

	"github.com/tifa-project/tifa"
)

// retagged is one article of the retag cases: its counts under the old
// lexicon and under the new one, which adds a form to one term (so one
// article counts sw more often) and a term another article mentions.
type retagged struct {
	url, day string
	v1, v2   []tifa.Count
}

func retagArticles() []retagged {
	nested := func(c []tifa.Count, i, n int) []tifa.Count { c[i].Nested = n; return c }
	return []retagged{
		{"https://www.news.cn/r/1.html", "2026-11-20", counts(termNQ, 2, termSW, 1), counts(termNQ, 2, termSW, 1)},
		{"https://www.news.cn/r/2.html", "2026-11-20", nested(counts(termNQ, 1, termSW, 2), 1, 1), nested(counts(termNQ, 1, termSW, 3), 1, 1)},
		{"https://www.news.cn/r/3.html", "2026-11-21", counts(termSW, 1), counts(termGDP, 1, termSW, 1)},
		{"https://www.news.cn/r/4.html", "2026-11-21", counts(termNQ, 4), counts(termNQ, 4)},
	}
}

// ofSource keeps the lines of a termDays or sourceDays rendering that
// are of src, with src renamed to "S" so two sources compare.
func ofSource(rendered, src string) string {
	var out []string
	for _, l := range strings.Fields(rendered) {
		parts := strings.Split(l, "/")
		for i, p := range parts[:len(parts)-1] { // the last is the day and its figures
			if p == src {
				parts[i] = "S"
				out = append(out, strings.Join(parts, "/"))
			}
		}
	}
	return strings.Join(out, " ")
}

var retagCases = []Case{
	{"retag/a reader ahead of the saved place", func(t *testing.T, e Engine) {
		// ingest.Retag reads the next batch while the one before is
		// written: the reader's place, not yet saved, decides, and the
		// saved place still does when it is further.
		ctx := context.Background()
		for _, r := range retagArticles() {
			save(t, e, article(r.url, r.day, body(10)), r.v1, lexV1, tifa.Inserted)
		}
		job := tifa.RetagJob{Version: lexV2}
		all, err := e.RetagAfter(ctx, job, 0, 10)
		if err != nil || len(all) != 4 {
			t.Fatalf("retag after 0: %d, %v; want all 4", len(all), err)
		}
		ahead, err := e.RetagAfter(ctx, job, all[1].ID, 10)
		if err != nil || len(ahead) != 2 || ahead[0].ID != all[2].ID {
			t.Fatalf("retag after the 2nd: %v, %v; want the 3rd and 4th", ahead, err)
		}
		var batch []tifa.Retagged
		for _, s := range all[:3] {
			batch = append(batch, tifa.Retagged{Stored: s})
		}
		if err := e.RetagApply(ctx, job, batch); err != nil {
			t.Fatal(err)
		}
		if left, err := e.RetagAfter(ctx, job, all[0].ID, 10); err != nil || len(left) != 1 || left[0].ID != all[3].ID {
			t.Errorf("after 3 written, reading after the 1st: %v, %v; want only the 4th (the saved place is further)", left, err)
		}
	}},
	{"retag/one changed form gives the counts of a fresh tag", func(t *testing.T, e Engine) {
		ctx := context.Background()
		// The same articles twice: under source, tagged with v1 and then
		// retagged to v2; under "fresh", tagged with v2 at once.
		v2 := map[int64][]tifa.Count{}
		for _, r := range retagArticles() {
			a := article(r.url, r.day, body(10))
			save(t, e, a, r.v1, lexV1, tifa.Inserted)
			v2[a.ID] = r.v2
			fresh := article(strings.Replace(r.url, "/r/", "/fresh/", 1), r.day, body(10))
			fresh.Source = "fresh"
			save(t, e, fresh, r.v2, lexV2, tifa.Inserted)
		}
		job := tifa.RetagJob{Version: lexV2}
		todo, err := e.RetagNext(ctx, job, 10)
		if err != nil || len(todo) != 4 {
			t.Fatalf("retag next: %d, %v; want the 4 articles tagged with v1", len(todo), err)
		}
		var batch []tifa.Retagged
		for _, s := range todo {
			batch = append(batch, tifa.Retagged{Stored: s, Counts: v2[s.ID]})
		}
		if err := e.RetagApply(ctx, job, batch); err != nil {
			t.Fatal(err)
		}
		terms, sources := termDays(t, e), sourceDays(t, e)
		if !strings.Contains(ofSource(terms, "fresh"), "gdp/S/2026-11-21=1:0:1") {
			t.Fatalf("term days %s: the fresh articles' are missing", terms)
		}
		if got, want := ofSource(terms, source), ofSource(terms, "fresh"); got != want {
			t.Errorf("term days after the retag:\n got %s\nwant %s (as a fresh tag)", got, want)
		}
		if got, want := ofSource(sources, source), ofSource(sources, "fresh"); got != want {
			t.Errorf("source days after the retag:\n got %s\nwant %s (as a fresh tag)", got, want)
		}
		for _, r := range retagArticles() {
			got, err1 := e.Mentions(ctx, r.url)
			want, err2 := e.Mentions(ctx, strings.Replace(r.url, "/r/", "/fresh/", 1))
			if err1 != nil || err2 != nil || !maps.Equal(got, want) {
				t.Errorf("%s: mentions %v (%v), want %v (%v) as a fresh tag", r.url, got, err1, want, err2)
			}
		}
		if left, err := e.RetagNext(ctx, job, 10); len(left) != 0 || err != nil {
			t.Errorf("after the retag %d left, %v; want none", len(left), err)
		}
	}},
	{"retag/a failed batch leaves no trace", func(t *testing.T, e Engine) {
		ctx := context.Background()
		for _, r := range retagArticles() {
			save(t, e, article(r.url, r.day, body(10)), r.v1, lexV1, tifa.Inserted)
		}
		terms, sources := termDays(t, e), sourceDays(t, e)
		job := tifa.RetagJob{Version: lexV2}
		todo, err := e.RetagNext(ctx, job, 10)
		if err != nil || len(todo) != 4 {
			t.Fatalf("retag next: %d, %v; want 4", len(todo), err)
		}
		var batch []tifa.Retagged
		for _, s := range todo {
			batch = append(batch, tifa.Retagged{Stored: s, Counts: counts(termGDP, 5)})
		}
		// An article deleted since it was read: its mentions have no
		// article to belong to, and the whole batch must fail with it.
		gone := todo[len(todo)-1]
		gone.ID += 1000
		batch = append(batch, tifa.Retagged{Stored: gone, Counts: counts(termGDP, 5)})
		if err := e.RetagApply(ctx, job, batch); err == nil {
			t.Fatal("a batch with mentions of a missing article applied; want an error")
		}
		if got := termDays(t, e); got != terms {
			t.Errorf("term days after a failed batch:\n got %s\nwant %s", got, terms)
		}
		if got := sourceDays(t, e); got != sources {
			t.Errorf("source days after a failed batch:\n got %s\nwant %s", got, sources)
		}
		for _, r := range retagArticles() {
			if got, err := e.Mentions(ctx, r.url); err != nil || got[termGDP] != 0 {
				t.Errorf("%s: mentions %v, %v after a failed batch; want no gdp", r.url, got, err)
			}
		}
		if again, err := e.RetagNext(ctx, job, 10); len(again) != 4 || err != nil {
			t.Errorf("after a failed batch %d to do, %v; want the 4 again (no progress recorded)", len(again), err)
		}
	}},
}
