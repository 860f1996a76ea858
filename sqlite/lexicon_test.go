package sqlite

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/tifa-project/tifa/config"
)

func TestRecordLexicon(t *testing.T) {
	ctx := context.Background()
	db := mustOpen(t)
	if all, err := db.Lexicons(ctx); err != nil || len(all) != 0 {
		t.Fatalf("new database: %v, %v; want no lexicon", all, err)
	}
	a := Lexicon{Version: "aaaa11112222", Origin: "a.yaml", Terms: []config.Term{
		{ID: "nqpf", Label: "新质生产力", Zh: []string{"新质生产力"}, Categories: []string{"economy"}},
		{ID: "sw", Zh: []string{"单一窗口"}, En: []string{"single window"}, Ambiguous: true, Notes: "trade"},
	}}
	b := Lexicon{Version: "aaaa33334444", Origin: "b.yaml", Terms: []config.Term{{ID: "sw", Zh: []string{"单一窗口"}}}}
	t0 := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	for i, lx := range []Lexicon{a, b} {
		if err := db.RecordLexicon(ctx, lx, t0.Add(time.Duration(i)*time.Hour)); err != nil {
			t.Fatal(err)
		}
	}
	all, err := db.Lexicons(ctx)
	if err != nil || len(all) != 2 || all[0].Version != b.Version {
		t.Fatalf("got %+v, %v; want b then a", all, err)
	}
	if got := all[1]; !reflect.DeepEqual(got.Terms, a.Terms) || got.Origin != "a.yaml" || !got.FirstUse.Equal(t0) {
		t.Errorf("a read back as %+v", got)
	}
	// Applied again, a is current, keeps its first use and takes new labels.
	a.Terms[0].Label = "新质生产力（改）"
	if err := db.RecordLexicon(ctx, a, t0.Add(5*time.Hour)); err != nil {
		t.Fatal(err)
	}
	all, _ = db.Lexicons(ctx)
	if all[0].Version != a.Version || all[0].Terms[0].Label != "新质生产力（改）" || !all[0].FirstUse.Equal(t0) || !all[0].LastUse.Equal(t0.Add(5*time.Hour)) {
		t.Errorf("a re-recorded: %+v", all[0])
	}
	for _, tt := range []struct {
		v, want, err string
	}{
		{"aaaa33334444", b.Version, ""},
		{"aaaa3", b.Version, ""},
		{"aaaa", "", "ambiguous"},
		{"aaa", "", "not found"},
		{"ffff", "", "not found"},
	} {
		lx, err := db.LexiconByVersion(ctx, tt.v)
		if tt.err == "" && (err != nil || lx.Version != tt.want) || tt.err != "" && (err == nil || !strings.Contains(err.Error(), tt.err)) {
			t.Errorf("LexiconByVersion(%q): %s, %v; want %q %s", tt.v, lx.Version, err, tt.want, tt.err)
		}
	}
	if _, err := db.LexiconByVersion(ctx, "ffff"); !errors.Is(err, ErrNotFound) {
		t.Errorf("unknown version: %v, want ErrNotFound", err)
	}
}

func TestRecordSources(t *testing.T) {
	ctx := context.Background()
	db := mustOpen(t)
	src := config.Source{ID: "local", Name: "本地网", Lang: "zh", Start: []string{"http://127.0.0.1:8080/list/"},
		Hosts: []string{"127.0.0.1"}, Article: []string{`^http://127\.0\.0\.1:8080/a/\d+\.html$`},
		Delay: config.Duration{Duration: 2 * time.Second}, Backfill: &config.Backfill{Start: "http://127.0.0.1:8080/{yyyy}/"}}
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	if err := db.RecordSources(ctx, []*config.Source{&src}, "custom.yaml", now); err != nil {
		t.Fatal(err)
	}
	src.Name = "本地新闻网"
	if err := db.RecordSources(ctx, []*config.Source{&src}, "custom2.yaml", now.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	got, err := db.Sources(ctx)
	if err != nil || len(got) != 1 {
		t.Fatalf("got %+v, %v", got, err)
	}
	if !reflect.DeepEqual(got[0].Source, src) || got[0].Origin != "custom2.yaml" || !got[0].FirstUse.Equal(now) {
		t.Errorf("read back %+v\nwant %+v", got[0], src)
	}
}

func TestArticleVersionsAndCountedTerms(t *testing.T) {
	ctx := context.Background()
	db := mustOpen(t)
	for i, v := range []string{"v1", "v1", "v2"} {
		a := article("http://www.news.cn/a/"+string(rune('a'+i))+".html", "2024-05-09", "新质生产力")
		if _, err := db.SaveArticle(ctx, a, []Count{{Term: "nqpf", Count: i + 1}}, v); err != nil {
			t.Fatal(err)
		}
	}
	vs, err := db.ArticleVersions(ctx)
	if want := []VersionCount{{Version: "v1", Articles: 2}, {Version: "v2", Articles: 1}}; err != nil || !reflect.DeepEqual(vs, want) {
		t.Errorf("versions %v, %v; want %v", vs, err, want)
	}
	if _, err := db.SaveArticle(ctx, article("http://www.news.cn/a/z.html", "2024-05-10", "单一窗口"), []Count{{Term: "sw", Count: 1}}, "v2"); err != nil {
		t.Fatal(err)
	}
	ts, err := db.CountedTerms(ctx)
	if want := []string{"nqpf", "sw"}; err != nil || !reflect.DeepEqual(ts, want) {
		t.Errorf("counted %v, %v; want %v", ts, err, want)
	}
	for _, want := range []TermTotal{{Term: "nqpf", Mentions: 6, Articles: 3}, {Term: "sw", Mentions: 1, Articles: 1}, {Term: "none", Mentions: 0, Articles: 0}} {
		if got, err := db.Total(ctx, want.Term); err != nil || got != want {
			t.Errorf("total %s: %+v, %v; want %+v", want.Term, got, err, want)
		}
	}
}
