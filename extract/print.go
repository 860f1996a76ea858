package extract

import (
	"bytes"
	"fmt"
	"net/url"
	"regexp"
	"strings"

	"github.com/PuerkitoBio/goquery"

	"github.com/tifa-project/tifa/charset"
)

// The print edition of People's Daily (paper.people.com.cn/rmrb) addresses
// pages and articles by date and page number:
//
//	layout  /rmrb/html/2024-05/10/nbs.D110000renmrb_01.htm
//	article /rmrb/html/2024-05/10/nw.D110000renmrb_20240510_1-01.htm
//
// and, from 2025, /rmrb/pc/layout/202505/10/node_01.html with articles under
// /rmrb/pc/content/202505/10/content_….html.
var (
	printArticleRe = regexp.MustCompile(`nw\.D110000renmrb_\d{8}_\d+-(\d{2})\.htm`)
	printLayoutRe  = regexp.MustCompile(`(?:nbs\.D110000renmrb_|/layout/\d{6}/\d{2}/node_)(\d{2})\.html?`)
	printContentRe = regexp.MustCompile(`/rmrb/pc/content/\d{6}/\d{2}/content_\d+\.html?`)
	// printLineRe reads "《 人民日报 》（ 2024年05月10日   04 版）".
	printLineRe = regexp.MustCompile(`《\s*人民日报\s*》\s*[（(]\s*\d{4}年\d{1,2}月\d{1,2}日\s*(?:第\s*)?(\d{1,2})\s*版\s*[）)]`)
	// printLabelRe reads a print page's own label, "第04版：要闻" or "04版".
	printLabelRe = regexp.MustCompile(`(?:^|\s|第)(\d{1,2})\s*版`)
)

// printPage finds the print-edition page of a People's Daily article: from
// its own print URL, from a link to the print article (the 2024 template's
// date line), from the "《 人民日报 》（ … 04 版）" line, or from the page
// label of a print article.
func printPage(r *Rule, p *page, body string) string {
	if m := printArticleRe.FindStringSubmatch(p.url); m != nil {
		return m[1]
	}
	if r != nil {
		for _, sel := range r.PrintLink {
			var page string
			p.doc.Find(sel).EachWithBreak(func(_ int, a *goquery.Selection) bool {
				href, _ := a.Attr("href")
				if m := printArticleRe.FindStringSubmatch(href); m != nil {
					page = m[1]
				}
				return page == ""
			})
			if page != "" {
				return page
			}
		}
	}
	for _, line := range strings.Split(body, "\n") {
		if m := printLineRe.FindStringSubmatch(line); m != nil {
			return twoDigits(m[1])
		}
	}
	if r != nil {
		if m := printLabelRe.FindStringSubmatch(firstText(p.doc, r.PrintLabel)); m != nil {
			return twoDigits(m[1])
		}
	}
	return ""
}

func twoDigits(s string) string {
	if len(s) == 1 {
		return "0" + s
	}
	return s
}

// PrintLayout reads a layout page of the People's Daily print edition and
// returns its page number ("01" is the front page) and the absolute URLs of
// the articles printed on it, in page order.
func PrintLayout(pageURL string, raw []byte) (page string, articles []string, err error) {
	text, _, err := charset.Decode(raw, "")
	if err != nil {
		return "", nil, fmt.Errorf("print layout: %w", err)
	}
	base, err := url.Parse(pageURL)
	if err != nil {
		return "", nil, fmt.Errorf("print layout: %w", err)
	}
	doc, err := goquery.NewDocumentFromReader(bytes.NewReader([]byte(text)))
	if err != nil {
		return "", nil, fmt.Errorf("print layout: parse html: %w", err)
	}
	if m := printLayoutRe.FindStringSubmatch(pageURL); m != nil {
		page = m[1]
	}
	seen := map[string]bool{}
	// The article list (#titleList to 2020, ul.news-list after) is the
	// only place a layout page links to article pages, so every such link
	// counts, in document order.
	doc.Find("a[href]").Each(func(_ int, a *goquery.Selection) {
		href, _ := a.Attr("href")
		ref, err := base.Parse(strings.TrimSpace(href))
		if err != nil || seen[ref.String()] {
			return
		}
		if !printArticleRe.MatchString(ref.Path) && !printContentRe.MatchString(ref.Path) {
			return
		}
		seen[ref.String()] = true
		articles = append(articles, ref.String())
	})
	if page == "" {
		for _, a := range articles {
			if m := printArticleRe.FindStringSubmatch(a); m != nil {
				page = m[1]
				break
			}
		}
	}
	if page == "" {
		return "", nil, fmt.Errorf("print layout: %s: no page number in the URL or article links", pageURL)
	}
	return page, articles, nil
}
