package crawler_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tifa-project/tifa"
	"github.com/tifa-project/tifa/config"
	"github.com/tifa-project/tifa/crawler"
	"github.com/tifa-project/tifa/ingest"
	"github.com/tifa-project/tifa/replay"
	"github.com/tifa-project/tifa/sqlite"
)

// undatedArticle is a constructed article page that gives no date of its own.
func undatedArticle(title string) replay.Page {
	html := fmt.Sprintf(`<!DOCTYPE html><!-- constructed for discovery tests --><html lang="zh-CN"><head><meta charset="utf-8"><title>%s</title></head>
<body><article><h1>%s</h1><p>各地因地制宜发展新质生产力，推动产业升级，记者在调研中看到许多企业加快技术改造和设备更新的步伐。</p>
<p>专家表示，这些举措将为经济长期向好提供有力支撑，也为地方发展注入新的活力和动能，值得持续关注和跟踪。</p></article></body></html>`, title, title)
	return replay.Page{Body: []byte(html), ContentType: "text/html; charset=utf-8", Origin: "constructed"}
}

func discoveryCrawl(t *testing.T, yaml string, site *replay.Site) (crawler.Summary, *sqlite.DB) {
	t.Helper()
	cfg, err := config.Parse(strings.NewReader(yaml), "discovery test")
	if err != nil {
		t.Fatal(err)
	}
	srv, err := replay.Start(context.Background(), site)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	db, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "tifa.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	cr := &crawler.Crawler{Config: cfg, DB: db, Transport: srv.Transport(),
		Handler: &ingest.Ingester{Store: db, Tagger: testTagger(t, config.Default())},
		Logger:  slog.New(slog.NewTextHandler(io.Discard, nil))}
	return cr.Run(context.Background(), []*config.Source{&cfg.Sources[0]})[0], db
}

const terms = `
terms:
  - id: new-quality-productive-forces
    zh: [新质生产力]
`

// TestFeedDiscovery reads People's Daily's real politics RSS (an excerpt;
// its item dates are "2020-08-25", not RFC 822) and fetches its items.
func TestFeedDiscovery(t *testing.T) {
	feed, err := os.ReadFile("../testdata/corpus/people/rss_people_politics_20200825_EXCERPT.xml")
	if err != nil {
		t.Fatal(err)
	}
	site := replay.NewSite()
	site.Add("http://www.people.com.cn/rss/politics.xml", replay.Page{Body: feed, ContentType: "application/rss+xml"})
	items := []string{"31836276", "31836042", "31835118", "31835080"}
	for _, id := range items {
		site.Add("http://politics.people.com.cn/n1/2020/0825/c1001-"+id+".html", undatedArticle("条目"+id))
	}
	sum, db := discoveryCrawl(t, `
sources:
  - id: people
    hosts: [www.people.com.cn, politics.people.com.cn]
    feeds: [http://www.people.com.cn/rss/politics.xml]
    article: ['^https?://[a-z]+\.people\.com\.cn/n1/\d{4}/\d{4}/c\d+-\d+\.html$']
    delay: 1ms
`+terms, site)
	if sum.New != 4 || sum.Errors != 0 {
		t.Fatalf("got %+v, want the feed's 4 items stored", sum)
	}
	a, err := db.Article(context.Background(), "https://politics.people.com.cn/n1/2020/0825/c1001-31836276.html")
	if err != nil {
		t.Fatal(err)
	}
	if tifa.DayOf(a.Published) != "2020-08-25" || a.PublishedSource == "crawl" {
		t.Errorf("published %v from %s; want 2020-08-25 from the URL or the feed", a.Published, a.PublishedSource)
	}
}

// TestSitemapDiscovery: a sitemap index leads to a news sitemap whose
// publication dates date pages that give none (constructed pages).
func TestSitemapDiscovery(t *testing.T) {
	site := replay.NewSite()
	site.Add("https://news.example/sitemap.xml", replay.Page{ContentType: "application/xml", Body: []byte(`<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><sitemap><loc>https://news.example/news-sitemap.xml</loc></sitemap></sitemapindex>`)})
	site.Add("https://news.example/news-sitemap.xml", replay.Page{ContentType: "application/xml", Body: []byte(`<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
<url><loc>https://news.example/a/1.html</loc><news:news><news:publication_date>2024-05-10T08:00:00+08:00</news:publication_date></news:news></url>
<url><loc>https://news.example/a/2.html</loc><news:news><news:publication_date>2024-05-09T23:30:00+08:00</news:publication_date></news:news></url>
<url><loc>https://news.example/about.html</loc></url>
</urlset>`)})
	site.Add("https://news.example/a/1.html", undatedArticle("一"))
	site.Add("https://news.example/a/2.html", undatedArticle("二"))
	sum, db := discoveryCrawl(t, `
sources:
  - id: example
    hosts: [news.example]
    sitemaps: [https://news.example/sitemap.xml]
    article: ['^https?://news\.example/a/\d+\.html$']
    delay: 1ms
`+terms, site)
	if sum.New != 2 || sum.Errors != 0 {
		t.Fatalf("got %+v, want 2 articles from the sitemap", sum)
	}
	for u, day := range map[string]string{"https://news.example/a/1.html": "2024-05-10", "https://news.example/a/2.html": "2024-05-09"} {
		a, err := db.Article(context.Background(), u)
		if err != nil {
			t.Fatal(err)
		}
		if tifa.DayOf(a.Published) != day || a.PublishedSource != "feed" {
			t.Errorf("%s: published %v from %s; want %s from the sitemap", u, a.Published, a.PublishedSource, day)
		}
	}
}

// TestListingPaginationIsBounded: every listing page links the next one,
// for ever; the crawl follows listing_depth of them and stops.
func TestListingPaginationIsBounded(t *testing.T) {
	site := replay.NewSite()
	for page := 1; page <= 50; page++ {
		u := "https://news.example/list/"
		if page > 1 {
			u = fmt.Sprintf("https://news.example/list/?page=%d", page)
		}
		article := fmt.Sprintf("https://news.example/a/%d.html", page)
		site.Add(u, replay.Listing("calendar", []string{article, fmt.Sprintf("https://news.example/list/?page=%d", page+1)}))
		site.Add(article, undatedArticle(fmt.Sprintf("第%d页", page)))
	}
	sum, _ := discoveryCrawl(t, `
sources:
  - id: example
    hosts: [news.example]
    start: [https://news.example/list/]
    listings: ['^https://news\.example/list/\?page=\d+$']
    listing_depth: 3
    article: ['^https?://news\.example/a/\d+\.html$']
    delay: 1ms
`+terms, site)
	if sum.New != 4 || site.Hits("https://news.example/list/?page=5") != 0 || site.Hits("https://news.example/list/?page=4") != 1 {
		t.Errorf("got %+v; want 4 listing pages followed (start + 3) and their 4 articles", sum)
	}
}
