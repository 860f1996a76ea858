package trend_test

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tifa-project/tifa"
	"github.com/tifa-project/tifa/sqlite"
	"github.com/tifa-project/tifa/trend"
)

// saveDays stores CONSTRUCTED articles: for each day from..to, perDay
// articles in src, article i mentioning the terms uses(day, i) returns.
func saveDays(t *testing.T, db *sqlite.DB, src string, from, to string, perDay int, uses func(day string, i int) []string) {
	t.Helper()
	d0, _ := time.ParseInLocation(time.DateOnly, from, tifa.China)
	d1, _ := time.ParseInLocation(time.DateOnly, to, tifa.China)
	var batch []tifa.Saved
	for d := d0; !d.After(d1); d = d.AddDate(0, 0, 1) {
		day := d.Format(time.DateOnly)
		for i := range perDay {
			title := fmt.Sprintf("%s %s 第%d篇", src, day, i)
			body := "会议研究部署近期工作。"
			var counts []tifa.Count
			for _, term := range uses(day, i) {
				sentence := "会议强调要坚持" + term + "。"
				start := len(tifa.TaggedText(title, body)) + len("会议强调要坚持")
				body += sentence
				counts = append(counts, tifa.Count{Term: term, Count: 1, Spans: []tifa.Span{{Start: start, End: start + len(term)}}})
			}
			a := &tifa.Article{URL: fmt.Sprintf("http://%s.example.test/%s/%d", src, day, i), Source: src, Title: title,
				Published: d.Add(9 * time.Hour), PublishedSource: "page", Body: body, Lang: "zh", Charset: "utf-8", Method: "constructed", FetchedAt: d}
			batch = append(batch, tifa.Saved{Article: a, Counts: counts})
		}
	}
	if err := db.SaveArticles(context.Background(), batch, "test"); err != nil {
		t.Fatal(err)
	}
}

func TestFadingConstructed(t *testing.T) {
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "fading.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	// Baseline 2024-01-01..2024-06-16 (168 days), window 2024-06-17..2024-07-14.
	const cut = "2024-06-17"
	saveDays(t, db, "xinhua", "2024-01-01", "2024-07-14", 2, func(day string, i int) []string {
		var u []string
		if day < cut && i == 0 {
			u = append(u, "旧提法") // every day, then never
		}
		if i == 1 {
			u = append(u, "稳定提法") // every day throughout
		}
		if i == 0 && (day < cut || strings.HasSuffix(day, "-01") || strings.HasSuffix(day, "-10")) {
			u = append(u, "渐弱提法") // every day, then twice in the window
		}
		return u
	})
	saveDays(t, db, "people", "2024-01-01", "2024-07-14", 2, func(day string, i int) []string {
		if day >= "2024-02-05" && day <= "2024-02-07" {
			return []string{"一时提法"} // one burst, then gone: not steady
		}
		return nil
	})
	// gmw stops storing at the cut: a crawl gap, not a fade.
	saveDays(t, db, "gmw", "2024-01-01", "2024-06-16", 2, func(string, int) []string { return []string{"旧提法"} })

	fades, err := trend.Find(ctx, db, trend.Fading{})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]trend.Fade{}
	var keys []string
	for _, f := range fades {
		k := f.Term + "@" + f.Source
		got[k] = f
		keys = append(keys, k+":"+f.Kind)
	}
	want := map[string]string{"旧提法@xinhua": trend.Vanished, "渐弱提法@xinhua": trend.Fallen, "渐弱提法@": trend.Fallen, "旧提法@": trend.Vanished}
	for k, kind := range want {
		if got[k].Kind != kind {
			t.Errorf("%s: got %q, want %s (all: %v)", k, got[k].Kind, kind, keys)
		}
	}
	if len(fades) != len(want) {
		t.Errorf("got %v, want only %v", keys, want)
	}
	v := got["旧提法@xinhua"]
	if v.From != "2024-06-17" || v.To != "2024-07-14" || v.BaseFrom != "2024-01-01" || v.BaseTo != "2024-06-16" {
		t.Errorf("windows %s..%s against %s..%s, want 2024-06-17..2024-07-14 against 2024-01-01..2024-06-16", v.From, v.To, v.BaseFrom, v.BaseTo)
	}
	if v.PriorArticles != 168 || v.Articles != 0 || v.Last.Day != "2024-06-16" || v.Last.Sentence != "会议强调要坚持旧提法。" {
		t.Errorf("旧提法 in xinhua: %+v, want 168 prior articles, none now, last seen 2024-06-16 with its sentence", v)
	}
	if f := got["渐弱提法@xinhua"]; f.Articles != 2 || f.Last.Day != "2024-07-10" {
		t.Errorf("渐弱提法 in xinhua: %+v, want 2 articles now, last seen 2024-07-10", f)
	}
}
