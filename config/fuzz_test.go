package config

import (
	"bytes"
	"errors"
	"strings"
	"testing"
)

// FuzzParse parses arbitrary bytes as a configuration: never a panic, an
// error that names the file, and a configuration it accepts is one the
// crawler can use (URLs can be mapped to its sources without a panic).
func FuzzParse(f *testing.F) {
	f.Add(DefaultYAML())
	f.Add([]byte(`sources:
  - id: local
    start: [http://127.0.0.1:8080/list/]
    hosts: [127.0.0.1]
    article: ['^http://127\.0\.0\.1:8080/a/\d+\.html$']
    delay: 1ms
terms:
  - id: new-quality-productive-forces
    zh: [新质生产力]
archive:
  dir: /tmp/archive
  retention: 720h
`))
	f.Add([]byte("sources: []\nterms: []\n"))
	f.Add([]byte("sources:\n  - id: x\n    hosts: [\"\", 127.0.0.1]\n    max_pages: -5\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		cfg, err := Parse(bytes.NewReader(data), "fuzz.yaml")
		if err != nil {
			var ce *Error
			if !errors.As(err, &ce) && !strings.Contains(err.Error(), "fuzz.yaml") {
				t.Errorf("error does not name the file: %v", err)
			}
			return
		}
		for _, u := range []string{"http://127.0.0.1:8080/a/1.html", "https://www.news.cn/politics/", "http://[::1]/x", "%", ""} {
			if src, ok := cfg.SourceForURL(u); ok {
				src.IsArticle(u)
				src.Canonical(u)
			}
		}
		for i := range cfg.Sources {
			src := &cfg.Sources[i]
			for _, h := range src.Hosts {
				src.OwnsHost(h)
			}
		}
	})
}
