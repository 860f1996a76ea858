package discover

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/tifa-project/tifa"
)

// netease is testdata/netease.jsonl: 37 real NetEase finance pages of the
// shared corpus, a template tifa has no rule for, with the bodies tifa's
// generic extractor gave them (see testdata/README.md). Eleven carry the
// site's "重点推荐" block of links, kept by the extractor.
func netease(t testing.TB) docs { return jsonlDocs(t, "testdata/netease.jsonl") }

// TestSiteTextRealPages: the lines of the template's link block are
// marked as site text and fall out of the top, while the phrases of the
// stories stay unmarked.
func TestSiteTextRealPages(t *testing.T) {
	cs, _, err := Find(context.Background(), netease(t), Options{MinArticles: 3, Limit: 5000})
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{"更多精彩资讯请点击", "重点推荐", "网易股票", "证券要闻", "公司新闻"} {
		r := rankOf(cs, s)
		if r == 0 {
			t.Errorf("%s not listed at all: %v", s, texts(cs[:20]))
			continue
		}
		c := cs[r-1]
		if c.SiteText == "" || c.Likely() || c.SiteTextArticles != 11 || c.Lined != 11 || r <= 20 {
			t.Errorf("%s: rank %d, site text %q in %d of %d articles, likely %v; want marked in 11 of 11, unlikely, below the top 20",
				s, r, c.SiteText, c.SiteTextArticles, c.Lined, c.Likely())
		}
	}
	if c := cs[rankOf(cs, "网易股票")-1]; c.SiteText != "更多精彩资讯请点击 网易股票" {
		t.Errorf("网易股票's line: %q, want the whole line it sits in", c.SiteText)
	}
	for _, s := range []string{"维护市场稳定", "资本市场", "强制平仓"} {
		if r := rankOf(cs, s); r == 0 || r > 20 || cs[r-1].SiteText != "" {
			t.Errorf("%s: rank %d (0: not listed), want in the top 20 and not site text", s, r)
		}
	}
	for i, c := range cs[:20] {
		if c.SiteText != "" {
			t.Errorf("rank %d %s is site text (%q) and still in the top 20", i+1, c.Text, c.SiteText)
		}
	}
}

// TestSiteTextConstructed: CONSTRUCTED articles. A footer line under every
// story of one site is site text; a story reprinted under its own title, and
// a sentence carried word for word by three sources, are not.
func TestSiteTextConstructed(t *testing.T) {
	var ds docs
	add := func(src, title, body string) {
		ds = append(ds, Doc{ID: int64(len(ds) + 1), Source: src, Day: fmt.Sprintf("2024-03-%02d", 1+len(ds)%28), Title: title,
			URL: fmt.Sprintf("http://example.test/%d", len(ds)+1), Text: tifa.TaggedText(title, body)})
	}
	stories := []string{"今天上午召开会议研究部署工作", "各地区各部门要认真贯彻落实", "记者从有关部门获悉有关情况",
		"进一步加强组织领导确保落实", "会议指出要坚持问题导向", "推动经济社会持续健康发展", "确保各项任务落到实处"}
	for i, s := range stories {
		add("portal", fmt.Sprintf("构造标题%d", i), s+"。\n欢迎关注本网公众号\n")
	}
	for range 3 {
		add("portal", "构造转载标题", "文章指出，要培育数字治理新范式。\n")
	}
	for _, src := range []string{"xinhua", "people", "gmw"} {
		add(src, "构造通稿"+src, "通稿称，发展低空经济新业态。\n")
	}
	cs, _, err := Find(context.Background(), ds, Options{MinArticles: 3, Limit: 400})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]bool{"欢迎关注本网公众号": true, "要培育数字治理新范式": false, "发展低空经济新业态": false}
	for s, site := range want {
		r := rankOf(cs, s)
		if r == 0 {
			t.Fatalf("%s not listed: %v", s, texts(cs))
		}
		if c := cs[r-1]; (c.SiteText != "") != site {
			t.Errorf("%s: site text %q in %d of %d articles; want site text %v", s, c.SiteText, c.SiteTextArticles, c.Lined, site)
		}
	}
	if c := cs[rankOf(cs, "欢迎关注本网公众号")-1]; c.SiteTextArticles != 7 || c.Lined != 7 || !strings.Contains(c.SiteText, "公众号") {
		t.Errorf("footer: %+v, want its line in 7 of 7 articles", c)
	}
}
