package extract

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func readConstructed(t *testing.T, name string) []byte {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join("testdata", "constructed", name))
	if err != nil {
		t.Fatal(err)
	}
	return raw
}

func TestPrintArticle(t *testing.T) {
	const u = "http://paper.people.com.cn/rmrb/html/2024-05/10/nw.D110000renmrb_20240510_2-04.htm"
	a, err := extract(u, readConstructed(t, "rmrb_print_article_2024.html"), "", testNow)
	if err != nil {
		t.Fatal(err)
	}
	got := []string{a.Method, a.Kicker, a.Title, a.Author, a.PrintPage, a.Published.Format("2006-01-02"), a.PublishedSource}
	want := []string{"rmrb-print", "推动高质量发展·权威发布", "在新时代中部地区崛起中争先出彩", "本报记者 王乐文 方 敏", "04", "2024-05-10", "page"}
	if !slices.Equal(got, want) {
		t.Errorf("got  %q\nwant %q", got, want)
	}
	if n := strings.Count(a.Body, "\n") + 1; n != 3 || !strings.HasPrefix(a.Body, "5月9日") {
		t.Errorf("body: got %d paragraphs %q, want 3 starting 5月9日", n, a.Body)
	}
}

func TestPrintPageFromReprint(t *testing.T) {
	// The 2024 people.com.cn template links its date line to the print
	// article; the 2009 template only has the "《 人民日报 》（… 版）" line.
	for _, tt := range []struct{ url, body, want string }{
		{"http://finance.people.com.cn/n1/2024/0510/c1004-40232587.html", "", "04"},
		{"", "正文。\n《 人民日报 》（ 2020年08月25日 02 版）", "02"},
		{"", "正文。\n《人民日报》（2020年08月25日第1版）", "01"},
		{"", "正文。", ""},
	} {
		p := &page{url: tt.url}
		var r *Rule
		if tt.url != "" {
			raw, err := os.ReadFile(filepath.Join(corpusDir, "people", "mh_finance_people_c1004_40232587.html"))
			if err != nil {
				t.Fatal(err)
			}
			a, err := extract(tt.url, raw, "", testNow)
			if err != nil {
				t.Fatal(err)
			}
			if a.PrintPage != tt.want {
				t.Errorf("%s: print page %q, want %q", tt.url, a.PrintPage, tt.want)
			}
			continue
		}
		if got := printPage(r, p, tt.body); got != tt.want {
			t.Errorf("%q: print page %q, want %q", tt.body, got, tt.want)
		}
	}
}

func TestPrintLayout(t *testing.T) {
	for _, tt := range []struct {
		file, url, page string
		articles        []string
	}{
		{"rmrb_print_layout_2024.html", "http://paper.people.com.cn/rmrb/html/2024-05/10/nbs.D110000renmrb_04.htm", "04", []string{
			"http://paper.people.com.cn/rmrb/html/2024-05/10/nw.D110000renmrb_20240510_1-04.htm",
			"http://paper.people.com.cn/rmrb/html/2024-05/10/nw.D110000renmrb_20240510_2-04.htm",
			"http://paper.people.com.cn/rmrb/html/2024-05/10/nw.D110000renmrb_20240510_3-04.htm",
		}},
		{"rmrb_print_layout_2025.html", "http://paper.people.com.cn/rmrb/pc/layout/202505/12/node_01.html", "01", []string{
			"http://paper.people.com.cn/rmrb/pc/content/202505/12/content_30071001.html",
			"http://paper.people.com.cn/rmrb/pc/content/202505/12/content_30071002.html",
		}},
	} {
		page, articles, err := PrintLayout(tt.url, readConstructed(t, tt.file))
		if err != nil {
			t.Fatal(err)
		}
		if page != tt.page || !slices.Equal(articles, tt.articles) {
			t.Errorf("%s: got %q %q\nwant %q %q", tt.file, page, articles, tt.page, tt.articles)
		}
	}
	if _, _, err := PrintLayout("http://example.com/", []byte("<html><body>nothing</body></html>")); err == nil {
		t.Error("PrintLayout of a page without page number: got no error")
	}
}
