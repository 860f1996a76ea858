package report

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tifa-project/tifa"
	"github.com/tifa-project/tifa/sqlite"
)

// richTerms are the fixture's terms, found by plain search: the tagger is
// tested in its own package, these tests are about what reports make of
// stored mentions.
var richTerms = map[string]string{"nqpf": "新质生产力", "hqd": "高质量发展", "open": "对外开放"}

var richLabels = Labels{"nqpf": "新质生产力", "hqd": "高质量发展", "open": "对外开放"}

// richFixture stores articles over two years and two sources with real
// sentences, a reprint (people's copy of a Xinhua story, three bits apart)
// and a month without articles (June 2024), so every report has something
// to show.
func richFixture(t testing.TB) *sqlite.DB {
	t.Helper()
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "tifa.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	const fp = 0x0123456789abcdef
	for i, a := range []struct {
		source, published, title, body, origin string
		fingerprint                            uint64
	}{
		{"xinhua", "2023-05-10T08:00:00+08:00", "因地制宜发展新质生产力", "要因地制宜发展新质生产力。推动高质量发展，是新时代的硬道理。", "新华社", 0x1111},
		{"xinhua", "2024-04-15T09:00:00+08:00", "新质生产力本身就是绿色生产力", "新质生产力是推动高质量发展的内在要求和重要着力点。要扩大高水平对外开放。", "新华社", fp},
		{"people", "2024-04-16T06:00:00+08:00", "新质生产力本身就是绿色生产力", "新质生产力是推动高质量发展的内在要求和重要着力点。要扩大高水平对外开放。", "新华社", fp ^ 0b10101},
		{"people", "2024-05-03T07:30:00+08:00", "加快发展新质生产力", "加快发展新质生产力，扎实推进高质量发展。坚持对外开放不动摇！新质生产力已经在实践中形成。", "人民日报", 0x2222000000000000},
		{"xinhua", "2024-05-20T10:00:00+08:00", "推动高质量发展", "推动高质量发展，=SUM(A1)不是公式。", "", 0},
		{"xinhua", "2024-05-21T10:00:00+08:00", "无关新闻", "今天天气晴。", "", 0},
		{"xinhua", "2024-07-01T10:00:00+08:00", "七月新闻", "七月一日。", "", 0},
	} {
		pub, err := time.Parse(time.RFC3339, a.published)
		if err != nil {
			t.Fatal(err)
		}
		art := &tifa.Article{URL: "https://example.com/" + a.source + "/" + string(rune('a'+i)) + ".html", Source: a.source,
			Title: a.title, Body: a.body, Origin: a.origin, Fingerprint: a.fingerprint, Published: pub, PublishedSource: "page",
			Lang: "zh", Charset: "utf-8", Method: "test", FetchedAt: pub}
		if _, err := db.SaveArticle(ctx, art, countTerms(tifa.TaggedText(a.title, a.body)), "v1"); err != nil {
			t.Fatal(err)
		}
	}
	return db
}

func countTerms(text string) []tifa.Count {
	var out []tifa.Count
	for id, form := range richTerms {
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
