package extract

import (
	"net/url"
	"path"
	"regexp"
	"strconv"
	"strings"

	"github.com/PuerkitoBio/goquery"

	"github.com/tifa-project/tifa/reprint"
)

// nextLinkText is the text of a link to the following page.
var nextLinkText = regexp.MustCompile(`^(?:下一页|下页|下一頁)\s*[>»›]*$`)

// pageSuffix splits "c_1125327450_2.htm" into the first page's name and
// the page number; page numbers have one or two digits, article ids more.
var pageSuffix = regexp.MustCompile(`^(.+)_(\d{1,2})(\.[a-z]+)$`)

// nextPages lists the following pages of a multi-page article: links named
// 下一页, and links to siblings of the page's own name with a higher _N
// suffix (c_123.htm → c_123_2.htm, c_123_3.htm). The pager of the rule is
// searched first; without one, the whole page.
func nextPages(r *Rule, p *page) []string {
	base, err := url.Parse(p.url)
	if err != nil || base.Host == "" {
		return nil
	}
	scope := p.doc.Selection
	if r != nil {
		if el := firstSelection(p.doc, r.Pager); el != nil {
			scope = el
		}
	}
	dir, name := path.Split(base.Path)
	stem, ext, current := strings.TrimSuffix(name, path.Ext(name)), path.Ext(name), 1
	if m := pageSuffix.FindStringSubmatch(name); m != nil {
		stem, current, ext = m[1], atoi(m[2]), m[3]
	}
	var out []string
	seen := map[string]bool{base.String(): true}
	add := func(u *url.URL) {
		u.Fragment = ""
		if s := u.String(); !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	scope.Find("a[href]").Each(func(_ int, a *goquery.Selection) {
		href, _ := a.Attr("href")
		u, err := base.Parse(strings.TrimSpace(href))
		if err != nil || u.Host != base.Host || (u.Scheme != "http" && u.Scheme != "https") {
			return
		}
		if nextLinkText.MatchString(collapseSpace(a.Text())) && u.Path != base.Path {
			add(u)
			return
		}
		d, n := path.Split(u.Path)
		if m := pageSuffix.FindStringSubmatch(n); m != nil && d == dir && m[1] == stem && m[3] == ext && atoi(m[2]) > current {
			add(u)
		}
	})
	return out
}

func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}

// Stitch joins the pages of a multi-page article into one: the first page's
// fields with the bodies of the rest appended, paragraphs already seen (a
// lead or editor note repeated on every page) dropped, and the fingerprint
// recomputed. It returns a new Result and changes none of its arguments.
func Stitch(first *Result, rest ...*Result) *Result {
	out := *first
	out.NextPages = nil
	paras := strings.Split(first.Body, "\n")
	seen := make(map[string]bool, len(paras))
	for _, p := range paras {
		seen[p] = true
	}
	for _, a := range rest {
		if a == nil {
			continue
		}
		for _, p := range strings.Split(a.Body, "\n") {
			if p == "" || seen[p] {
				continue
			}
			seen[p] = true
			paras = append(paras, p)
		}
	}
	out.Body = strings.Join(paras, "\n")
	out.Fingerprint = reprint.Fingerprint(out.Body)
	return &out
}
