package dashboard

import (
	"context"
	"fmt"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tifa-project/tifa"
	"github.com/tifa-project/tifa/config"
	"github.com/tifa-project/tifa/ingest"
	"github.com/tifa-project/tifa/sqlite"
)

// fixtureTerms are the default configuration's terms the fixture mentions,
// found by plain search: the tagger is tested elsewhere.
var fixtureTerms = []string{"new-quality-productive-forces", "high-quality-development", "high-level-opening-up"}

// fixture stores real sentences from Xinhua and People's Daily over five
// months with a month without articles (March 2024), reopens the database
// read-only as tifa serve does, and returns the dashboard over it. The
// People's Daily articles carry print pages as the print edition's do (two
// on the front page, 版次 01), an assignment made for the test.
func fixture(t testing.TB) (*Server, *sqlite.DB, *config.Config) {
	t.Helper()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "tifa.db")
	db, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	cfg := config.Default()
	for i, a := range []struct{ source, published, title, body, origin, page string }{
		{"xinhua", "2024-01-10T08:00:00+08:00", "因地制宜发展新质生产力", "要因地制宜发展新质生产力。推动高质量发展，是新时代的硬道理。", "新华社", ""},
		{"people", "2024-01-20T08:00:00+08:00", "稳中求进", "今天天气晴。", "人民日报", "01"},
		{"xinhua", "2024-02-15T09:00:00+08:00", "新质生产力本身就是绿色生产力", "新质生产力是推动高质量发展的内在要求和重要着力点。要扩大高水平对外开放。", "新华社", ""},
		{"people", "2024-02-16T06:00:00+08:00", "扩大高水平对外开放", "推进高水平对外开放。高质量发展取得新成效。", "人民日报", "01"},
		{"xinhua", "2024-04-03T07:30:00+08:00", "加快发展新质生产力", "加快发展新质生产力，扎实推进高质量发展。新质生产力已经在实践中形成。", "新华社", ""},
		{"people", "2024-04-20T10:00:00+08:00", "推动高质量发展", "推动高质量发展。坚持高水平对外开放不动摇！", "人民日报", "04"},
		{"people", "2024-05-21T10:00:00+08:00", "无关新闻", "今天天气晴。", "", ""},
	} {
		pub, err := time.Parse(time.RFC3339, a.published)
		if err != nil {
			t.Fatal(err)
		}
		art := &tifa.Article{URL: fmt.Sprintf("https://example.com/%s/%d.html", a.source, i), Source: a.source,
			Title: a.title, Body: a.body, Origin: a.origin, PrintPage: a.page, Fingerprint: uint64(i + 1), Published: pub, PublishedSource: "page",
			Lang: "zh", Charset: "utf-8", Method: "test", FetchedAt: pub}
		if _, err := db.SaveArticle(ctx, art, countTerms(cfg, tifa.TaggedText(a.title, a.body)), "v1"); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	if db, err = sqlite.OpenReadOnly(ctx, path); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	s, err := New(db, cfg, ingest.LexiconOf(cfg).Version, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	return s, db, cfg
}

func countTerms(cfg *config.Config, text string) []tifa.Count {
	var out []tifa.Count
	for _, id := range fixtureTerms {
		term, _ := cfg.Term(id)
		c := tifa.Count{Term: id}
		for i := 0; ; {
			j := strings.Index(text[i:], term.Label)
			if j < 0 {
				break
			}
			c.Spans = append(c.Spans, tifa.Span{Start: i + j, End: i + j + len(term.Label)})
			c.Count++
			i += j + len(term.Label)
		}
		if c.Count > 0 {
			out = append(out, c)
		}
	}
	return out
}
