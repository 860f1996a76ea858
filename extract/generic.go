package extract

import (
	"html"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/PuerkitoBio/goquery"

	"github.com/tifa-project/tifa"
)

// generic extracts with go-trafilatura and then repairs what it gets wrong on
// Chinese sites: titles with site suffixes or the logo heading, and dates.
func generic(p *page) (*Result, error) {
	res, err := runTrafilatura(p)
	if err != nil {
		return nil, err
	}
	a := &Result{Article: tifa.Article{Method: "generic"}}
	paras, editor := res.paras, res.editor
	if len(paras) == 0 {
		// The clean-up left nothing of what go-trafilatura read: its text
		// stands rather than the page being lost.
		paras = res.text
	}
	a.Body = strings.Join(paras, "\n")
	a.Editor = editor
	enp := parseEnpProperty(p.html, p.now)
	a.Title = titleFromHead(p.doc)
	if a.Title == "" {
		a.Title = enp.title
	}
	if a.Title == "" {
		a.Title = cleanTitle(res.Metadata.Title)
	}
	if kept := dropHeadline(paras, a.Title); len(kept) > 0 && len(kept) < len(paras) {
		paras = kept
		a.Body = strings.Join(paras, "\n")
	}
	// With nothing else to go on, trafilatura returns the <title> as text.
	if a.Body == "" || normTitle(a.Body) == normTitle(a.Title) || normTitle(a.Body) == normTitle(res.Metadata.Title) {
		return nil, ErrNoArticle
	}
	stamp := guessStamp(p)
	if stamp.t.IsZero() && !enp.date.IsZero() {
		stamp = stampResult{t: enp.date, source: "meta"}
	}
	fillCommon(a, p, stamp, "", paras)
	// Last resort: htmldate's guess, kept to the day because its time of day
	// is often the crawl's, and held to the same future guard. The time
	// comes from the page itself when a short element writes that day with
	// one.
	if d := res.Metadata.Date; a.Published.IsZero() && !d.IsZero() {
		t := time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, tifa.China)
		if plausible(t, p.now) {
			a.Published, a.PublishedSource = timeOnDay(p, t), "page"
		}
	}
	if a.Author == "" {
		a.Author = res.Metadata.Author
	}
	return a, nil
}

// dropHeadline removes the headline at the top of the text, and the
// "——…" subtitle under it: the story's title is stored as its title, and
// counted again in the body it would count every term of the headline twice.
func dropHeadline(paras []string, title string) []string {
	t := normTitle(title)
	if len(paras) == 0 || t == "" || normTitle(paras[0]) != t {
		return paras
	}
	paras = paras[1:]
	if len(paras) > 0 && strings.HasPrefix(paras[0], "——") && !strings.ContainsAny(paras[0], "。！？") &&
		utf8.RuneCountInString(paras[0]) <= 40 {
		paras = paras[1:]
	}
	return paras
}

// stampHolders are elements that usually hold an article's own stamp.
const stampHolders = "[class*=time], [id*=time], [class*=date], [id*=date], [class*=pub], " +
	"[id*=pub], [class*=info], [id*=info], [class*=source], [class*=meta]"

// guessStamp looks for the page's own stamp on an unknown site. A stamp is
// only trusted when meta or URL dates are absent or agree on the day, since
// on unknown templates the first date-like element may belong to a sidebar.
func guessStamp(p *page) stampResult {
	other := metaStamp(p.doc, p.now)
	if other.t.IsZero() {
		other = urlStamp(p.url, p.now)
	}
	var dateOnly, withTime stampResult
	p.doc.Find(stampHolders).EachWithBreak(func(_ int, el *goquery.Selection) bool {
		text := collapseSpace(el.Text())
		if utf8.RuneCountInString(text) > 120 {
			return true
		}
		t, ok := parseStamp(text, p.now)
		if !ok || (!other.t.IsZero() && !sameDay(other.t, t)) {
			return true
		}
		if t.Hour() != 0 || t.Minute() != 0 {
			withTime = stampResult{t: t, source: "page"}
			return false
		}
		if dateOnly.t.IsZero() {
			dateOnly = stampResult{t: t, source: "page"}
		}
		return true
	})
	if !withTime.t.IsZero() {
		return withTime
	}
	return dateOnly
}

// timeOnDay returns day at the time of day the page writes beside it, in
// the first leaf element short enough to be a stamp (not a paragraph that
// mentions a date), or day itself when the page writes no time for it.
func timeOnDay(p *page, day time.Time) time.Time {
	found := day
	p.doc.Find("body *").EachWithBreak(func(_ int, el *goquery.Selection) bool {
		if el.Children().Length() > 0 {
			return true
		}
		text := collapseSpace(el.Text())
		if text == "" || utf8.RuneCountInString(text) > 60 {
			return true
		}
		for _, c := range stampCandidates(text) {
			if c.hasTime && sameDay(c.t, day) && plausible(c.t, p.now) {
				found = c.t
				return false
			}
		}
		return true
	})
	return found
}

func sameDay(a, b time.Time) bool {
	a, b = a.In(tifa.China), b.In(tifa.China)
	return a.Year() == b.Year() && a.YearDay() == b.YearDay()
}

// enpRe reads the "<!--enpproperty <date>…</date>…<title>…</title>" comment
// that the ENP CMS (gmw.cn, china.org.cn) leaves inside the article body;
// saved fragments often keep it when they have lost <head>.
var enpRe = regexp.MustCompile(`(?s)<!--enpproperty.{0,200}?<date>([^<]*)</date>(?:.{0,300}?<title>([^<]*)</title>)?`)

type enpProperty struct {
	date  time.Time
	title string
}

func parseEnpProperty(text string, now time.Time) enpProperty {
	m := enpRe.FindStringSubmatch(text)
	if m == nil {
		return enpProperty{}
	}
	var e enpProperty
	if t, ok := parseStamp(m[1], now); ok {
		e.date = t
	}
	e.title = collapseSpace(html.UnescapeString(m[2]))
	return e
}

// dropConcatenations removes a last paragraph that holds the paragraphs
// before it whole: on short pages go-trafilatura appends the page's whole text
// as one more paragraph after the real ones, which would count every term
// twice. Only the last one, and only when it holds two (or the only other),
// so a pull quote repeating a sentence of the story is kept.
func dropConcatenations(paras []string) []string {
	if len(paras) < 2 {
		return paras
	}
	last := paras[len(paras)-1]
	held := 0
	for _, q := range paras[:len(paras)-1] {
		if len(q) < len(last) && utf8.RuneCountInString(q) >= 10 && strings.Contains(last, q) {
			held++
		}
	}
	if held >= min(2, len(paras)-1) {
		return paras[:len(paras)-1]
	}
	return paras
}

// repeats reports whether text holds a paragraph of paras twice: the
// fallback extractors sometimes append the whole page's text to what they
// found, which would count every term twice.
func repeats(paras []string, text string) bool {
	for _, p := range paras {
		if utf8.RuneCountInString(p) >= 10 && strings.Count(text, p) > 1 {
			return true
		}
	}
	return false
}

// repeatsLines reports a line that occurs twice, such as the share bar under
// each post of a listing: the text then holds several items, not one story.
func repeatsLines(paras []string) bool {
	seen := make(map[string]bool, len(paras))
	for _, p := range paras {
		if seen[p] {
			return true
		}
		seen[p] = true
	}
	return false
}
