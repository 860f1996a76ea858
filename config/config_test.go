package config

import (
	"regexp"
	"strings"
	"testing"
)

func TestDefault(t *testing.T) {
	cfg := Default()
	if got := len(cfg.Terms); got < 25 {
		t.Errorf("default has %d terms, want at least 25", got)
	}
	for _, id := range []string{"xinhua", "people"} {
		if _, ok := cfg.Source(id); !ok {
			t.Errorf("default lacks source %q", id)
		}
	}
	for _, tm := range cfg.Terms {
		if len(tm.Zh) == 0 || len(tm.En) == 0 {
			t.Errorf("term %q: want both Chinese and English forms", tm.ID)
		}
	}
}

func TestSourceURLs(t *testing.T) {
	cfg := Default()
	for _, tt := range []struct {
		url, source string
		article     bool
	}{
		{"http://www.news.cn/politics/leaders/20240509/3dd6e33cc6d749fbaae01fea337ff400/c.html", "xinhua", true},
		{"http://www.xinhuanet.com/world/2019-12/10/c_1125327450.htm", "xinhua", true},
		{"http://www.news.cn/fortune/2023-11/17/c_1129981476.htm", "xinhua", true},
		{"http://he.xinhuanet.com/news/2012-06/04/content_25340717.htm", "xinhua", true},
		{"http://www.he.xinhuanet.com/news/2012-06/04/content_25340717.htm", "xinhua", true},
		{"https://www.news.cn/politics/", "xinhua", false},
		{"http://finance.people.com.cn/n1/2024/0510/c1004-40232587.html", "people", true},
		{"http://politics.people.com.cn/GB/14562/10339009.html", "people", true},
		{"http://politics.people.com.cn/GB/index.html", "people", false},
		{"http://www.people.com.cn/", "people", false},
		{"http://www.banyuetan.org/jmcs/detail/20200102/1000200033136171577956287380194268_1.html", "xinhua", true},
		{"http://he.news.cn/20240509/3dd6e33cc6d749fbaae01fea337ff400/c.html", "xinhua", true},
		{"https://english.news.cn/20230115/98a3b5c41af641938a2a205f1e0b9f71/c.html", "xinhua-en", true},
		{"https://english.news.cn/china/index.htm", "xinhua-en", false},
		{"http://en.people.cn/n3/2022/1123/c90000-10175286.html", "people-en", true},
		{"http://en.people.cn/90785/index.html", "people-en", false},
		{"http://paper.people.com.cn/rmrb/html/2024-05/10/nw.D110000renmrb_20240510_2-04.htm", "rmrb", true},
		{"http://paper.people.com.cn/rmrb/pc/content/202505/12/content_30071001.html", "rmrb", true},
		{"http://paper.people.com.cn/rmrb/html/2024-05/10/nbs.D110000renmrb_04.htm", "rmrb", false},
		{"https://politics.gmw.cn/2024-05/13/content_37319243.htm", "gmw", true},
		{"http://tech.gmw.cn/2017-03/10/content_23937776.htm", "gmw", true},
		{"https://politics.gmw.cn/", "gmw", false},
		{"https://china.chinadaily.com.cn/a/202311/17/WS65571297a310d5acd876f404.html", "chinadaily", true},
		{"https://cn.chinadaily.com.cn/", "chinadaily", false},
		{"https://www.chinadaily.com.cn/a/202405/20/WS664af0b2a31082fc043c814d.html", "chinadaily-en", true},
		{"https://www.chinadaily.com.cn/a/202405/20/WS664af0b2a31082fc043c814d_2.html", "chinadaily-en", false},
		{"https://www.chinadaily.com.cn/china", "chinadaily-en", false},
		{"https://www.gov.cn/zhengce/content/202405/content_6950123.htm", "govcn", true},
		{"https://www.gov.cn/zhengce/2007-08/20/content_1234567.htm", "govcn", true},
		{"https://www.gov.cn/zhengce/zuixin/", "govcn", false},
		{"http://www.qstheory.cn/20240515/6f0b3c1a2d4e4f5a8b9c0d1e2f3a4b5c/c.html", "qstheory", true},
		{"http://www.qstheory.cn/dukan/qs/2024-05/16/c_1130144337.htm", "qstheory", true},
		{"http://www.qstheory.cn/", "qstheory", false},
		{"https://news.cctv.com/2024/05/10/ARTIabcDEF123456789012345.shtml", "cctv", true},
		{"https://news.cctv.com/china/", "cctv", false},
		{"https://example.com/a/c.html", "", false},
	} {
		src, ok := cfg.SourceForURL(tt.url)
		if !ok {
			if tt.source != "" {
				t.Errorf("%s: no source, want %s", tt.url, tt.source)
			}
			continue
		}
		if src.ID != tt.source {
			t.Errorf("%s: source %s, want %s", tt.url, src.ID, tt.source)
		}
		if got := src.IsArticle(tt.url); got != tt.article {
			t.Errorf("%s: article %v, want %v", tt.url, got, tt.article)
		}
	}
}

