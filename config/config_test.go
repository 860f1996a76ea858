package config

import (
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
terms:
  - id: t
    zh: [新质生产力]
`, "bad.yaml:5: sources[0].article[0]: bad regular expression"},
		{"unknown field", `
sources:
  - id: x
    hostz: [a.example]
`, "bad.yaml: line 4: field hostz not found"},
		{"bad delay", `
sources:
  - id: x
    delay: soon
`, `"soon" is not a duration`},
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
terms:
  - id: t
    zh: [新质生产力]
  - id: t
    zh: [单一窗口]
`, `bad.yaml:9: terms[1].id: duplicate term id "t"`},
		{"empty", ``, "bad.yaml: sources: the file is empty"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse(strings.NewReader(tt.yaml), "bad.yaml")
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got error %v, want one containing %q", err, tt.want)
			}
		})
	}
}
