package extract

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"github.com/tifa-project/tifa"
)

func TestExtractErrors(t *testing.T) {
	tests := []struct {
		name string
		raw  string
	}{
		{"empty", ""},
		{"blank", " \n\t "},
		{"plain text", "just some words, no markup at all"},
		{"json", `{"title": "not a page"}`},
		{"html without text", "<html><head><title>x</title></head><body><script>var a=1</script></body></html>"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := Extract("", []byte(tt.raw), "")
			if !errors.Is(err, ErrNoArticle) {
				t.Fatalf("got article %+v, err %v; want ErrNoArticle", a, err)
			}
		})
	}
}

// TestExtractWithoutURL checks that saved pages give their own URL back and
// that the rule is still chosen by host.
func TestExtractWithoutURL(t *testing.T) {
	tests := []struct {
		file, wantURL, wantMethod string
	}{
		{"xinhua/gne_xinhuanet_world_c_1125327450.html", "http://www.xinhuanet.com/world/2019-12/10/c_1125327450.htm", "xinhua-2016"},
		{"govcn/gne_cmse_gov_cn_t20120624_43188.html", "http://www.cmse.gov.cn/ztbd/xwfbh/201206/t20120624_43188.html", "cmse-trs"},
		// No URL anywhere in the page: the two template markers decide.
		{"people/cx_people_politics_2010_gb2312_raw.html", "", "people-2009"},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			raw, err := os.ReadFile(filepath.Join(corpusDir, tt.file))
			if err != nil {
				t.Fatal(err)
			}
			a, err := Extract("", raw, "")
			if err != nil {
				t.Fatal(err)
			}
			if a.URL != tt.wantURL || a.Method != tt.wantMethod {
				t.Errorf("got url %q method %q, want %q %q", a.URL, a.Method, tt.wantURL, tt.wantMethod)
			}
		})
	}
}

