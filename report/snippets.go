package report

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/tifa-project/tifa"
	"github.com/tifa-project/tifa/tagger"
)

// Snippet is one sentence mentioning a term, with what a quote needs.
type Snippet struct {
	Day, Source, Origin string
	Title, URL          string
	PrintPage           string
	Sentence            string
}

// Snippets returns up to limit sentences mentioning term, newest articles
// first, each sentence once per article.
func Snippets(ctx context.Context, db Reader, q Query, term string, limit int) ([]Snippet, error) {
	var reprints map[int64]bool
	n := limit
	if q.Originals {
		var err error
		if reprints, err = db.ReprintsUpTo(ctx, q.To); err != nil {
			return nil, err
		}
		n = 0 // reprints are skipped after the query, so no limit in it
	}
	arts, err := db.Mentioning(ctx, term, q.Filter, n)
	if err != nil {
		return nil, err
	}
	var out []Snippet
	for _, a := range arts {
		if reprints[a.ID] {
			continue
		}
		text := tifa.TaggedText(a.Title, a.Body)
		seen := map[string]bool{}
		for _, sp := range a.Spans {
			s := tagger.Sentence(text, sp.Start, sp.End)
			if s == "" || seen[s] {
				continue
			}
			seen[s] = true
			out = append(out, Snippet{Day: a.Day, Source: a.Source, Origin: a.Origin, Title: a.Title, URL: a.URL, PrintPage: a.PrintPage, Sentence: s})
			if limit > 0 && len(out) >= limit {
				return out, nil
			}
		}
	}
	return out, nil
}

// SnippetHead is the fixed column order of snippets as CSV.
var SnippetHead = []string{"day", "source", "origin", "print_page", "title", "sentence", "url"}

// SnippetGrid puts snippets in a grid, for CSV.
func SnippetGrid(q Query, term string, snips []Snippet) *Grid {
	g := &Grid{Title: snippetTitle(q, term, len(snips)), Head: SnippetHead}
	for _, s := range snips {
		g.Rows = append(g.Rows, []string{s.Day, s.Source, s.Origin, s.PrintPage, s.Title, s.Sentence, s.URL})
	}
	return g
}

func snippetTitle(q Query, term string, n int) string {
	return fmt.Sprintf("%d sentences mentioning %s, newest first, %s; sources: %s; %s.", n, term, rangeName(q), sourceList(q.Sources), q.Counting())
}

// WriteSnippets prints snippets for reading and quoting: a line naming the
// article, the sentence, the URL.
func WriteSnippets(w io.Writer, q Query, term string, snips []Snippet) error {
	var b strings.Builder
	b.WriteString(snippetTitle(q, term, len(snips)) + "\n")
	for _, s := range snips {
		fmt.Fprintf(&b, "\n%s %s", s.Day, s.Source)
		if s.Origin != "" {
			fmt.Fprintf(&b, " (来源: %s)", s.Origin)
		}
		if s.PrintPage != "" {
			fmt.Fprintf(&b, " (page %s)", s.PrintPage)
		}
		fmt.Fprintf(&b, " 《%s》\n  %s\n  %s\n", s.Title, s.Sentence, s.URL)
	}
	_, err := io.WriteString(w, b.String())
	return err
}
