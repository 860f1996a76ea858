package alert

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tifa-project/tifa"
	"github.com/tifa-project/tifa/sqlite"
)

// constructedDB is a constructed database (not corpus text): xinhua stored
// daily from 2024-04-01 to 2024-05-31; 高质量发展 (hqd) in one article in
// ten until 24 May, then in every article; 新质生产力 (nqpf) first said on
// 2024-05-30.
func constructedDB(t testing.TB) *sqlite.DB {
	t.Helper()
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "tifa.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	day := time.Date(2024, 4, 1, 9, 0, 0, 0, tifa.China)
	for i := 0; day.Month() < 6; i, day = i+1, day.AddDate(0, 0, 1) {
		for k := 0; k < 2; k++ {
			title, body := "每日新闻", "今天召开会议。"
			if day.Day() >= 25 && day.Month() == 5 || (i*2+k)%10 == 0 {
				title, body = "推动高质量发展", "会议强调，要坚定不移推动高质量发展。"
			}
			if day.Month() == 5 && day.Day() == 30 && k == 0 {
				body += "因地制宜发展新质生产力。"
			}
			pub := day.Add(time.Duration(k) * time.Hour)
			a := &tifa.Article{URL: fmt.Sprintf("https://www.news.cn/%s/%d.html", pub.Format("20060102"), k), Source: "xinhua",
				Title: title, Body: body, Published: pub, PublishedSource: "page", Lang: "zh", Charset: "utf-8", Method: "test", FetchedAt: pub}
			if _, err := db.SaveArticle(ctx, a, count(tifa.TaggedText(title, body)), "v1"); err != nil {
				t.Fatal(err)
			}
		}
	}
	return db
}

func count(text string) []tifa.Count {
	var out []tifa.Count
	for _, id := range []string{"hqd", "nqpf"} {
		form := map[string]string{"hqd": "高质量发展", "nqpf": "新质生产力"}[id]
		c := tifa.Count{Term: id}
		for i := 0; ; {
			j := strings.Index(text[i:], form)
			if j < 0 {
				break
			}
			c.Spans = append(c.Spans, tifa.Span{Start: i + j, End: i + j + len(form)})
			c.Count++
			i += j + len(form)
		}
		if c.Count > 0 {
			out = append(out, c)
		}
	}
	return out
}
