package storetest

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/tifa-project/tifa"
)

// frontDays renders f's daily aggregates as termDays and sourceDays do.
func frontDays(t *testing.T, e Engine, f tifa.Filter) string {
	t.Helper()
	ctx := context.Background()
	terms, err := e.TermDays(ctx, f)
	if err != nil {
		t.Fatalf("term days: %v", err)
	}
	srcs, err := e.SourceDays(ctx, f)
	if err != nil {
		t.Fatalf("source days: %v", err)
	}
	var out []string
	for _, r := range terms {
		out = append(out, fmt.Sprintf("%s/%s/%s=%d:%d:%d", r.Term, r.Source, r.Day, r.Mentions, r.Nested, r.Articles))
	}
	for _, r := range srcs {
		out = append(out, fmt.Sprintf("%s/%s=%d:%d", r.Source, r.Day, r.Articles, r.Chars))
	}
	slices.Sort(out)
	return strings.Join(out, " ")
}

var frontPageCases = []Case{
	{"article/front page counts page 01 only, and follows a page changed on re-crawl", func(t *testing.T, e Engine) {
		for _, a := range []struct{ url, day, page string }{
			{"https://paper.people.com.cn/a/1.html", "2026-11-20", "01"},
			{"https://paper.people.com.cn/a/2.html", "2026-11-20", "04"},
			{"https://paper.people.com.cn/a/3.html", "2026-11-21", "01"},
			{"https://www.news.cn/a/4.html", "2026-11-21", ""},
			{"https://paper.people.com.cn/a/5.html", "2026-11-22", "01"},
		} {
			art := article(a.url, a.day, body(10))
			art.PrintPage = a.page
			save(t, e, art, counts(termNQ, 2), lexV1, tifa.Inserted)
		}
		f := tifa.Filter{FrontPage: true, From: "2026-11-20", To: "2026-11-21"}
		want := "nqpf/xinhua/2026-11-20=2:0:1 nqpf/xinhua/2026-11-21=2:0:1 xinhua/2026-11-20=1:10 xinhua/2026-11-21=1:10"
		if got := frontDays(t, e, f); got != want {
			t.Errorf("front page, 20-21 November:\n got %s\nwant %s", got, want)
		}
		// The paper moved article 3 inside: read again, it leaves the front page.
		moved := article("https://paper.people.com.cn/a/3.html", "2026-11-21", body(12))
		moved.PrintPage = "02"
		save(t, e, moved, counts(termNQ, 2), lexV1, tifa.Updated)
		want = "nqpf/xinhua/2026-11-20=2:0:1 xinhua/2026-11-20=1:10"
		if got := frontDays(t, e, f); got != want {
			t.Errorf("after article 3 moved to page 02:\n got %s\nwant %s", got, want)
		}
	}},
}
