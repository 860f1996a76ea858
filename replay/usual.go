package replay

import (
	"crypto/sha256"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
)

// Usual is a CONSTRUCTED site of the shape a new source usually has, served
// over plain http on loopback under its real address (no Transport trick):
// a listing at /list/ with a navigation bar and a footer, its "下一页" page
// /list/2.html, and article pages /a/N.html with the same bar and footer.
// Listings carry an ETag and answer a matching If-None-Match with 304, as
// most servers do. Article 6 moved: /a/6.html redirects to /a/2024/6.html.
// Every page says in a comment that it is constructed.
type Usual struct {
	URL string // http://127.0.0.1:PORT

	srv         *httptest.Server
	mu          sync.Mutex
	hits        map[string]int
	conditional map[string]int // requests that carried If-None-Match
	notModified map[string]int
}

// UsualArticles is how many articles the usual site lists, over two pages.
const UsualArticles = 6

// UsualMentions is how often article n mentions 新质生产力.
func UsualMentions(n int) int { return n }

// StartUsual serves the usual site until Close.
func StartUsual() *Usual {
	u := &Usual{hits: map[string]int{}, conditional: map[string]int{}, notModified: map[string]int{}}
	u.srv = httptest.NewServer(http.HandlerFunc(u.serve))
	u.URL = u.srv.URL
	return u
}

// Close stops the server.
func (u *Usual) Close() { u.srv.Close() }

// Hits is how often path was requested.
func (u *Usual) Hits(path string) int { u.mu.Lock(); defer u.mu.Unlock(); return u.hits[path] }

// Conditional is how many requests for path carried If-None-Match.
func (u *Usual) Conditional(path string) int {
	u.mu.Lock()
	defer u.mu.Unlock()
	return u.conditional[path]
}

// NotModified is how many 304s path was answered with.
func (u *Usual) NotModified(path string) int {
	u.mu.Lock()
	defer u.mu.Unlock()
	return u.notModified[path]
}

const usualNav = `<div class="nav"><a href="/">首页</a> | <a href="/list/">要闻</a> | <a href="/about.html">关于我们</a> | <a href="/list/?from=nav">滚动</a></div>`
const usualFooter = `<div class="footer"><a href="/about.html">关于我们</a> | <a href="/contact.html">联系我们</a>
<p>版权所有 © 示例新闻网 京ICP备00000000号</p></div>`

func (u *Usual) serve(w http.ResponseWriter, r *http.Request) {
	u.mu.Lock()
	u.hits[r.URL.Path]++
	if r.Header.Get("If-None-Match") != "" {
		u.conditional[r.URL.Path]++
	}
	u.mu.Unlock()
	var page string
	switch p := r.URL.Path; {
	case p == "/robots.txt":
		w.Header().Set("Content-Type", "text/plain")
		fmt.Fprint(w, "User-agent: *\nAllow: /\n")
		return
	case p == "/list/":
		page = u.listing("要闻", 1, 4, `<a href="/list/2.html">下一页</a>`)
	case p == "/list/2.html":
		page = u.listing("要闻（第2页）", 4, UsualArticles+1, `<a href="/list/">上一页</a>`)
	case p == "/a/6.html":
		http.Redirect(w, r, "/a/2024/6.html", http.StatusMovedPermanently)
		return
	case p == "/a/2024/6.html":
		page = usualArticle(6)
	default:
		var n int
		if _, err := fmt.Sscanf(p, "/a/%d.html", &n); err != nil || n < 1 || n > UsualArticles || p != fmt.Sprintf("/a/%d.html", n) {
			http.NotFound(w, r)
			return
		}
		page = usualArticle(n)
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	if strings.HasPrefix(r.URL.Path, "/list/") {
		sum := sha256.Sum256([]byte(page))
		etag := fmt.Sprintf(`"%x"`, sum[:8])
		w.Header().Set("ETag", etag)
		if r.Header.Get("If-None-Match") == etag {
			u.mu.Lock()
			u.notModified[r.URL.Path]++
			u.mu.Unlock()
			w.WriteHeader(http.StatusNotModified)
			return
		}
	}
	fmt.Fprint(w, page)
}

func (u *Usual) listing(title string, from, to int, pager string) string {
	var b strings.Builder
	fmt.Fprintf(&b, `<!DOCTYPE html><!-- CONSTRUCTED listing page of a plain-http test site --><html lang="zh-CN"><head><meta charset="utf-8"><title>%s</title></head><body>%s<ul>`, title, usualNav)
	for n := from; n < to; n++ {
		fmt.Fprintf(&b, `<li><a href="/a/%d.html">第%d篇：各地发展新质生产力</a> 2024-05-1%d</li>`, n, n, n)
	}
	fmt.Fprintf(&b, `</ul><div class="pager">%s</div>%s</body></html>`, pager, usualFooter)
	return b.String()
}

// usualArticle is article n: UsualMentions(n) paragraphs naming 新质生产力,
// and two that do not.
func usualArticle(n int) string {
	var b strings.Builder
	fmt.Fprintf(&b, `<!DOCTYPE html><!-- CONSTRUCTED article page of a plain-http test site --><html lang="zh-CN"><head><meta charset="utf-8">
<title>第%d篇 示例新闻网</title></head><body>%s<div class="main"><h1>第%d篇文章</h1><div class="info">2024-05-1%d 09:30 来源：示例新闻网</div><div class="content">`, n, usualNav, n, n)
	for i := range UsualMentions(n) {
		fmt.Fprintf(&b, "<p>第%d段：记者在第%d个调研点看到，当地因地制宜发展新质生产力，企业加快技术改造和设备更新的步伐，产业升级的势头明显。</p>\n", i+1, n)
	}
	b.WriteString("<p>专家表示，这些举措将为经济长期向好提供有力支撑，也为地方发展注入新的活力和动能。</p>\n")
	b.WriteString("<p>业内人士认为，下一步还要在人才培养、资金保障和制度创新等方面持续发力，久久为功。</p>\n")
	fmt.Fprintf(&b, `</div></div>%s</body></html>`, usualFooter)
	return b.String()
}
