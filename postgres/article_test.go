package postgres

import (
	"context"
	"fmt"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tifa-project/tifa"
)

func article(url, day, body string) *Article {
	t, _ := time.ParseInLocation("2006-01-02 15:04", day+" 23:30", tifa.China)
	return &Article{URL: url, Source: "xinhua", Title: "t", Published: t, PublishedSource: "page",
		Body: body, Lang: "zh", Charset: "utf-8", Method: "test", FetchedAt: time.Now()}
}

func checkDays(t *testing.T, db *DB, want []TermDay, articles int) {
	t.Helper()
	got, err := db.TermDays(context.Background(), Filter{})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("term days = %+v, want %+v", got, want)
	}
	src, err := db.SourceDays(context.Background(), Filter{})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, d := range src {
		n += d.Articles
	}
	if n != articles {
		t.Errorf("source days count %d articles, want %d", n, articles)
	}
	checkAggregates(t, db)
}

// checkAggregates recomputes the daily tables from articles and mentions
// and compares: what a lost or doubled delta would break.
func checkAggregates(t *testing.T, db *DB) {
	t.Helper()
	var bad int
	err := db.db.QueryRow(context.Background(), `SELECT
		(SELECT COUNT(*) FROM (
			(SELECT term, source, day, mentions, nested, articles FROM daily_terms
			 EXCEPT SELECT m.term, a.source, a.day, SUM(m.count), SUM(m.nested), COUNT(*) FROM mentions m JOIN articles a ON a.id = m.article_id GROUP BY 1, 2, 3)
			UNION ALL
			(SELECT m.term, a.source, a.day, SUM(m.count), SUM(m.nested), COUNT(*) FROM mentions m JOIN articles a ON a.id = m.article_id GROUP BY 1, 2, 3
			 EXCEPT SELECT term, source, day, mentions, nested, articles FROM daily_terms)) x)
		+ (SELECT COUNT(*) FROM (
			(SELECT source, day, articles, chars FROM daily_sources
			 EXCEPT SELECT source, day, COUNT(*), SUM(chars) FROM articles GROUP BY 1, 2)
			UNION ALL
			(SELECT source, day, COUNT(*), SUM(chars) FROM articles GROUP BY 1, 2
			 EXCEPT SELECT source, day, articles, chars FROM daily_sources)) y)`).Scan(&bad)
	if err != nil {
		t.Fatal(err)
	}
	if bad != 0 {
		t.Errorf("%d aggregate rows differ from the articles and mentions they sum", bad)
	}
}

func TestSaveArticleIdempotentAndUpdates(t *testing.T) {
	ctx := context.Background()
	db, _ := openTest(t)
	a := article("http://www.news.cn/a/c.html", "2024-05-09", "新质生产力新质生产力")
	counts := []Count{{Term: "nqpf", Count: 2, Spans: []Span{{Start: 2, End: 7}, {Start: 7, End: 12}}}}
	for i, want := range []Outcome{Inserted, Unchanged} {
		out, err := db.SaveArticle(ctx, a, counts, "v1")
		if err != nil || out != want {
			t.Fatalf("save %d: got %v, %v; want %v", i, out, err, want)
		}
	}
	checkDays(t, db, []TermDay{{Term: "nqpf", Source: "xinhua", Day: "2024-05-09", Mentions: 2, Articles: 1}}, 1)
	b := article(a.URL, "2024-05-10", "新质生产力")
	if out, err := db.SaveArticle(ctx, b, []Count{{Term: "nqpf", Count: 1}}, "v1"); err != nil || out != Updated {
		t.Fatalf("update: got %v, %v", out, err)
	}
	checkDays(t, db, []TermDay{{Term: "nqpf", Source: "xinhua", Day: "2024-05-10", Mentions: 1, Articles: 1}}, 1)
	if out, err := db.SaveArticle(ctx, b, nil, "v2"); err != nil || out != Updated {
		t.Fatalf("retag: got %v, %v", out, err)
	}
	checkDays(t, db, nil, 1)
	got, err := db.Article(ctx, a.URL)
	if err != nil || got.Body != "新质生产力" || !got.Published.Equal(b.Published) || got.Key != a.URL {
		t.Fatalf("Article = %+v, %v", got, err)
	}
}

