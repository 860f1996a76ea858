package report

import (
	"bytes"
	"context"
	"encoding/csv"
	"strconv"
	"strings"
	"testing"

	"github.com/tifa-project/tifa"
)

// TestAnalyses runs each report on the rich fixture and compares the table
// and the CSV with golden files.
func TestAnalyses(t *testing.T) {
	ctx := context.Background()
	db := richFixture(t)
	may := Query{By: Month, Filter: tifa.Filter{From: "2024-05-01", To: "2024-05-31"}}
	all := Query{By: Month}
	for _, tt := range []struct {
		name string
		grid func() (*Grid, error)
	}{
		{"compare-share", func() (*Grid, error) { return Compare(ctx, db, may, Share, false, richLabels) }},
		{"compare-mentions-by-source", func() (*Grid, error) {
			q := may
			q.Terms = []string{"nqpf"}
			return Compare(ctx, db, q, Mentions, true, richLabels)
		}},
		{"top", func() (*Grid, error) { return Top(ctx, db, may, Mentions, 10, richLabels) }},
		{"rising", func() (*Grid, error) {
			return RisingTerms(ctx, db, may, Rising{Baseline: Window{"2023-01-01", "2024-04-30"}, MinArticles: 1}, richLabels)
		}},
		{"first", func() (*Grid, error) { return First(ctx, db, all, richLabels) }},
		{"cooccur", func() (*Grid, error) { return Cooccur(ctx, db, all, "nqpf", 0, richLabels) }},
		{"cooccur-originals", func() (*Grid, error) {
			q := all
			q.Originals = true
			return Cooccur(ctx, db, q, "nqpf", 0, richLabels)
		}},
		{"snippets", func() (*Grid, error) {
			s, err := Snippets(ctx, db, all, "nqpf", 4)
			return SnippetGrid(all, "nqpf", s), err
		}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			g, err := tt.grid()
			if err != nil {
				t.Fatal(err)
			}
			var text, csv bytes.Buffer
			if err := g.WriteText(&text); err != nil {
				t.Fatal(err)
			}
			if err := g.WriteCSV(&csv, UTF8); err != nil {
				t.Fatal(err)
			}
			golden(t, tt.name+".txt", text.Bytes())
			golden(t, tt.name+".csv", csv.Bytes())
		})
	}
}

// TestSeriesShapes covers the series outputs on the rich fixture: the table
// with per-10k and no-data months, originals only, the pivots and the wide CSV.
func TestSeriesShapes(t *testing.T) {
	ctx := context.Background()
	db := richFixture(t)
	year := tifa.Filter{From: "2024-03-01", To: "2024-07-31"}
	for _, tt := range []struct {
		name  string
		q     Query
		write func(*bytes.Buffer, *Series) error
	}{
		{"series-month.txt", Query{By: Month, Filter: year}, func(b *bytes.Buffer, s *Series) error { return WriteTable(b, s, richLabels) }},
		{"series-month-originals.txt", Query{By: Month, Filter: year, Originals: true}, func(b *bytes.Buffer, s *Series) error { return WriteTable(b, s, richLabels) }},
		{"series-month-originals.csv", Query{By: Month, Filter: year, Originals: true}, func(b *bytes.Buffer, s *Series) error { return WriteCSV(b, s) }},
		{"pivot-terms.txt", Query{By: Month, Filter: year}, func(b *bytes.Buffer, s *Series) error { return WritePivot(b, s, Share, false, richLabels) }},
		{"pivot-sources.txt", Query{By: Month, Filter: tifa.Filter{From: "2024-03-01", To: "2024-07-31", Terms: []string{"nqpf"}}},
			func(b *bytes.Buffer, s *Series) error { return WritePivot(b, s, Mentions, true, richLabels) }},
		{"wide-share.csv", Query{By: Month, Filter: year}, func(b *bytes.Buffer, s *Series) error { return WriteWideCSV(b, s, Share, richLabels, UTF8) }},
		{"wide-per10k.csv", Query{By: Month, Filter: year}, func(b *bytes.Buffer, s *Series) error { return WriteWideCSV(b, s, Per10k, richLabels, UTF8) }},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s, err := Build(ctx, db, tt.q)
			if err != nil {
				t.Fatal(err)
			}
			var b bytes.Buffer
			if err := tt.write(&b, s); err != nil {
				t.Fatal(err)
			}
			golden(t, tt.name, b.Bytes())
		})
	}
}

func TestWindows(t *testing.T) {
	for _, tt := range []struct {
		w                Window
		prev, year, base Window
	}{
		{Window{"2024-05-01", "2024-05-31"}, Window{"2024-04-01", "2024-04-30"}, Window{"2023-05-01", "2023-05-31"}, Window{"2024-01-29", "2024-04-30"}},
		{Window{"2024-03-01", "2024-03-31"}, Window{"2024-02-01", "2024-02-29"}, Window{"2023-03-01", "2023-03-31"}, Window{"2023-11-29", "2024-02-29"}},
		{Window{"2024-05-10", "2024-05-16"}, Window{"2024-05-03", "2024-05-09"}, Window{"2023-05-10", "2023-05-16"}, Window{"2024-04-19", "2024-05-09"}},
		{Window{"2024-01-01", "2024-03-31"}, Window{"2023-10-01", "2023-12-31"}, Window{"2023-01-01", "2023-03-31"}, Window{"2023-04-03", "2023-12-31"}},
	} {
		if got := tt.w.Previous(); got != tt.prev {
			t.Errorf("%v.Previous() = %v, want %v", tt.w, got, tt.prev)
		}
		if got := tt.w.YearEarlier(); got != tt.year {
			t.Errorf("%v.YearEarlier() = %v, want %v", tt.w, got, tt.year)
		}
		if got := tt.w.Before(3); got != tt.base {
			t.Errorf("%v.Before(3) = %v, want %v", tt.w, got, tt.base)
		}
	}
}

