package report

import (
	"context"
	"fmt"
	"sort"
	"strconv"

	"github.com/tifa-project/tifa"
)

// Cooccur counts the terms that appear with term: in how many of the articles
// mentioning it, and in how many of the sentences holding it. At most limit
// rows (all when limit <= 0), most articles first.
func Cooccur(ctx context.Context, db Reader, q Query, term string, limit int, labels Labels) (*Grid, error) {
	var reprints map[int64]bool
	if q.Originals {
		var err error
		if reprints, err = db.ReprintsUpTo(ctx, q.To); err != nil {
			return nil, err
		}
	}
	type count struct{ articles, sentences int }
	counts := map[string]*count{}
	articles, sentences := 0, 0
	err := db.EachMentioning(ctx, term, q.Filter, func(a *tifa.Mentioning, terms []tifa.TermSpans) error {
		if reprints[a.ID] {
			return nil
		}
		articles++
		text := tifa.TaggedText(a.Title, a.Body)
		var bounds [][2]int // the sentences holding term, in text order
		for _, ts := range terms {
			if ts.Term != term {
				continue
			}
			for _, sp := range ts.Spans {
				if sp.End > len(text) || sp.Start > sp.End {
					continue // spans of an older text: skip rather than cut wrongly
				}
				s, e := sentenceBounds(text, sp.Start, sp.End)
				if len(bounds) == 0 || bounds[len(bounds)-1] != [2]int{s, e} {
					bounds = append(bounds, [2]int{s, e})
				}
			}
		}
		sentences += len(bounds)
		for _, ts := range terms {
			if ts.Term == term {
				continue
			}
			c := counts[ts.Term]
			if c == nil {
				c = &count{}
				counts[ts.Term] = c
			}
			c.articles++
			c.sentences += sharedSentences(bounds, ts.Spans)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	var others []string
	for t := range counts {
		others = append(others, t)
	}
	sort.Slice(others, func(i, j int) bool {
		a, b := counts[others[i]], counts[others[j]]
		if a.articles != b.articles {
			return a.articles > b.articles
		}
		if a.sentences != b.sentences {
			return a.sentences > b.sentences
		}
		return others[i] < others[j]
	})
	if limit > 0 && len(others) > limit {
		others = others[:limit]
	}
	g := &Grid{
		Title: fmt.Sprintf("Terms appearing with %s, %s: %d articles, %d sentences; sources: %s; %s.",
			labels.name(term), rangeName(q), articles, sentences, sourceList(q.Sources), q.Counting()),
		Head:  []string{"term", "articles", "share_of_articles_frac", "sentences", "share_of_sentences_frac", "label"},
		Kinds: []Kind{Plain, Count, Percent, Count, Percent, Plain},
		Notes: []string{"articles: of the articles mentioning " + term + ", those also mentioning the term;",
			"sentences: of the sentences holding " + term + ", those also holding the term."},
	}
	for _, t := range others {
		c := counts[t]
		g.Rows = append(g.Rows, []string{t, strconv.Itoa(c.articles), num(frac(c.articles, articles)),
			strconv.Itoa(c.sentences), num(frac(c.sentences, sentences)), labels[t]})
	}
	return g, nil
}

// sharedSentences counts the sentences in bounds holding at least one span.
func sharedSentences(bounds [][2]int, spans []tifa.Span) int {
	n := 0
	for _, b := range bounds {
		for _, sp := range spans {
			if sp.Start >= b[0] && sp.End <= b[1] {
				n++
				break
			}
		}
	}
	return n
}

func frac(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}
