// Package extract turns a saved or fetched article page into an Article:
// title, publication time, body text and provenance.
//
// Known templates of Chinese state media are handled by site rules kept as
// data (rules.go); anything else goes through a generic extractor whose
// weaknesses on Chinese sites (site suffixes in titles, logo headings, dates
// taken from scripts) are corrected afterwards.
package extract

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/PuerkitoBio/goquery"

	"github.com/tifa-project/tifa/charset"
)

// ErrNoArticle is returned when a page holds no article text.
var ErrNoArticle = errors.New("extract: no article text found in page")

// chinaTime is the zone of every stamp on the sites we read. A fixed zone
// avoids depending on tzdata being installed.
var chinaTime = time.FixedZone("CST", 8*3600)

// Article is what Extract returns for one page.
type Article struct {
	URL             string    `json:"url"`
	Source          string    `json:"source,omitempty"` // left empty by extract; the caller fills it
	Title           string    `json:"title"`
	Subtitle        string    `json:"subtitle,omitempty"`
	Kicker          string    `json:"kicker,omitempty"`
	Published       time.Time `json:"published"`        // China time; zero if unknown
	PublishedSource string    `json:"published_source"` // page|meta|url|"": where the date came from
	Body            string    `json:"body"`             // paragraphs separated by "\n"
	Author          string    `json:"author,omitempty"`
	Editor          string    `json:"editor,omitempty"`
	Origin          string    `json:"origin,omitempty"` // reprint origin, e.g. 新华社
	Lang            string    `json:"lang"`
	Charset         string    `json:"charset"`
	Method          string    `json:"method"` // site rule name or "generic"
}

// Extract decodes raw (undecoded page bytes) and extracts the article.
// pageURL may be empty; the URL is then taken from the page itself.
func Extract(pageURL string, raw []byte, contentType string) (*Article, error) {
	return extract(pageURL, raw, contentType, time.Now())
}

func extract(pageURL string, raw []byte, contentType string, now time.Time) (*Article, error) {
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
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(text))
	if err != nil {
		return nil, fmt.Errorf("extract: parse html: %w", err)
	}
	if pageURL == "" {
		pageURL = urlFromPage(text, doc)
	}
	p := &page{url: pageURL, host: hostOf(pageURL), html: text, doc: doc, now: now}

	var a *Article
	if r := chooseRule(Rules(), p); r != nil {
		a = r.apply(p)
	}
	if a == nil || a.Body == "" {
		a, err = generic(p)
		if err != nil {
			return nil, err
		}
	}
	a.URL = pageURL
	a.Charset = name
	a.Lang = detectLang(doc, a.Title+a.Body)
	if a.Body == "" {
		return nil, ErrNoArticle
	}
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
