package extract

import (
	"fmt"
	"io"
	"strings"

	"github.com/tifa-project/tifa"
	"golang.org/x/net/html"
)

// ErrTooComplex (tifa.ErrTooComplex) is returned for a page with more
// elements than extraction will take on: parsing and go-trafilatura's
// passes (each clones the whole tree) grow with the element count, so a
// page of millions of tiny tags took minutes and gigabytes. It is not an
// empty page; callers report it.
var ErrTooComplex = tifa.ErrTooComplex

// maxElements bounds the work on one page. Real article pages, old portal
// pages with every menu inline included, have a few thousand elements at
// most (the largest of the 190 corpus pages has 1,587).
const maxElements = 50_000

// checkElements counts the start tags of text with the tokenizer, which
// holds one token at a time, before anything builds a tree. Every start
// tag opens with '<' and a letter, so when the page has no more of those
// than the bound, the tokenizer is not needed: counting them is a byte
// scan, where tokenizing cost as much as the parse that follows (a tenth
// of a crawl's CPU on rule pages).
func checkElements(text string) error {
	if tagOpenings(text) <= maxElements {
		return nil
	}
	z := html.NewTokenizer(strings.NewReader(text))
	n := 0
	for {
		switch z.Next() {
		case html.ErrorToken:
			if err := z.Err(); err != io.EOF {
				return fmt.Errorf("extract: read html: %w", err)
			}
			return nil
		case html.StartTagToken, html.SelfClosingTagToken:
			if n++; n > maxElements {
				return fmt.Errorf("%w: more than %d elements; no article page has that many, so it was not parsed", ErrTooComplex, maxElements)
			}
		}
	}
}

// tagOpenings counts '<' followed by an ASCII letter: at least every start
// tag the tokenizer will find (it also counts '<' and a letter inside
// scripts, comments and attribute values, which only makes it larger).
func tagOpenings(text string) int {
	n := 0
	for i := 0; ; {
		j := strings.IndexByte(text[i:], '<')
		if j < 0 || i+j+1 >= len(text) {
			return n
		}
		i += j + 1
		if c := text[i] | 0x20; 'a' <= c && c <= 'z' {
			n++
		}
	}
}