func TestUndatedArticleKeepsFirstCrawlDate(t *testing.T) {
	ctx := context.Background()
	db, _ := openTest(t)
	a := article("http://x.example/1", "2024-05-09", "body")
	a.PublishedSource = "crawl"
	if _, err := db.SaveArticle(ctx, a, nil, "v1"); err != nil {
		t.Fatal(err)
	}
	b := article(a.URL, "2024-06-01", "body changed")
	b.PublishedSource = "crawl"
	if _, err := db.SaveArticle(ctx, b, nil, "v1"); err != nil {
		t.Fatal(err)
	}
	got, err := db.Article(ctx, a.URL)
	if err != nil || tifa.DayOf(got.Published) != "2024-05-09" {
		t.Fatalf("re-crawled undated article published %v, %v; want its first crawl's day", got.Published, err)
	}
}

// Workers saving one URL at once, the same article or different versions of
// it: one row, and aggregates that sum exactly what is stored, moved once.
func TestConcurrentSavesOfOneURL(t *testing.T) {
	ctx := context.Background()
	db, dsn := openTest(t)
	workers := []*DB{db}
	for i := 1; i < 4; i++ {
		workers = append(workers, worker(t, dsn, fmt.Sprintf("w%d", i)))
	}
	for round := 0; round < 10; round++ {
		url := fmt.Sprintf("http://www.news.cn/race/%d.html", round)
		var wg sync.WaitGroup
		outs := make([]Outcome, 8)
		errs := make([]error, 8)
		start := make(chan struct{})
		for i := range outs {
			wg.Add(1)
			go func() {
				defer wg.Done()
				// Half save one version, half another (another day, other counts).
				a := article(url, "2024-05-09", "新质生产力新质生产力")
				counts := []Count{{Term: "nqpf", Count: 2}, {Term: "aaa", Count: 1}}
				if i%2 == 1 && round%2 == 1 {
					a = article(url, "2024-05-10", "新质生产力")
					counts = []Count{{Term: "nqpf", Count: 1}, {Term: "zzz", Count: 3, Nested: 1}}
				}
				<-start
				outs[i], errs[i] = workers[i%len(workers)].SaveArticle(ctx, a, counts, "v1")
			}()
		}
		close(start)
		wg.Wait()
		inserted := 0
		for i, err := range errs {
			if err != nil {
				t.Fatalf("round %d save %d: %v", round, i, err)
			}
			if outs[i] == Inserted {
				inserted++
			}
		}
		if inserted != 1 {
			t.Fatalf("round %d: outcomes %v; want exactly one insert", round, outs)
		}
		var rows int
		if err := db.db.QueryRow(ctx, `SELECT COUNT(*) FROM articles WHERE key = $1`, url).Scan(&rows); err != nil || rows != 1 {
			t.Fatalf("round %d: %d rows for %s, %v", round, rows, url, err)
		}
	}
	if n, err := db.ArticleCount(ctx); err != nil || n != 10 {
		t.Fatalf("articles = %d, %v; want 10", n, err)
	}
	checkAggregates(t, db)
	src, err := db.SourceDays(ctx, Filter{})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, d := range src {
		n += d.Articles
	}
	if n != 10 {
		t.Errorf("daily_sources count %d articles, want 10", n)
	}
}

func TestSaveArticlesRemovesFromFrontier(t *testing.T) {
	ctx := context.Background()
	db, _ := openTest(t)
	enqueue(t, db, "xinhua", "http://www.news.cn/a/1.html", "http://www.news.cn/a/2.html")
	err := db.SaveArticles(ctx, []Saved{
		{Article: article("http://www.news.cn/a/1.html", "2024-05-09", "一"), Counts: []Count{{Term: "x", Count: 1}}},
		{Article: article("http://www.news.cn/a/2.html", "2024-05-09", "二"), Counts: []Count{{Term: "x", Count: 2}}},
	}, "v1")
	if err != nil {
		t.Fatal(err)
	}
	if w, _, err := db.FrontierSize(ctx, ""); err != nil || w != 0 {
		t.Fatalf("frontier after saving its URLs = %d, %v", w, err)
	}
	if fresh, err := db.Enqueue(ctx, "xinhua", "http://www.news.cn/a/1.html", "http://www.news.cn/a/1.html", time.Now(), time.Time{}); err != nil || fresh {
		t.Fatalf("Enqueue of a stored article = %v, %v; want not new", fresh, err)
	}
	checkDays(t, db, []TermDay{{Term: "x", Source: "xinhua", Day: "2024-05-09", Mentions: 3, Articles: 2}}, 2)
}

