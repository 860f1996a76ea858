package sqlite

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/tifa-project/tifa"
)

// BenchmarkFrontierTurn is the frontier's share of one crawled page: take
// the host's slot, claim the next URL, end the turn, mark the URL done,
// over a source with b.N URLs waiting, as a crawl of one source runs it.
//
//	go test -run '^$' -bench FrontierTurn -benchtime 3000x ./sqlite/
func BenchmarkFrontierTurn(b *testing.B) {
	ctx := context.Background()
	db := mustOpen(b)
	now := time.Now()
	for i := range b.N {
		u := fmt.Sprintf("http://www.news.cn/bench/%d.html", i)
		if _, err := db.Enqueue(ctx, "xinhua", u, u, now, time.Time{}); err != nil {
			b.Fatal(err)
		}
	}
	started := now.Add(-time.Second)
	b.ResetTimer()
	for range b.N {
		if _, err := db.TakeHost(ctx, "www.news.cn", "w1", 2, time.Minute); err != nil {
			b.Fatal(err)
		}
		got, err := db.Claim(ctx, tifa.Claim{Source: "xinhua", Worker: "w1", N: 1, Lease: time.Minute, Since: started})
		if err != nil || len(got) != 1 {
			b.Fatalf("claim: %v (%d)", err, len(got))
		}
		if err := db.EndHost(ctx, "www.news.cn", "w1", 0); err != nil {
			b.Fatal(err)
		}
		if err := db.Done(ctx, got[0].URL); err != nil {
			b.Fatal(err)
		}
	}
}
