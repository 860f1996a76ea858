package sqlite

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/tifa-project/tifa"
)

// TestClaimReadsInOrder: on a frontier as a crawl fills it (several
// sources, no table statistics), the claim reads a source's due URLs in the
// order found and stops at its limit: it never sorts the source's waiting
// URLs into a temporary b-tree, which made each claim cost the frontier's
// size.
func TestClaimReadsInOrder(t *testing.T) {
	ctx := context.Background()
	db := mustOpen(t)
	now := time.Date(2026, 12, 4, 8, 0, 0, 0, time.UTC)
	for i := range 3000 {
		src := []string{"xinhua", "people", "gmw"}[i%3]
		u := fmt.Sprintf("http://www.news.cn/a/%d.html", i)
		if _, err := db.Enqueue(ctx, src, u, u, now, time.Time{}); err != nil {
			t.Fatal(err)
		}
	}
	p := queryPlan(t, db, claimable, nil, 3, now.UnixMilli(), "xinhua", now.Format(time.RFC3339), int64(1<<62), 2)
	if strings.Contains(p, "TEMP B-TREE") || !strings.Contains(p, "frontier_order") {
		t.Errorf("claim plan: %s; want a search of frontier_order, no sort", p)
	}
	got, err := db.Claim(ctx, tifa.Claim{Source: "xinhua", Worker: "w1", N: 2, Now: now, Lease: time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].URL != "http://www.news.cn/a/0.html" || got[1].URL != "http://www.news.cn/a/3.html" {
		t.Errorf("claim: %+v; want xinhua's first two, in the order found", got)
	}
}