func TestCheckFindsAndRepairsAggregates(t *testing.T) {
	ctx := context.Background()
	db, _ := openTest(t)
	if _, err := db.SaveArticle(ctx, article("http://www.news.cn/a/1.html", "2024-05-09", "新质生产力"), []Count{{Term: "nqpf", Count: 1}}, "v1"); err != nil {
		t.Fatal(err)
	}
	if p, err := db.Check(ctx); err != nil || len(p) != 0 {
		t.Fatalf("check of a sound database: %+v, %v", p, err)
	}
	if _, err := db.db.Exec(ctx, `UPDATE daily_terms SET mentions = 7; UPDATE daily_sources SET chars = 1`); err != nil {
		t.Fatal(err)
	}
	p, err := db.Check(ctx)
	if err != nil || len(p) != 2 || p[0].Check != "aggregates" ||
		p[0].What != "1 daily term counts differ from the mentions they summarise, e.g. nqpf in xinhua on 2024-05-09: stored 7 mentions in 1 articles, the mentions say 1 in 1" {
		t.Fatalf("check of damaged aggregates: %+v, %v", p, err)
	}
	if err := db.RebuildAggregates(ctx); err != nil {
		t.Fatal(err)
	}
	checkDays(t, db, []TermDay{{Term: "nqpf", Source: "xinhua", Day: "2024-05-09", Mentions: 1, Articles: 1}}, 1)
	if p, err := db.Check(ctx); err != nil || len(p) != 0 {
		t.Fatalf("check after repair: %+v, %v", p, err)
	}

	// The trigger kept monthly_terms through the updates above; a month
	// changed behind it is a drift of its own, and the repair mends it.
	if _, err := db.db.Exec(ctx, `UPDATE monthly_terms SET mentions = 9`); err != nil {
		t.Fatal(err)
	}
	p, err = db.Check(ctx)
	if err != nil || len(p) != 1 ||
		p[0].What != "1 monthly term counts differ from the daily counts they summarise, e.g. nqpf in xinhua in 2024-05: stored 9 mentions in 1 articles, the days say 1 in 1" {
		t.Fatalf("check of a drifted month: %+v, %v", p, err)
	}
	if err := db.RebuildAggregates(ctx); err != nil {
		t.Fatal(err)
	}
	// A day moved by hand leaves its month for the new one.
	if _, err := db.db.Exec(ctx, `UPDATE daily_terms SET day = '2024-06-01'`); err != nil {
		t.Fatal(err)
	}
	if p, err = db.Check(ctx); err != nil || len(p) != 1 || !strings.HasPrefix(p[0].What, "2 daily term counts differ") {
		t.Fatalf("check after a day moved by hand: %+v, %v; want the days against the mentions only", p, err)
	}
	if err := db.RebuildAggregates(ctx); err != nil {
		t.Fatal(err)
	}
	if p, err := db.Check(ctx); err != nil || len(p) != 0 {
		t.Fatalf("check after the second repair: %+v, %v", p, err)
	}
}

// TestFinishLoadCompactsMonths: a load's daily rows reach monthly_terms
// through the row trigger, one update of a month's row per day, inside the
// load's transactions, so no version can be pruned as it goes; the end of
// the load writes the months again, so their table holds what they are
// (one page for 100 rows) and still equals the days.
func TestFinishLoadCompactsMonths(t *testing.T) {
	ctx := context.Background()
	db, _ := openTest(t)
	var table tifa.Table
	for _, tb := range tifa.DumpTables() {
		if tb.Name == "daily_terms" {
			table = tb
		}
	}
	var rows [][]any
	for term := range 100 {
		for day := 1; day <= 31; day++ {
			rows = append(rows, []any{fmt.Sprintf("t%03d", term), "xinhua", fmt.Sprintf("2024-05-%02d", day), int64(2), int64(0), int64(1)})
		}
	}
	if err := db.LoadRows(ctx, table, rows); err != nil {
		t.Fatal(err)
	}
	size := func() int64 {
		var n int64
		if err := db.db.QueryRow(ctx, `SELECT pg_relation_size('monthly_terms')`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	before := size()
	if err := db.FinishLoad(ctx); err != nil {
		t.Fatal(err)
	}
	if after := size(); after != 8192 {
		t.Errorf("monthly_terms after the load: %d bytes (%d before); want one page for its 100 rows", after, before)
	}
	var n, mentions int64
	if err := db.db.QueryRow(ctx, `SELECT COUNT(*), SUM(mentions) FROM monthly_terms`).Scan(&n, &mentions); err != nil || n != 100 || mentions != 6200 {
		t.Errorf("monthly_terms after the load: %d rows, %d mentions, %v; want 100, 6200", n, mentions, err)
	}
}
