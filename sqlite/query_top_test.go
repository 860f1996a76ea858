package sqlite

import (
	"context"
	"fmt"
	"testing"
)

func TestMostMentioned(t *testing.T) {
	ctx := context.Background()
	db := mustOpen(t)
	for i, a := range []struct {
		day    string
		counts []Count
	}{
		{"2024-05-01", []Count{{Term: "a", Count: 1}, {Term: "b", Count: 4}}},
		{"2024-05-02", []Count{{Term: "a", Count: 2}, {Term: "c", Count: 3}}},
		{"2024-06-01", []Count{{Term: "c", Count: 9}}},
	} {
		if _, err := db.SaveArticle(ctx, article(fmt.Sprintf("http://www.news.cn/%d.html", i), a.day, "正文"), a.counts, "v1"); err != nil {
			t.Fatal(err)
		}
	}
	for _, tt := range []struct {
		f     Filter
		limit int
		want  string
	}{
		{Filter{}, 10, "[c b a]"},                                     // 12, 4, 3
		{Filter{From: "2024-05-01", To: "2024-05-31"}, 10, "[b a c]"}, // 4, 3, 3: ties by id
		{Filter{From: "2024-05-01", To: "2024-05-31"}, 1, "[b]"},
		{Filter{From: "2025-01-01"}, 3, "[]"},
	} {
		got, err := db.MostMentioned(ctx, tt.f, tt.limit)
		if err != nil || fmt.Sprint(got) != tt.want {
			t.Errorf("%+v limit %d: got %v (%v), want %s", tt.f, tt.limit, got, err, tt.want)
		}
	}
}