func TestURLFromPage(t *testing.T) {
	tests := []struct {
		name, html, want string
	}{
		{"comment", "<!--http://www.news.cn/a/c.html-->\n<html></html>", "http://www.news.cn/a/c.html"},
		{"ie comment", "<!-- saved from url=(0027)http://www.gov.cn/x/y.htm -->\n<html></html>", "http://www.gov.cn/x/y.htm"},
		{"canonical", `<html><head><link rel="canonical" href="https://a.people.com.cn/n1/2024/0510/c1-2.html"></head></html>`, "https://a.people.com.cn/n1/2024/0510/c1-2.html"},
		{"og:url", `<html><head><meta property="og:url" content="https://www.gmw.cn/x.htm"></head></html>`, "https://www.gmw.cn/x.htm"},
		{"relative canonical ignored", `<html><head><link rel="canonical" href="/x.htm"></head></html>`, ""},
		{"none", "<html><body><p>x</p></body></html>", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := urlFromPage(tt.html, mustDoc(t, tt.html)); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestHostOf(t *testing.T) {
	tests := map[string]string{
		"http://www.news.cn/politics/c.html":                                                "www.news.cn",
		"https://web.archive.org/web/20120611024252/http://www.he.xinhuanet.com/news/x.htm": "www.he.xinhuanet.com",
		"HTTP://Finance.People.com.cn:80/n1/x.html":                                         "finance.people.com.cn",
		"": "",
	}
	for in, want := range tests {
		if got := hostOf(in); got != want {
			t.Errorf("hostOf(%q): got %q, want %q", in, got, want)
		}
	}
}

func TestChooseRule(t *testing.T) {
	people2024 := `<html><head><meta name="contentid" content="1"></head><body>
		<h1><img alt="logo"></h1><div class="col-1"><h1>标题</h1></div><div class="rm_txt_con"><p>正文</p></div></body></html>`
	tests := []struct {
		name, url, html, want string
	}{
		{"people host and markers", "http://finance.people.com.cn/n1/2024/0510/c1-2.html", people2024, "people-2024"},
		{"bare domain matches suffix rule", "http://people.com.cn/n1/2024/0510/c1-2.html", people2024, "people-2024"},
		{"markers on a foreign host", "http://example.com/a.html", people2024, ""},
		{"host without markers", "http://finance.people.com.cn/x.html", "<html><body><p>x</p></body></html>", ""},
		{"no host, two markers", "", people2024, "people-2024"},
		{"no host, one marker is not enough", "", `<html><body><div id="UCAP-CONTENT"><p>x</p></div></body></html>`, ""},
		{"lookalike host", "http://notpeople.com.cn/x.html", people2024, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := &page{url: tt.url, host: hostOf(tt.url), doc: mustDoc(t, tt.html)}
			got := ""
			if r := chooseRule(Rules(), p); r != nil {
				got = r.Name
			}
			if got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestParseStamp(t *testing.T) {
	now := time.Date(2024, 6, 1, 12, 0, 0, 0, tifa.China)
	tests := []struct {
		in   string
		want string // time.DateTime in China time, "" for none
	}{
		{"2024-05-09 22:27:02", "2024-05-09 22:27:02"},
		{"2024年05月10日06:58 | 来源：人民网", "2024-05-10 06:58:00"},
		{"2019年06月15日08:18", "2019-06-15 08:18:00"},
		{"2012-06-04", "2012-06-04 00:00:00"},
		{"2007-08-20-23:59:59", "2007-08-20 23:59:59"},
		{"2024 05/09 22:27:02", "2024-05-09 22:27:02"},
		{"Updated: 2024-05-20 14:41", "2024-05-20 14:41:00"},
		{"新华网河北频道 ( 2012-06-04 09:20:26 )", "2012-06-04 09:20:26"},
		{"2024-06-03 10:00", ""},                                   // future beyond now+1 day
		{"2099-01-01 copyright 2020-03-04", "2020-03-04 00:00:00"}, // skips the script date
		{"2024-02-30", ""},
		{"no date here", ""},
	}
	for _, tt := range tests {
		got, ok := parseStamp(tt.in, now)
		gotS := ""
		if ok {
			gotS = got.Format(time.DateTime)
			if got.Location() != tifa.China {
				t.Errorf("parseStamp(%q): zone %v, want China time", tt.in, got.Location())
			}
		}
		if gotS != tt.want {
			t.Errorf("parseStamp(%q): got %q, want %q", tt.in, gotS, tt.want)
		}
	}
}

func TestURLStamp(t *testing.T) {
	now := time.Date(2024, 6, 1, 12, 0, 0, 0, tifa.China)
	tests := map[string]string{
		"http://www.news.cn/politics/leaders/20240509/3dd6/c.html":                                             "2024-05-09",
		"http://www.news.cn/fortune/2023-11/17/c_1129981476.htm":                                               "2023-11-17",
		"http://finance.people.com.cn/n1/2024/0510/c1004-40232587.html":                                        "2024-05-10",
		"https://www.chinadaily.com.cn/a/202405/20/WS664af0b2a31082fc043c814d.html":                            "2024-05-20",
		"http://www.cmse.gov.cn/ztbd/xwfbh/201206/t20120624_43188.html":                                        "2012-06-24",
		"https://web.archive.org/web/20120611024252/http://www.he.xinhuanet.com/news/2012-06/04/content_1.htm": "2012-06-04",
		"http://www.news.cn/politics/20991231/x/c.html":                                                        "",
		"http://example.com/about.html":                                                                        "",
	}
	for u, want := range tests {
		got := ""
		if s := urlStamp(u, now); !s.t.IsZero() {
			got = s.t.Format(time.DateOnly)
			if s.source != "url" {
				t.Errorf("urlStamp(%q): source %q, want url", u, s.source)
			}
		}
		if got != want {
			t.Errorf("urlStamp(%q): got %q, want %q", u, got, want)
		}
	}
}

func TestCleanTitle(t *testing.T) {
	tests := map[string]string{
		"法国全国大罢工再次严重影响交通_新华网":                                                           "法国全国大罢工再次严重影响交通",
		"安徽司法行政系训诫预警：“揪揪耳朵”防腐败--时政--人民网 ":                                               "安徽司法行政系训诫预警：“揪揪耳朵”防腐败",
		"外国专家：中美合作共赢符合国际社会利益 - 中国日报网":                                                   "外国专家：中美合作共赢符合国际社会利益",
		"宇航员在太空中喝酒会怎么样？后果很严重 _探索者 _光明网":                                                 "宇航员在太空中喝酒会怎么样？后果很严重",
		"Centuries-old golden nanmu add color to Chongqing village - Chinadaily.com.cn": "Centuries-old golden nanmu add color to Chongqing village",
		"决议__2007年第23号国务院公报_中国政府网":                                                      "决议__2007年第23号国务院公报", // stops when the head gets too short
		"全国人大常委会关于批准的决议__2007年第23号国务院公报_中国政府网":                                          "全国人大常委会关于批准的决议",
		"益阳：“数字”是优长-半月谈":                                                                "益阳：“数字”是优长",
		"中美-合作":   "中美-合作",
		"没有后缀的标题": "没有后缀的标题",
	}
	for in, want := range tests {
		if got := cleanTitle(in); got != want {
			t.Errorf("cleanTitle(%q): got %q, want %q", in, got, want)
		}
	}
}

// TestTitleFromHeadSkipsLogo uses a constructed page: the first h1 is the
// site logo, as on people.com.cn.
func TestTitleFromHeadSkipsLogo(t *testing.T) {
	doc := mustDoc(t, `<html><head><title>真实的新闻标题在这里-人民网</title></head><body>
		<h1>人民网</h1><h1 class="x">人民网首页导航</h1><div><h1>真实的新闻标题在这里</h1></div></body></html>`)
	if got, want := titleFromHead(doc), "真实的新闻标题在这里"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

// TestGenericDates uses constructed pages on an unknown host.
func TestGenericDates(t *testing.T) {
	now := time.Date(2024, 6, 1, 12, 0, 0, 0, tifa.China)
	para := strings.Repeat("这是一段足够长的正文内容，用来让通用抽取器认为这里有文章。", 8)
	body := "<div class=\"article\"><p>" + para + "</p><p>" + para + "</p></div>"
	tests := []struct {
		name, url, head, stamp, want, wantSource string
	}{
		{"meta", "http://example.cn/a.html", `<meta name="publishdate" content="2024-05-09">`, "", "2024-05-09 00:00", "meta"},
		{"future meta falls to url", "http://example.cn/2024-05/08/a.html", `<meta name="publishdate" content="2030-01-01">`, "", "2024-05-08 00:00", "url"},
		{"page stamp agreeing with url", "http://example.cn/2024-05/08/a.html", "", `<span class="pubtime">2024-05-08 10:11</span>`, "2024-05-08 10:11", "page"},
		{"page stamp contradicting url", "http://example.cn/2024-05/08/a.html", "", `<span class="pubtime">2023-01-02 10:11</span>`, "2024-05-08 00:00", "url"},
		{"nothing", "http://example.cn/a.html", "", "", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			html := "<html><head><title>测试标题</title>" + tt.head + "</head><body><h1>测试标题</h1>" + tt.stamp + body + "</body></html>"
			a, err := extract(tt.url, []byte(html), "", now)
			if err != nil {
				t.Fatal(err)
			}
			got := ""
			if !a.Published.IsZero() {
				got = a.Published.Format("2006-01-02 15:04")
			}
			if got != tt.want || a.PublishedSource != tt.wantSource || a.Method != "generic" {
				t.Errorf("got %q (%s, %s), want %q (%s, generic)", got, a.PublishedSource, a.Method, tt.want, tt.wantSource)
			}
		})
	}
}

func TestBodyText(t *testing.T) {
	html := `<div id="b"><p>　　第一段。</p><div>Play Video</div><div>0:00</div><div>/2:54</div>
		<p>第二段<br>第三段</p><p></p><p>【纠错】</p><span class="editor">【责任编辑:王頔】</span>
		<p>阅读下一篇：</p><p>（责任编辑：刘则华）</p><p>结尾。【责任编辑：张三】</p></div>`
	doc := mustDoc(t, html)
	paras, editor := bodyText(doc.Find("#b").Nodes[0])
	if got, want := strings.Join(paras, "|"), "第一段。|第二段|第三段|结尾。"; got != want {
		t.Errorf("paragraphs: got %q, want %q", got, want)
	}
	if editor != "刘则华" {
		t.Errorf("editor: got %q, want 刘则华", editor)
	}
}

func TestDetectLang(t *testing.T) {
	tests := []struct {
		html, text, want string
	}{
		{`<html lang="utf-8">`, "这是中文正文", "zh"},
		{`<html lang="en">`, "这是中文正文，虽然页面说是英文", "zh"},
		{`<html>`, "This is an English article.", "en"},
		{`<html lang="fr-FR">`, "Ceci est un article.", "fr"},
		{`<html>`, "これは日本語の記事です", "ja"},
	}
	for _, tt := range tests {
		if got := detectLang(mustDoc(t, tt.html), tt.text); got != tt.want {
			t.Errorf("detectLang(%q, %q): got %q, want %q", tt.html, tt.text, got, tt.want)
		}
	}
}

func mustDoc(t *testing.T, html string) *goquery.Document {
	t.Helper()
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(html))
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

func TestRulesTable(t *testing.T) {
	seen := map[string]bool{}
	for _, r := range Rules() {
		if r.Name == "" || seen[r.Name] {
			t.Errorf("rule name %q empty or repeated", r.Name)
		}
		seen[r.Name] = true
		if len(r.Hosts) == 0 || len(r.Markers) == 0 || len(r.Body) == 0 || len(r.Title) == 0 {
			t.Errorf("rule %s: hosts, markers, title and body selectors are all required", r.Name)
		}
		for _, h := range r.Hosts {
			if h != strings.ToLower(h) || strings.Contains(h, "/") {
				t.Errorf("rule %s: host %q must be a lower-case host name", r.Name, h)
			}
		}
	}
}

// TestEveryRuleHasAPage checks that each row of Rules is chosen for at least
// one saved corpus page or, where none exists, a constructed one.
func TestEveryRuleHasAPage(t *testing.T) {
	used := map[string]string{}
	for _, p := range loadCorpus(t) {
		if a, err := extract(p.url(), p.raw, "", testNow); err == nil {
			used[a.Method] = "saved " + p.rel
		}
	}
	constructed := map[string]string{
		"xinhua_regional_2020.html":    "http://he.news.cn/20240509/abc/c.html",
		"rmrb_print_article_2024.html": "http://paper.people.com.cn/rmrb/html/2024-05/10/nw.D110000renmrb_20240510_2-04.htm",
	}
	for file, u := range constructed {
		a, err := extract(u, readConstructed(t, file), "", testNow)
		if err != nil {
			t.Fatal(err)
		}
		if used[a.Method] == "" {
			used[a.Method] = "constructed " + file
		}
	}
	for _, r := range Rules() {
		if used[r.Name] == "" {
			t.Errorf("rule %s is not chosen for any saved or constructed page", r.Name)
		} else {
			t.Logf("%-22s %s", r.Name, used[r.Name])
		}
	}
}

// TestShortGenericPageNotDoubled: on a short page go-trafilatura appends the
// whole page text as one more paragraph; counted, every term would count
// twice. The page is constructed.
func TestShortGenericPageNotDoubled(t *testing.T) {
	page := `<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>会变的文章</title></head>
<body><article><h1>会变的文章</h1><p>第1段：各地因地制宜发展新质生产力，推动产业升级，记者在调研中看到许多企业加快技术改造的步伐。</p>
<p>专家表示，这些举措将为经济长期向好提供有力支撑，也为地方发展注入新的活力和动能。</p></article></body></html>`
	a, err := Extract("https://news.example/a/12.html", []byte(page), "")
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(a.Body, "新质生产力"); n != 1 {
		t.Errorf("body holds the paragraph %d times:\n%s", n, a.Body)
	}
}
