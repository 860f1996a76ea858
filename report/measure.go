package report

import (
	"fmt"
	"strconv"
)

// Measure is the number a wide table, chart or comparison shows.
type Measure string

// Measures. Share is the default: raw counts mislead when crawl volume swings.
const (
	Share    Measure = "share"    // articles mentioning / articles stored, 0..1
	Mentions Measure = "mentions" // occurrences in title and body
	Articles Measure = "articles" // articles mentioning
	Per10k   Measure = "per10k"   // mentions per 10,000 characters stored
)

// ParseMeasure checks a measure's name.
func ParseMeasure(s string) (Measure, error) {
	switch m := Measure(s); m {
	case Share, Mentions, Articles, Per10k:
		return m, nil
	}
	return "", fmt.Errorf("measure %q: use share, mentions, articles or per10k", s)
}

// Of is the measure's value for a cell.
func (m Measure) Of(c Cell) float64 {
	switch m {
	case Mentions:
		return float64(c.Mentions)
	case Articles:
		return float64(c.Articles)
	case Per10k:
		return c.Per10k()
	}
	return c.Share()
}

// Format writes the measure for a CSV or sheet: counts as integers, ratios
// with four decimals.
func (m Measure) Format(c Cell) string {
	switch m {
	case Mentions:
		return strconv.Itoa(c.Mentions)
	case Articles:
		return strconv.Itoa(c.Articles)
	}
	return ratio(m.Of(c))
}

// Show writes a value of the measure for a person, the one way tables,
// charts and the dashboard show it: a share as a percentage to one decimal
// (25.0%), a rate to two decimals, a count whole.
func (m Measure) Show(v float64) string {
	switch m {
	case Share:
		return percent(v)
	case Per10k:
		return fixed2(v)
	}
	return strconv.FormatFloat(v, 'f', -1, 64)
}

// percent writes a fraction as a percentage to one decimal: 0.25 → 25.0%.
func percent(f float64) string { return strconv.FormatFloat(100*f, 'f', 1, 64) + "%" }

// fixed2 writes f to two decimals.
func fixed2(f float64) string { return strconv.FormatFloat(f, 'f', 2, 64) }

// Unit names what a value of the measure counts, for CSV columns.
func (m Measure) Unit() string {
	switch m {
	case Mentions:
		return "mentions"
	case Articles:
		return "articles"
	case Per10k:
		return "mentions_per_10k_chars"
	}
	return "fraction_of_articles"
}

// Title names the measure in headers and axis labels.
func (m Measure) Title() string {
	switch m {
	case Mentions:
		return "mentions"
	case Articles:
		return "articles mentioning"
	case Per10k:
		return "mentions per 10,000 characters"
	}
	return "share of articles mentioning"
}

// PeriodTerm keys a cell summed over sources.
type PeriodTerm struct{ Period, Term string }

// ByTerm sums the cells over sources: one cell per (period, term) where any
// selected source stored articles, Source empty.
func (s *Series) ByTerm() map[PeriodTerm]Cell {
	out := make(map[PeriodTerm]Cell, len(s.Periods)*len(s.Terms))
	for _, c := range s.Cells {
		k := PeriodTerm{c.Period, c.Term}
		x := out[k]
		x.Period, x.Term = c.Period, c.Term
		x.Mentions += c.Mentions
		x.Nested += c.Nested
		x.Articles += c.Articles
		x.Total += c.Total
		x.Chars += c.Chars
		out[k] = x
	}
	return out
}

// name is a term's id with its label, for column heads.
func (l Labels) name(term string) string {
	if lb := l[term]; lb != "" {
		return term + " " + lb
	}
	return term
}
