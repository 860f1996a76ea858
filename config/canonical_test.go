package config

import (
	"regexp"
	"testing"
)

func TestCanonical(t *testing.T) {
	cfg := Default()
	xinhua, _ := cfg.Source("xinhua")
	for _, tt := range []struct{ in, want string }{
		{"http://www.xinhuanet.com/world/2019-12/10/c_1125327450.htm", "https://www.news.cn/world/2019-12/10/c_1125327450.htm"},
		{"https://WWW.NEWS.CN:443/world/2019-12/10/c_1125327450.htm#p2", "https://www.news.cn/world/2019-12/10/c_1125327450.htm"},
		{"http://www.news.cn/politics/index.html", "https://www.news.cn/politics/"},
		{"http://www.news.cn/a/c.html?utm_source=wechat&spm=1.2&id=7", "https://www.news.cn/a/c.html?id=7"},
		{"http://he.xinhuanet.com/news/2012-06/04/content_25340717.htm", "https://he.xinhuanet.com/news/2012-06/04/content_25340717.htm"},
		{"mailto:editor@news.cn", "mailto:editor@news.cn"},
	} {
		if got := xinhua.Canonical(tt.in); got != tt.want {
			t.Errorf("Canonical(%s) = %s, want %s", tt.in, got, tt.want)
		}
	}
}

// TestPatternsMatchAsLinkedAndCanonical: a pattern copied from the address
// bar of an http site, its https form and ^https?:// all take the link;
// an https pattern takes an alias's http link through its canonical form.
func TestPatternsMatchAsLinkedAndCanonical(t *testing.T) {
	for _, tt := range []struct {
		pattern, link string
		want          bool
	}{
		{`^http://127\.0\.0\.1:8080/a/[0-9]+\.html$`, "http://127.0.0.1:8080/a/1.html", true},
		{`^https://127\.0\.0\.1:8080/a/[0-9]+\.html$`, "http://127.0.0.1:8080/a/1.html", true},
		{`^https?://127\.0\.0\.1:8080/a/[0-9]+\.html$`, "http://127.0.0.1:8080/a/1.html", true},
		{`^http://127\.0\.0\.1:8080/a/[0-9]+\.html$`, "http://127.0.0.1:8080/a/1.html?utm_source=x", true},
		{`^https://www\.news\.cn/a/[0-9]+\.html$`, "http://www.xinhuanet.com/a/1.html", true},
		{`^http://127\.0\.0\.1:8080/a/[0-9]+\.html$`, "https://127.0.0.1:8080/a/1.html", false},
		{`^http://127\.0\.0\.1:8080/a/[0-9]+\.html$`, "http://127.0.0.1:8080/b/1.html", false},
	} {
		src := &Source{ID: "s", Hosts: []string{"127.0.0.1", "www.news.cn"}, Aliases: map[string]string{"www.xinhuanet.com": "www.news.cn"},
			Article: []string{tt.pattern}, Listings: []string{tt.pattern}}
		src.patterns = []*regexp.Regexp{regexp.MustCompile(tt.pattern)}
		src.listings = src.patterns
		if got := src.IsArticle(tt.link); got != tt.want {
			t.Errorf("IsArticle(%s) under %s = %v, want %v", tt.link, tt.pattern, got, tt.want)
		}
		if got := src.IsListing(tt.link); got != tt.want {
			t.Errorf("IsListing(%s) under %s = %v, want %v", tt.link, tt.pattern, got, tt.want)
		}
	}
}
