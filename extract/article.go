// Package extract turns a saved or fetched article page into a tifa.Article:
// title, publication time, body text and provenance.
//
// Known templates of Chinese state media are handled by site rules kept as
// data (rules.go); anything else goes through a generic extractor whose
// weaknesses on Chinese sites (site suffixes in titles, logo headings, dates
// taken from scripts) are corrected afterwards.
//
// Besides the text, the article carries what reports need to weigh it: the
// reprint origin, the People's Daily print page (PrintLayout reads the print
// edition's layout pages), a SimHash Fingerprint that tells a wire story on
// ten sites from ten stories (package reprint); the Result beside it holds
// the NextPages of a multi-page story, which the caller fetches and joins
// with Stitch.
package extract

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/PuerkitoBio/goquery"

	"github.com/tifa-project/tifa"
	"github.com/tifa-project/tifa/charset"
	"github.com/tifa-project/tifa/reprint"
)

// ErrNoArticle is returned when a page holds no article text.
var ErrNoArticle = errors.New("extract: no article text found in page")

// Result is what Extract finds on one page: the article, and what only
// extraction knows of it.
type Result struct {
	tifa.Article
	// NextPages are the absolute URLs of the following pages of a
	// multi-page article; fetch them and call Stitch.
	NextPages []string `json:"next_pages,omitempty"`
}

// Extract decodes raw (undecoded page bytes) and extracts the article.
// pageURL may be empty; the URL is then taken from the page itself.
func Extract(pageURL string, raw []byte, contentType string) (*Result, error) {
	return extract(pageURL, raw, contentType, time.Now())
}

func extract(pageURL string, raw []byte, contentType string, now time.Time) (*Result, error) {
	if len(bytes.TrimSpace(raw)) == 0 {
		return nil, fmt.Errorf("%w: empty input", ErrNoArticle)
	}
	text, name, err := charset.Decode(raw, contentType)
	if err != nil {
		return nil, fmt.Errorf("extract: %w", err)
	}
	if !looksLikeHTML(text) {
		return nil, fmt.Errorf("%w: input is not HTML", ErrNoArticle)
	}
	if err := checkElements(text); err != nil {
		return nil, err
	}
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(text))
	if err != nil {
		return nil, fmt.Errorf("extract: parse html: %w", err)
	}
	if pageURL == "" {
		pageURL = urlFromPage(text, doc)
	}
	p := &page{url: pageURL, host: hostOf(pageURL), html: text, doc: doc, now: now}

	var a *Result
	r := chooseRule(Rules(), p)
	next := nextPages(r, p) // before apply drops the pager from the page
	if r != nil {
		a = r.apply(p)
	}
	if a == nil || a.Body == "" {
		a, err = generic(p)
		if err != nil {
			return nil, err
		}
	}
	if a.Method == "generic" {
		r = nil
	}
	a.URL = pageURL
	a.Charset = name
	a.Lang = detectLang(doc, a.Title+a.Body)
	if a.Body == "" {
		return nil, ErrNoArticle
	}
	a.PrintPage = printPage(r, p, a.Body)
	a.NextPages = next
	a.Fingerprint = reprint.Fingerprint(a.Body)
	return a, nil
}

func looksLikeHTML(s string) bool {
	head := strings.ToLower(s[:min(len(s), 4096)])
	for _, tag := range []string{"<html", "<head", "<body", "<!doctype html", "<div", "<p", "<meta", "<title", "<!--"} {
		if strings.Contains(head, tag) {
			return true
		}
	}
	return false
}