// TestMergedSameAsSummed: summing over sources in SQLite (Merged) gives the
// wide CSV that summing the per-source cells gives, originals or not.
func TestMergedSameAsSummed(t *testing.T) {
	db := richFixture(t)
	for _, tt := range []struct {
		originals bool
		sources   []string
	}{{false, nil}, {true, nil}, {false, []string{"people"}}, {true, []string{"people"}}} {
		originals := tt.originals
		var outs [2]bytes.Buffer
		for i, merged := range []bool{false, true} {
			q := Query{By: Week, Originals: originals, Merged: merged, Filter: tifa.Filter{From: "2024-04-01", To: "2024-07-31", Sources: tt.sources}}
			s, err := Build(context.Background(), db, q)
			if err != nil {
				t.Fatal(err)
			}
			if err := WriteWideCSV(&outs[i], s, Per10k, richLabels, UTF8); err != nil {
				t.Fatal(err)
			}
		}
		if outs[0].String() != outs[1].String() {
			t.Errorf("originals=%v sources=%v: merged\n%s\nwant\n%s", originals, tt.sources, outs[1].String(), outs[0].String())
		}
	}
}

// TestFallenTermsListed: nqpf and open were mentioned on 3 May and not in
// the second half of May; compare and rising over 16-31 May list them, at
// zero, rather than leave them out (their lists came from the current
// window only).
func TestFallenTermsListed(t *testing.T) {
	ctx := context.Background()
	db := richFixture(t)
	q := Query{By: Month, Filter: tifa.Filter{From: "2024-05-16", To: "2024-05-31"}}
	cmp, err := Compare(ctx, db, q, Mentions, false, richLabels)
	if err != nil {
		t.Fatal(err)
	}
	rise, err := RisingTerms(ctx, db, q, Rising{Baseline: Window{"2024-05-01", "2024-05-15"}}, richLabels)
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		g         *Grid
		now, then int // columns of the value now and before
	}{{cmp, 3, 4}, {rise, 2, 4}} {
		rows := map[string][]string{}
		for _, r := range tt.g.Rows {
			rows[r[1-boolInt(tt.g == cmp)]] = r
		}
		for _, term := range []string{"nqpf", "open"} {
			r, ok := rows[term]
			if !ok {
				t.Errorf("%s: %s fell to zero and is not listed: %v", tt.g.Title, term, tt.g.Rows)
				continue
			}
			if r[tt.now] != "0" || r[tt.then] == "" || r[tt.then] == "0" {
				t.Errorf("%s: %s row %v; want 0 now and a count before", tt.g.Title, term, r)
			}
		}
	}
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// TestCSVNumbers: every CSV cell of an analysis is a plain number, an
// empty cell (no data) or one of the text columns; share columns, named
// _frac, hold fractions.
func TestCSVNumbers(t *testing.T) {
	ctx := context.Background()
	db := richFixture(t)
	may := Query{By: Month, Filter: tifa.Filter{From: "2024-05-01", To: "2024-05-31"}}
	text := map[string]bool{"term": true, "source": true, "unit": true, "label": true, "rank": true}
	for _, m := range []Measure{Share, Mentions, Per10k} {
		cmp, err := Compare(ctx, db, may, m, true, richLabels)
		if err != nil {
			t.Fatal(err)
		}
		rise, err := RisingTerms(ctx, db, may, Rising{Baseline: Window{"2023-01-01", "2024-04-30"}}, richLabels)
		if err != nil {
			t.Fatal(err)
		}
		top, err := Top(ctx, db, may, m, 0, richLabels)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := strings.Join(cmp.Head, ","), "term,source,unit,now,previous,change,change_frac,year_ago,yoy_change,yoy_frac,label"; got != want {
			t.Errorf("compare --measure %s columns %s, want %s (the same for every measure)", m, got, want)
		}
		for _, g := range []*Grid{cmp, rise, top} {
			var b bytes.Buffer
			if err := g.WriteCSV(&b, UTF8); err != nil {
				t.Fatal(err)
			}
			recs, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(b.String(), "\ufeff"))).ReadAll()
			if err != nil {
				t.Fatal(err)
			}
			for _, rec := range recs[1:] {
				for i, v := range rec {
					col := recs[0][i]
					if text[col] || v == "" {
						continue
					}
					f, err := strconv.ParseFloat(v, 64)
					if err != nil {
						t.Errorf("%s: column %s = %q, not a number", g.Title, col, v)
					}
					if strings.HasPrefix(col, "share") && (f < 0 || f > 1) {
						t.Errorf("%s: %s = %v, not a fraction", g.Title, col, f)
					}
				}
			}
		}
	}
}
