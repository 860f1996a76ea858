package config

import "testing"

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
