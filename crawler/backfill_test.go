package crawler_test

import (
	"context"
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/tifa-project/tifa"
	"github.com/tifa-project/tifa/replay"
)

// TestBackfillPrintEdition walks a constructed People's Daily print edition
// (no saved copy exists; built from the URL scheme in RESEARCH.md): on
// 2024-03-01 page 01 links page 02 and two articles, page 02 one more and a
// calendar link to another day; 2024-03-02 is missing from the archive.
func TestBackfillPrintEdition(t *testing.T) {
	const base = "http://paper.people.com.cn/rmrb/html/2024-03/01/"
	site := replay.NewSite()
	art := func(n, page int) string { return fmt.Sprintf("%snw.D110000renmrb_20240301_%d-%02d.htm", base, n, page) }
	site.Add(base+"nbs.D110000renmrb_01.htm", replay.Listing("constructed 01版", []string{art(1, 1), art(2, 1), base + "nbs.D110000renmrb_02.htm"}))
	site.Add(base+"nbs.D110000renmrb_02.htm", replay.Listing("constructed 02版", []string{art(1, 2),
		"http://paper.people.com.cn/rmrb/html/2024-02/29/nbs.D110000renmrb_01.htm"}))
	for _, u := range []string{art(1, 1), art(2, 1), art(1, 2)} {
		site.Add(u, undatedArticle("印刷版文章"))
	}
	f := newFixture(t, site)
	src := mustSource(t, f.cfg, "rmrb")
	from := time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)
	sum, err := f.cr.Backfill(context.Background(), src, from, from.AddDate(0, 0, 1))
	if err != nil {
		t.Fatal(err)
	}
	if sum.New != 3 {
		t.Errorf("got %+v, want 3 new articles", sum)
	}
	if n := site.Hits("http://paper.people.com.cn/rmrb/html/2024-02/29/nbs.D110000renmrb_01.htm"); n != 0 {
		t.Errorf("another day's page fetched %d times", n)
	}
	status, err := f.db.BackfillStatus(context.Background(), "rmrb", "2024-03-01", "2024-03-03")
	if err != nil {
		t.Fatal(err)
	}
	want := []tifa.BackfillDay{
		{Source: "rmrb", Day: "2024-03-01", Walked: true, Expected: 3, Stored: 3},
		{Source: "rmrb", Day: "2024-03-02", Walked: true, Error: "http_404: HTTP 404"},
		{Source: "rmrb", Day: "2024-03-03"},
	}
	if !reflect.DeepEqual(status, want) {
		t.Errorf("status:\ngot  %+v\nwant %+v", status, want)
	}
	a, err := f.db.Article(context.Background(), "https://paper.people.com.cn/rmrb/html/2024-03/01/nw.D110000renmrb_20240301_1-02.htm")
	if err != nil || tifa.DayOf(a.Published) != "2024-03-01" {
		t.Errorf("article of 02版: %v, %v; want it dated 2024-03-01", a, err)
	}
}