func TestParseErrors(t *testing.T) {
	for _, tt := range []struct {
		name, yaml, want string
	}{
		{"bad regexp", `
sources:
  - id: x
    hosts: [a.example]
    article: ['^https://a\.example/(']
    start: [https://a.example/]
terms:
  - id: t
    zh: [新质生产力]
`, "bad.yaml:5: sources[0].article[0]: bad regular expression"},
		{"unknown field", `
sources:
  - id: x
    hostz: [a.example]
`, "bad.yaml:4: sources[0].hostz: unknown field; the fields here are id, name, lang, start, hosts"},
		{"bad delay", `
sources:
  - id: x
    delay: soon
`, `bad.yaml:4: sources[0].delay: "soon" is not a duration: write a number and a unit, such as 30m, 3h or 2s`},
		{"start off host", `
sources:
  - id: x
    start: [https://b.example/]
    hosts: [a.example]
    article: ['x']
terms:
  - id: t
    zh: [新质生产力]
`, `bad.yaml:4: sources[0].start[0]: host "b.example" is not in the source's hosts`},
		{"duplicate term", `
sources:
  - id: x
    hosts: [a.example]
    article: ['x']
    start: [https://a.example/]
terms:
  - id: t
    zh: [新质生产力]
  - id: t
    zh: [单一窗口]
`, `bad.yaml:10: terms[1].id: duplicate term id "t"`},
		{"empty", ``, "bad.yaml:1: sources: the file is empty"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse(strings.NewReader(tt.yaml), "bad.yaml")
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got error %v, want one containing %q", err, tt.want)
			}
		})
	}
}

