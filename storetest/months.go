package storetest

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/tifa-project/tifa"
)

// byDays ranks terms as MostMentioned must: their mentions in f's days
// summed from TermDays, most first, ties by id, none at zero.
func byDays(t *testing.T, e Engine, f tifa.Filter, limit int) []string {
	t.Helper()
	rows, err := e.TermDays(context.Background(), tifa.Filter{Terms: f.Terms, Sources: f.Sources, From: f.From, To: f.To})
	if err != nil {
		t.Fatalf("term days: %v", err)
	}
	sum := map[string]int{}
	for _, r := range rows {
		sum[r.Term] += r.Mentions
	}
	var out []string
	for term, n := range sum {
		if n > 0 {
			out = append(out, term)
		}
	}
	slices.SortFunc(out, func(a, b string) int { return cmp.Or(cmp.Compare(sum[b], sum[a]), cmp.Compare(a, b)) })
	return out[:min(limit, len(out))]
}

var monthCases = []Case{
	{"aggregates/ranking over whole months and their ends is the days' sum, through updates, moves and retags", func(t *testing.T, e Engine) {
		ctx := context.Background()
		start := time.Date(2024, 1, 20, 0, 0, 0, 0, time.UTC)
		url := func(i int) string { return fmt.Sprintf("https://www.news.cn/m/%d.html", i) }
		// Term tN peaks around day 12N, so each range ranks them differently.
		countsOn := func(i, shift int) []tifa.Count {
			var out []tifa.Count
			for n := range 8 {
				if d := i%100 - 12*n + shift; d > -12 && d < 12 {
					out = append(out, counts(fmt.Sprintf("t%d", n), 12-max(d, -d))...)
				}
			}
			return out
		}
		for i := range 200 {
			a := article(url(i), start.AddDate(0, 0, i%100).Format(tifa.DayLayout), body(20))
			a.Source = []string{"xinhua", "people"}[i%2]
			save(t, e, a, countsOn(i, 0), lexV1, tifa.Inserted)
		}
		// Re-crawled: new counts on the same day, a day moved across a
		// month's end, an article whose terms are all gone.
		for i := 0; i < 200; i += 7 {
			day := start.AddDate(0, 0, i%100)
			if i%3 == 0 {
				day = day.AddDate(0, 0, 20)
			}
			a := article(url(i), day.Format(tifa.DayLayout), body(21))
			a.Source = []string{"xinhua", "people"}[i%2]
			c := countsOn(i, 5)
			if i%5 == 0 {
				c = nil
			}
			save(t, e, a, c, lexV1, tifa.Updated)
		}
		// A retag changes counts the way retag does, not through a save.
		j := tifa.RetagJob{Version: lexV2, Terms: []string{"t2", "t3"}}
		for {
			batch, err := e.RetagNext(ctx, j, 50)
			if err != nil {
				t.Fatal(err)
			}
			if len(batch) == 0 {
				break
			}
			var done []tifa.Retagged
			for k, s := range batch {
				done = append(done, tifa.Retagged{Stored: s, Counts: counts("t3", 1+k%4)})
			}
			if err := e.RetagApply(ctx, j, done); err != nil {
				t.Fatal(err)
			}
		}
		for _, f := range []tifa.Filter{{}, {From: "2024-02-01", To: "2024-03-31"}, {From: "2024-01-25", To: "2024-04-10"},
			{From: "2024-02-15"}, {To: "2024-03-02"}, {From: "2024-03-09", To: "2024-03-09"}, {From: "2024-02-10", To: "2024-03-05"},
			{From: "2024-02-01", To: "2024-04-30", Sources: []string{"people"}}, {From: "2024-02-11", To: "2024-04-30", Terms: []string{"t3", "t5", "t6"}}} {
			want := byDays(t, e, f, 5)
			if len(want) == 0 {
				t.Fatalf("%+v: the case's data mentions nothing there", f)
			}
			got, err := e.MostMentioned(ctx, f, 5)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(got, want) {
				t.Errorf("MostMentioned %+v = %v; the days sum to %v", f, got, want)
			}
		}
	}},
}
