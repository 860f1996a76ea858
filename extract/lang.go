package extract

import (
	"regexp"
	"strings"
	"unicode"

	"github.com/PuerkitoBio/goquery"
)

var langTag = regexp.MustCompile(`^[a-zA-Z]{2,3}(?:[-_][a-zA-Z0-9]+)*$`)

// detectLang counts scripts in text and consults <html lang> only when the
// text is not clearly Chinese, Japanese or Korean: templates often keep a
// wrong lang attribute (people.com.cn once said lang="utf-8").
func detectLang(doc *goquery.Document, text string) string {
	var han, kana, hangul, latin int
	for _, r := range text {
		switch {
		case unicode.Is(unicode.Han, r):
			han++
		case unicode.In(r, unicode.Hiragana, unicode.Katakana):
			kana++
		case unicode.Is(unicode.Hangul, r):
			hangul++
		case unicode.Is(unicode.Latin, r):
			latin++
		}
	}
	total := han + kana + hangul + latin
	switch {
	case total == 0:
	case kana*10 > total:
		return "ja"
	case hangul*5 > total:
		return "ko"
	case han*5 > total:
		return "zh"
	}
	if v, ok := doc.Find("html").First().Attr("lang"); ok && langTag.MatchString(v) && !strings.HasPrefix(strings.ToLower(v), "utf") {
		return strings.ToLower(strings.FieldsFunc(v, func(r rune) bool { return r == '-' || r == '_' })[0])
	}
	if latin > 0 {
		return "en"
	}
	return ""
}