// TestRejectsWhatWouldCrashOrDoNothing: each value here once panicked in
// the crawler or made it fetch nothing and exit 0; each error names the
// file, line and field, and no Go type.
func TestRejectsWhatWouldCrashOrDoNothing(t *testing.T) {
	source := func(extra string) string {
		return `sources:
  - id: x
    start: [http://127.0.0.1/]
    hosts: [127.0.0.1]
    article: ['^http://127\.0\.0\.1/a/']
` + extra + `terms:
  - id: t
    zh: [新质生产力]
`
	}
	for _, tt := range []struct {
		name, yaml, want string
	}{
		{"empty host", strings.Replace(source(""), "hosts: [127.0.0.1]", `hosts: ["", 127.0.0.1]`, 1),
			`bad.yaml:4: sources[0].hosts[0]: empty host`},
		{"blank host", strings.Replace(source(""), "hosts: [127.0.0.1]", "hosts:\n      - 127.0.0.1\n      - ' '", 1),
			`bad.yaml:6: sources[0].hosts[1]: empty host`},
		{"host with scheme", strings.Replace(source(""), "hosts: [127.0.0.1]", "hosts: [127.0.0.1, 'http://www.news.cn/']", 1),
			`bad.yaml:4: sources[0].hosts[1]: "http://www.news.cn/" is not a host name`},
		{"lone dot", strings.Replace(source(""), "hosts: [127.0.0.1]", "hosts: [127.0.0.1, .]", 1),
			`sources[0].hosts[1]: "." is not a host name`},
		{"negative max_pages", source("    max_pages: -5\n"), `bad.yaml:6: sources[0].max_pages: -5 would fetch nothing`},
		{"zero max_pages", source("    max_pages: 0\n"), `bad.yaml:6: sources[0].max_pages: 0 would fetch nothing`},
		{"max_pages as text", source("    max_pages: lots\n"), `bad.yaml:6: sources[0].max_pages: "lots" is not a whole number`},
		{"parallel as list", source("    parallel: [2]\n"), `bad.yaml:6: sources[0].parallel: got a list, want a whole number`},
		{"delay without unit", source("    delay: 5\n"), `bad.yaml:6: sources[0].delay: "5" has no unit: write 5s, 5m or 5h (e.g. 30m, 3h)`},
		{"negative delay", source("    delay: -2s\n"), `bad.yaml:6: sources[0].delay: "-2s" is negative`},
		{"delay as mapping", source("    delay: {seconds: 2}\n"), `bad.yaml:6: sources[0].delay: want a duration such as 30m or 3h`},
		{"retention typo", source("") + "archive:\n  dir: /tmp/a\n  retention: 1 year\n", `bad.yaml:11: archive.retention: "1 year" is not a duration`},
		{"negative max_bytes", source("") + "archive:\n  dir: /tmp/a\n  max_bytes: -1\n", `bad.yaml:11: archive.max_bytes: -1 is negative`},
		{"archive limits without dir", source("") + "archive:\n  retention: 720h\n", `bad.yaml:9: archive.dir: retention and max_bytes are set but no dir`},
		{"depth without listings", source("    listing_depth: 2\n"), `bad.yaml:6: sources[0].listing_depth: set but the source has no listings`},
		{"backfill off the hosts", source("    backfill:\n      start: http://b.example/{yyyymmdd}.html\n"), `bad.yaml:7: sources[0].backfill.start: "http://b.example/{yyyymmdd}.html" is not an http(s) URL on the source's hosts`},
		{"nothing to crawl", strings.Replace(source(""), "    start: [http://127.0.0.1/]\n", "", 1), `bad.yaml:2: sources[0].start: source "x" has nothing to crawl from`},
		{"sources as mapping", "sources: {id: x}\nterms: []\n", `bad.yaml:1: sources: got a mapping, want a list`},
		{"term forms as text", source("")[:len(source(""))-len("    zh: [新质生产力]\n")] + "    zh: 新质生产力\n", `bad.yaml:8: terms[0].zh: "新质生产力" is not a list of text`},
		{"syntax", "sources:\n  - id: x\n   hosts: [a]\n", `bad.yaml:1: YAML: did not find expected '-' indicator`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse(strings.NewReader(tt.yaml), "bad.yaml")
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("got error %v, want one containing %q", err, tt.want)
			}
			if goType.MatchString(err.Error()) {
				t.Errorf("error %q names a Go type", err)
			}
		})
	}
}

// goType matches what Go type names look like in yaml's own messages.
var goType = regexp.MustCompile(`\b(config\.|time\.Duration|int64|\[\]string|map\[|unmarshal|!!)`)

// TestSourceHostsDisjoint checks that no host of one source is claimed by
// another, so SourceForURL does not depend on the order of sources.
func TestSourceHostsDisjoint(t *testing.T) {
	cfg := Default()
	for i, a := range cfg.Sources {
		for _, h := range a.Hosts {
			host := strings.TrimPrefix(h, ".")
			for j, b := range cfg.Sources {
				if i != j && b.OwnsHost(host) {
					t.Errorf("host %s of source %s is also claimed by %s", h, a.ID, b.ID)
				}
			}
		}
	}
}
