package replay

import (
	"bytes"
	"errors"
	"fmt"
	"hash/fnv"
	"html"
	"net/http"
	"strings"
	"sync/atomic"
	"time"
)

// Synthetic serves N SYNTHETIC Xinhua articles for benchmarks: the real
// 2023 news.cn template (a saved page) with title, date and body replaced by
// text drawn from real paragraphs, each page made on request so that serving
// 20,000 of them costs no memory. Every page says in a comment that it is
// synthetic. Discovery: a sitemap index at /synthetic/sitemap.xml (1,000 URLs
// per sitemap) and a chain of listing pages from /synthetic/list/0.html (100
// articles each) for crawlers that only follow links, such as wget.
type Synthetic struct {
	N     int
	Paras []string // real paragraphs to draw bodies from

	head, tail []byte // the template around the body
	title      string
	hits       atomic.Int64
}

const syntheticHost = "www.news.cn"

// NewSynthetic cuts template (the saved news.cn 2023 page) around its body.
func NewSynthetic(template []byte, paras []string, n int) (*Synthetic, error) {
	const open = `<span id="detailContent">`
	const end = `</p></span> <div id="articleEdit">`
	i, j := bytes.Index(template, []byte(open)), bytes.Index(template, []byte(end))
	t0, t1 := bytes.Index(template, []byte(`<span class="title">`)), -1
	if t0 >= 0 {
		t1 = bytes.Index(template[t0:], []byte(`</span>`))
	}
	if i < 0 || j < i || t1 < 0 || len(paras) == 0 {
		return nil, errors.New("replay: template is not a news.cn 2023 article page")
	}
	title := string(template[t0+len(`<span class="title">`) : t0+t1])
	return &Synthetic{N: n, Paras: paras, head: template[:i+len(open)], tail: template[j+len("</p>"):], title: title}, nil
}

// URL is the address of article i.
func (s *Synthetic) URL(i int) string {
	h := fnv.New128a()
	fmt.Fprintf(h, "synthetic-%d", i)
	return fmt.Sprintf("http://%s/synthetic/%s/%x/c.html", syntheticHost, s.day(i).Format("20060102"), h.Sum(nil))
}

func (s *Synthetic) day(i int) time.Time {
	return time.Date(2024, 1, 1, 9, 0, 0, 0, time.UTC).AddDate(0, 0, i%365)
}

// Articles is how many article pages have been served.
func (s *Synthetic) Articles() int64 { return s.hits.Load() }

func (s *Synthetic) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	p := r.URL.Path
	switch {
	case p == "/robots.txt":
		fmt.Fprint(w, "User-agent: *\nAllow: /\n")
	case p == "/synthetic/sitemap.xml":
		w.Header().Set("Content-Type", "application/xml")
		fmt.Fprint(w, `<?xml version="1.0" encoding="UTF-8"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">`)
		for k := 0; k*1000 < s.N; k++ {
			fmt.Fprintf(w, "<sitemap><loc>http://%s/synthetic/sitemap-%d.xml</loc></sitemap>", syntheticHost, k)
		}
		fmt.Fprint(w, "</sitemapindex>")
	case strings.HasPrefix(p, "/synthetic/sitemap-"):
		var k int
		fmt.Sscanf(p, "/synthetic/sitemap-%d.xml", &k)
		w.Header().Set("Content-Type", "application/xml")
		fmt.Fprint(w, `<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">`)
		for i := k * 1000; i < min((k+1)*1000, s.N); i++ {
			fmt.Fprintf(w, "<url><loc>%s</loc></url>", s.URL(i))
		}
		fmt.Fprint(w, "</urlset>")
	case strings.HasPrefix(p, "/synthetic/list/"):
		var k int
		fmt.Sscanf(p, "/synthetic/list/%d.html", &k)
		var links []string
		for i := k * 100; i < min((k+1)*100, s.N); i++ {
			links = append(links, s.URL(i))
		}
		if (k+1)*100 < s.N {
			links = append(links, fmt.Sprintf("http://%s/synthetic/list/%d.html", syntheticHost, k+1))
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write(Listing("synthetic listing", links).Body)
	case strings.HasSuffix(p, "/c.html"):
		i := s.index(r.URL.Path)
		if i < 0 {
			http.NotFound(w, r)
			return
		}
		s.hits.Add(1)
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		s.write(w, i)
	default:
		http.NotFound(w, r)
	}
}

// index finds the article a path names; the ids are hashes, so it asks the
// date's candidates (i ≡ day mod 365).
func (s *Synthetic) index(path string) int {
	var day string
	if _, err := fmt.Sscanf(path, "/synthetic/%8s/", &day); err != nil {
		return -1
	}
	t, err := time.Parse("20060102", day)
	if err != nil {
		return -1
	}
	for i := int(t.Sub(time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)).Hours() / 24); i < s.N; i += 365 {
		if strings.HasSuffix(s.URL(i), path) {
			return i
		}
	}
	return -1
}

func (s *Synthetic) write(w http.ResponseWriter, i int) {
	title := fmt.Sprintf("合成文章第%d篇（SYNTHETIC）", i)
	day := s.day(i)
	head := strings.NewReplacer(s.title, title, "2024-05-09", day.Format("2006-01-02"), "20240509", day.Format("20060102")).Replace(string(s.head))
	fmt.Fprintf(w, "<!-- SYNTHETIC page %d made by tifa's benchmark from the saved news.cn 2023 template; not a real article -->\n", i)
	w.Write([]byte(head))
	for k := range 8 {
		fmt.Fprintf(w, "<p>%s</p>", html.EscapeString(s.Paras[(i*7+k*13)%len(s.Paras)]))
	}
	w.Write(s.tail)
}
