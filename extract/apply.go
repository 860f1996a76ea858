package extract

import (
	"slices"
	"strings"
	"time"

	"github.com/PuerkitoBio/goquery"

	"github.com/tifa-project/tifa"
)

// apply extracts an article with r. It returns an article with an empty body
// when the body selector finds no text, so the caller can fall back.
func (r *Rule) apply(p *page) *Result {
	a := &Result{Article: tifa.Article{Method: r.Name}}
	a.Title = cleanTitle(firstText(p.doc, r.Title))
	if a.Title == "" {
		a.Title = titleFromHead(p.doc)
	}
	a.Kicker = firstText(p.doc, r.Kicker)
	a.Subtitle = firstText(p.doc, r.Subtitle)

	// Read the small fields before the drop step removes their elements.
	a.Author = cleanAuthor(firstText(p.doc, r.Author))
	a.Editor = editorName(firstText(p.doc, r.Editor))
	origin := originFromLine(firstText(p.doc, r.Origin))
	stamp := firstStamp(p.doc, r.Date, p.now)

	body := firstSelection(p.doc, r.Body)
	if body == nil {
		return a
	}
	for _, d := range slices.Concat(r.Drop, r.Pager, alwaysDrop) {
		body.Find(d).Remove()
	}
	paras, editor := bodyText(body.Nodes[0])
	a.Body = strings.Join(paras, "\n")
	if a.Editor == "" {
		a.Editor = editor
	}
	fillCommon(a, p, stamp, origin, paras)
	return a
}

// fillCommon completes the fields every method derives the same way.
func fillCommon(a *Result, p *page, stamp stampResult, origin string, paras []string) {
	if stamp.t.IsZero() {
		stamp = metaStamp(p.doc, p.now)
	}
	if stamp.t.IsZero() {
		stamp = urlStamp(p.url, p.now)
	}
	a.Published, a.PublishedSource = stamp.t, stamp.source
	if a.Author == "" {
		a.Author = cleanAuthor(metaContent(p.doc, "author"))
	}
	if a.Editor == "" {
		a.Editor = editorName("责任编辑：" + metaContent(p.doc, "editor"))
	}
	if o := datelineOrigin(paras); o != "" {
		a.Origin = o
	} else if origin != "" {
		a.Origin = origin
	} else {
		a.Origin = originFromLine("来源：" + metaContent(p.doc, "source"))
	}
}

func firstSelection(doc *goquery.Document, sels []string) *goquery.Selection {
	for _, s := range sels {
		found := doc.Find(s)
		for i := range found.Nodes {
			el := found.Eq(i)
			if strings.TrimSpace(el.Text()) != "" {
				return el
			}
		}
	}
	return nil
}

func firstText(doc *goquery.Document, sels []string) string {
	if el := firstSelection(doc, sels); el != nil {
		return collapseSpace(el.Text())
	}
	return ""
}

func firstStamp(doc *goquery.Document, sels []string, now time.Time) stampResult {
	for _, s := range sels {
		var res stampResult
		doc.Find(s).EachWithBreak(func(_ int, el *goquery.Selection) bool {
			if t, ok := parseStamp(el.Text(), now); ok {
				res = stampResult{t: t, source: "page"}
				return false
			}
			return true
		})
		if !res.t.IsZero() {
			return res
		}
	}
	return stampResult{}
}

func metaContent(doc *goquery.Document, name string) string {
	v, _ := doc.Find("meta[name='" + name + "']").First().Attr("content")
	return strings.TrimSpace(v)
}
