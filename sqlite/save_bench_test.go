package sqlite

import (
	"context"
	"fmt"
	"strings"
	"testing"
)

// BenchmarkSaveArticle saves one new article per transaction, as a crawl
// without group commit does: a 3,000-character body and 12 terms of 1 to
// 12 mentions each, over 50 days.
//
//	go test -run '^$' -bench SaveArticle -benchtime 2000x ./sqlite/
func BenchmarkSaveArticle(b *testing.B) {
	ctx := context.Background()
	db := mustOpen(b)
	body := strings.Repeat("新质生产力推动高质量发展。", 250)
	var counts []Count
	for i := range 12 {
		c := Count{Term: fmt.Sprintf("term-%02d", i), Count: i + 1, Nested: i % 3}
		for j := range i + 1 {
			c.Spans = append(c.Spans, Span{Start: 40*j + i, End: 40*j + i + 5})
		}
		counts = append(counts, c)
	}
	b.ResetTimer()
	for i := range b.N {
		a := article(fmt.Sprintf("http://www.news.cn/bench/%d.html", i), fmt.Sprintf("2024-05-%02d", 1+i%28), body)
		if _, err := db.SaveArticle(ctx, a, counts, "v1"); err != nil {
			b.Fatal(err)
		}
	}
}
