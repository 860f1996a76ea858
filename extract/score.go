package extract

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"github.com/tifa-project/tifa"
)

// Truth is the expected result for one saved page, as stored in a
// .truth.json file. A nil field is unknown, not empty.
type Truth struct {
	URL                *string  `json:"url"`
	Title              *string  `json:"title"`
	Published          *string  `json:"published"`
	Body               *string  `json:"body"`
	Author             *string  `json:"author"`
	BodyMustContain    []string `json:"body_must_contain"`
	BodyMustNotContain []string `json:"body_must_not_contain"`
	TruthSource        string   `json:"truth_source"`
	PageKind           string   `json:"page_kind"`
}

// ParseTruth reads a .truth.json document.
func ParseTruth(r io.Reader) (Truth, error) {
	var t Truth
	if err := json.NewDecoder(r).Decode(&t); err != nil {
		return Truth{}, fmt.Errorf("parse truth: %w", err)
	}
	return t, nil
}

// Scores compares one extracted article with its truth. The *Checked fields
// say whether the truth had something to compare against.
type Scores struct {
	TitleChecked bool    `json:"title_checked"`
	TitleOK      bool    `json:"title_ok"`
	DateChecked  bool    `json:"date_checked"`
	DateOK       bool    `json:"date_ok"`
	BodyChecked  bool    `json:"body_checked"`
	Precision    float64 `json:"precision"`
	Recall       float64 `json:"recall"`
	F1           float64 `json:"f1"`
	// MissingSnippets are body_must_contain entries absent from the body;
	// ForbiddenSnippets are body_must_not_contain entries present in it.
	MissingSnippets   []string `json:"missing_snippets,omitempty"`
	ForbiddenSnippets []string `json:"forbidden_snippets,omitempty"`
}

// Score compares got with truth: title equal after removing punctuation and
// spaces; date equal on the calendar day, and to the minute when the truth
// has a time; body F1 over CJK characters and lower-cased latin/digit words.
func Score(got *tifa.Article, truth Truth) Scores {
	var s Scores
	if truth.Title != nil && *truth.Title != "" {
		want := *truth.Title
		// Some truths are the raw <title> with the site suffix (mozilla/
		// readability's expected metadata); the issue wants titles without
		// it, so such a truth is compared after the same cleaning.
		if strings.Contains(truth.TruthSource, "incl. site suffix") {
			want = cleanTitle(want)
		}
		s.TitleChecked = true
		s.TitleOK = normTitle(got.Title) == normTitle(want)
	}
	if truth.Published != nil && *truth.Published != "" {
		if want, hasTime, ok := ParseTruthTime(*truth.Published); ok {
			s.DateChecked = true
			s.DateOK = sameStamp(got.Published, want, hasTime)
		}
	}
	if truth.Body != nil && *truth.Body != "" {
		s.BodyChecked = true
		s.Precision, s.Recall, s.F1 = BodyF1(got.Body, *truth.Body)
	}
	for _, snip := range truth.BodyMustContain {
		if !strings.Contains(got.Body, snip) {
			s.MissingSnippets = append(s.MissingSnippets, snip)
		}
	}
	for _, snip := range truth.BodyMustNotContain {
		if strings.Contains(got.Body, snip) {
			s.ForbiddenSnippets = append(s.ForbiddenSnippets, snip)
		}
	}
	return s
}

// ParseTruthTime reads a truth date in China time. hasTime is false for a
// bare date and for a midnight "T00:00:00", which other tools emit when they
// only know the day.
func ParseTruthTime(s string) (t time.Time, hasTime bool, ok bool) {
	cands := stampCandidates(s)
	if len(cands) == 0 {
		return time.Time{}, false, false
	}
	c := cands[0]
	midnight := c.t.Hour() == 0 && c.t.Minute() == 0 && c.t.Second() == 0
	return c.t, c.hasTime && !midnight, true
}

func sameStamp(got, want time.Time, hasTime bool) bool {
	if got.IsZero() {
		return false
	}
	got = got.In(tifa.China)
	if got.Year() != want.Year() || got.YearDay() != want.YearDay() {
		return false
	}
	return !hasTime || (got.Hour() == want.Hour() && got.Minute() == want.Minute())
}

func normTitle(s string) string {
	var b strings.Builder
	for _, r := range norm.NFKC.String(s) {
		if unicode.IsPunct(r) || unicode.IsSymbol(r) || unicode.IsSpace(r) {
			continue
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}

// BodyF1 returns precision, recall and F1 of got against want over the
// multiset of tokens from Tokens.
func BodyF1(got, want string) (precision, recall, f1 float64) {
	g, w := Tokens(got), Tokens(want)
	if len(g) == 0 || len(w) == 0 {
		return 0, 0, 0
	}
	counts := make(map[string]int, len(w))
	for _, t := range w {
		counts[t]++
	}
	common := 0
	for _, t := range g {
		if counts[t] > 0 {
			counts[t]--
			common++
		}
	}
	if common == 0 {
		return 0, 0, 0
	}
	precision = float64(common) / float64(len(g))
	recall = float64(common) / float64(len(w))
	return precision, recall, 2 * precision * recall / (precision + recall)
}

// Tokens splits NFKC-normalised text into single CJK characters and
// lower-cased runs of latin letters and digits; everything else separates.
func Tokens(s string) []string {
	var toks []string
	var word strings.Builder
	flush := func() {
		if word.Len() > 0 {
			toks = append(toks, word.String())
			word.Reset()
		}
	}
	for _, r := range norm.NFKC.String(s) {
		switch {
		case isCJK(r):
			flush()
			toks = append(toks, string(r))
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			word.WriteRune(unicode.ToLower(r))
		default:
			flush()
		}
	}
	flush()
	return toks
}

func isCJK(r rune) bool {
	return unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul)
}
