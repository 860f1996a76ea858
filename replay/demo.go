package replay

import (
	"io/fs"
)

// DemoPage is a saved page and the URL it was published at.
type DemoPage struct {
	Source string // id in the default configuration
	Path   string // in the corpus file system
	URL    string
	// Listing is the start page of the default configuration that links it.
	Listing string
	// Note says how the URL is known when the page's truth file does not give it.
	Note string
}

// DemoPages are the real Xinhua and People's Daily pages the demo replays.
var DemoPages = []DemoPage{
	{Source: "xinhua", Path: "testdata/corpus/xinhua/mh_news_cn_politics_leaders_20240509_3dd6e33c.html",
		URL: "http://www.news.cn/politics/leaders/20240509/3dd6e33cc6d749fbaae01fea337ff400/c.html", Listing: "https://www.news.cn/politics/"},
	{Source: "xinhua", Path: "testdata/corpus/xinhua/n4k_news_cn_fortune_c_1129981476.html",
		URL: "http://www.news.cn/fortune/2023-11/17/c_1129981476.htm", Listing: "https://www.news.cn/fortune/"},
	{Source: "xinhua", Path: "testdata/corpus/xinhua/gne_xinhuanet_world_c_1125327450.html",
		URL: "http://www.xinhuanet.com/world/2019-12/10/c_1125327450.htm", Listing: "https://www.news.cn/world/"},
	{Source: "xinhua", Path: "testdata/corpus/xinhua/traf_archiveorg_he_xinhuanet_content_25340717.html",
		URL: "http://www.he.xinhuanet.com/news/2012-06/04/content_25340717.htm", Listing: "https://www.news.cn/politics/",
		Note: "the truth file gives the Wayback Machine copy of this URL"},
	{Source: "people", Path: "testdata/corpus/people/mh_finance_people_c1004_40232587.html",
		URL: "http://finance.people.com.cn/n1/2024/0510/c1004-40232587.html", Listing: "http://www.people.com.cn/"},
	{Source: "people", Path: "testdata/corpus/people/gne_culture_people_c1013_31153719.html",
		URL: "http://culture.people.com.cn/n1/2019/0615/c1013-31153719.html", Listing: "http://www.people.com.cn/"},
	{Source: "people", Path: "testdata/corpus/people/cx_people_politics_2010_gb2312_raw.html",
		URL: "http://politics.people.com.cn/GB/14562/10339009.html", Listing: "http://politics.people.com.cn/",
		Note: "inferred: the page's comment links carry id=10339009 under politics.people.com.cn/GB/14562/"},
	{Source: "xinhua", Path: "testdata/corpus/xinhua/traf_banyuetan_1000200033136171577956287380194268_1.html",
		URL: "http://www.banyuetan.org/jmcs/detail/20200102/1000200033136171577956287380194268_1.html", Listing: "https://www.news.cn/politics/"},
	{Source: "gmw", Path: "testdata/corpus/gmw/mh_politics_gmw_content_37319243.html",
		URL: "https://politics.gmw.cn/2024-05/13/content_37319243.htm", Listing: "https://politics.gmw.cn/"},
	{Source: "gmw", Path: "testdata/corpus/gmw/rdb_tech_gmw_content_23937776.html",
		URL: "http://tech.gmw.cn/2017-03/10/content_23937776.htm", Listing: "https://news.gmw.cn/"},
	{Source: "chinadaily", Path: "testdata/corpus/chinadaily/n4k_china_chinadaily_zh_WS65571297.html",
		URL: "https://china.chinadaily.com.cn/a/202311/17/WS65571297a310d5acd876f404.html", Listing: "https://china.chinadaily.com.cn/"},
	{Source: "chinadaily-en", Path: "testdata/corpus/chinadaily/mh_chinadaily_en_WS664af0b2.html",
		URL: "https://www.chinadaily.com.cn/a/202405/20/WS664af0b2a31082fc043c814d.html", Listing: "https://www.chinadaily.com.cn/china"},
}

// DemoSources lists the sources the demo has pages for, in order.
func DemoSources() []string {
	var out []string
	seen := map[string]bool{}
	for _, p := range DemoPages {
		if !seen[p.Source] {
			seen[p.Source] = true
			out = append(out, p.Source)
		}
	}
	return out
}

// DemoSite builds the demo's site from the bundled corpus: each saved page at
// its original URL, and each of starts (the demo sources' start pages) as a
// constructed listing linking the pages listed under it, or none.
func DemoSite(corpus fs.FS, starts []string) (*Site, error) {
	site := NewSite()
	links := map[string][]string{}
	for _, p := range DemoPages {
		page, err := FromFS(corpus, p.Path)
		if err != nil {
			return nil, err
		}
		if err := site.Add(p.URL, page); err != nil {
			return nil, err
		}
		links[p.Listing] = append(links[p.Listing], p.URL)
	}
	for _, l := range starts {
		if err := site.Add(l, Listing("tifa demo listing "+l, links[l])); err != nil {
			return nil, err
		}
	}
	return site, nil
}
