package sqlite

import (
	"context"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
)

func TestUnpack(t *testing.T) {
	type entry struct {
		Day string
		N   [3]int
	}
	for _, c := range []struct {
		packed string
		k      int
		want   []entry
		err    string
	}{
		{"", 3, nil, ""},
		{"2024-01-02 3 0 1", 3, []entry{{"2024-01-02", [3]int{3, 0, 1}}}, ""},
		{"2024-01-02 3 0 1,2024-01-03 12 4 9", 3, []entry{{"2024-01-02", [3]int{3, 0, 1}}, {"2024-01-03", [3]int{12, 4, 9}}}, ""},
		{"2024-01-02 5 2000", 2, []entry{{"2024-01-02", [3]int{5, 2000}}}, ""},
		{"2024-01-02", 3, nil, "no counts"},
		{"2024-01-02 1 2", 3, nil, "2 counts, want 3"},
		{"2024-01-02 1 2 3 4", 3, nil, "more than 3 counts"},
		{"2024-01-02 1 -2 3", 3, nil, "not a non-negative integer"},
		{"2024-01-02 1 2.5 3", 3, nil, "not a non-negative integer"},
		{"2024-01-02 99999999999999999999 0 0", 3, nil, "not a non-negative integer"},
	} {
		var got []entry
		err := unpack(c.packed, c.k, func(day string, n [3]int) { got = append(got, entry{day, n}) })
		if c.err != "" {
			if err == nil || !strings.Contains(err.Error(), c.err) {
				t.Errorf("unpack(%q): error %v, want one saying %q", c.packed, err, c.err)
			}
			continue
		}
		if err != nil || !reflect.DeepEqual(got, c.want) {
			t.Errorf("unpack(%q) = %v, %v; want %v", c.packed, got, err, c.want)
		}
	}
}

// TestPackedReadsMatchRows: the packed reads give the rows the plain
// queries give, in the orders their callers rely on, over several terms,
// sources and days saved out of order.
func TestPackedReadsMatchRows(t *testing.T) {
	ctx := context.Background()
	db := mustOpen(t)
	days := []string{"2024-03-09", "2024-01-31", "2024-02-29", "2024-01-01", "2024-03-10"}
	for i := range 40 {
		a := article(fmt.Sprintf("http://www.news.cn/a/%d.html", i), days[i%len(days)], strings.Repeat("新质生产力", 1+i%3))
		a.Source = []string{"xinhua", "people", "cctv"}[i%3]
		counts := []Count{{Term: "nqpf", Count: 1 + i%3}}
		if i%4 == 0 {
			counts = append(counts, Count{Term: "hqd", Count: 2, Nested: 1})
		}
		if _, err := db.SaveArticle(ctx, a, counts, "v1"); err != nil {
			t.Fatal(err)
		}
	}
	for _, f := range []Filter{{}, {From: "2024-01-31", To: "2024-03-09"}, {Terms: []string{"hqd"}}, {Sources: []string{"cctv", "xinhua"}, To: "2024-02-29"}} {
		plain, err := db.TermDays(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		slices.SortStableFunc(plain, func(a, b TermDay) int {
			return strings.Compare(a.Term+"|"+a.Source+"|"+a.Day, b.Term+"|"+b.Source+"|"+b.Day)
		})
		packed, err := db.TermDaysByKey(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		if len(plain) == 0 || !reflect.DeepEqual(packed, plain) {
			t.Errorf("%+v: TermDaysByKey = %+v, want %+v", f, packed, plain)
		}

		where, args := where(f, false)
		rows, err := db.sourceDays(ctx, `SELECT source, day, articles, chars FROM daily_sources`+where+` ORDER BY day, source`, args)
		if err != nil {
			t.Fatal(err)
		}
		got, err := db.SourceDays(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) == 0 || !reflect.DeepEqual(got, rows) {
			t.Errorf("%+v: SourceDays = %+v, want %+v", f, got, rows)
		}
	}
}

func TestSortByDay(t *testing.T) {
	ds := []TermDay{{Day: "2024-01-03", Mentions: 3}, {Day: "2024-01-01", Mentions: 1}, {Day: "2024-01-02", Mentions: 2}}
	sortByDay(ds)
	for i, d := range ds {
		if d.Mentions != i+1 {
			t.Fatalf("sortByDay: %+v", ds)
		}
	}
}
