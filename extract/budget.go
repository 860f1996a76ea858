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
// holds one token at a time, before anything builds a tree.
func checkElements(text string) error {
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
