package extract

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestConstructedPages covers templates with no saved page in the corpus;
// see testdata/constructed/README.md.
func TestConstructedPages(t *testing.T) {
	tests := []struct {
		file, url                        string
		method, title, published, source string
		editor, origin                   string
	}{
		{"xinhua_regional_2020.html", "http://he.news.cn/20240509/abc/c.html",
			"xinhua-regional-2020", "河北推进雄安新区建设取得新进展", "2024-05-09 10:21", "page", "李四", "新华社"},
		{"people_health_2024.html", "http://health.people.com.cn/n1/2024/0509/c14739-40230000.html",
			"people-2024", "春季过敏高发 专家提醒做好防护", "2024-05-09 15:20", "page", "王五、赵六", "人民网－健康频道"},
		{"script_future_date.html", "http://news.example.cn/2024-05/10/content_1.htm",
			"generic", "某市举办春季招聘会", "2024-05-10 00:00", "url", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			raw, err := os.ReadFile(filepath.Join("testdata", "constructed", tt.file))
			if err != nil {
				t.Fatal(err)
			}
			a, err := extract(tt.url, raw, "text/html; charset=utf-8", testNow)
			if err != nil {
				t.Fatal(err)
			}
			got := []string{a.Method, a.Title, a.Published.Format("2006-01-02 15:04"), a.PublishedSource, a.Editor, a.Origin}
			want := []string{tt.method, tt.title, tt.published, tt.source, tt.editor, tt.origin}
			if strings.Join(got, "|") != strings.Join(want, "|") {
				t.Errorf("got  %q\nwant %q", got, want)
			}
			if strings.Contains(a.Body, "责任编辑") || a.Body == "" {
				t.Errorf("body empty or holds the editor line: %q", a.Body)
			}
			if a.Published.Location().String() != "CST" {
				t.Errorf("published zone %v, want CST", a.Published.Location())
			}
		})
	}
}
