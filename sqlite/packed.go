package sqlite

import (
	"cmp"
	"context"
	"database/sql/driver"
	"fmt"
	"slices"
	"strings"
)

// A year of daily aggregates for ten terms is some 57,000 rows, and each
// row that crosses from SQLite into Go cost about 1.3 µs in the driver
// against 0.5 µs for SQLite to read it (profiled 2026-12-03 on the
// 1M-article benchmark database): most of a series' time went to the
// crossing, not the reading. Packed queries return one row per (term,
// source), its days joined into one string ("day m n a,day m n a,…"),
// and Go unpacks them: the same rows in 200 crossings for ten terms in
// twenty sources.

// packedTermDays runs a query whose columns are term, source and the
// packed days, and returns the TermDays in (term, source, day) order;
// hint, when not 0, is how many it can return at most.
func (db *DB) packedTermDays(ctx context.Context, query string, args []any, hint int) ([]TermDay, error) {
	out := make([]TermDay, 0, hint)
	str := interner{}
	err := db.eachRow(ctx, query, args, 3, func(v []driver.Value) error {
		term, source := str.of(v[0]), str.of(v[1])
		first := len(out)
		err := unpack(textOf(v[2]), 3, func(day string, n [3]int) {
			out = appendDoubling(out, TermDay{Term: term, Source: source, Day: str.of(day), Mentions: n[0], Nested: n[1], Articles: n[2]})
		})
		if err != nil {
			return fmt.Errorf("term %s, source %s: %w", term, source, err)
		}
		sortByDay(out[first:])
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("query term days: %w", err)
	}
	if len(out) == 0 {
		return nil, nil // as without the hint: no rows is nil
	}
	return out, nil
}

// packedSourceDays is packedTermDays for source, packed days of articles
// and chars; it returns them in (day, source) order, as SourceDays does.
func (db *DB) packedSourceDays(ctx context.Context, query string, args []any) ([]SourceDay, error) {
	var out []SourceDay
	str := interner{}
	err := db.eachRow(ctx, query, args, 2, func(v []driver.Value) error {
		source := str.of(v[0])
		err := unpack(textOf(v[1]), 2, func(day string, n [3]int) {
			out = appendDoubling(out, SourceDay{Source: source, Day: str.of(day), Articles: n[0], Chars: n[1]})
		})
		if err != nil {
			return fmt.Errorf("source %s: %w", source, err)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("query source days: %w", err)
	}
	slices.SortStableFunc(out, func(a, b SourceDay) int {
		return cmp.Or(strings.Compare(a.Day, b.Day), strings.Compare(a.Source, b.Source))
	})
	return out, nil
}

// sortByDay puts one key's days in order. group_concat joins them in the
// order SQLite reads them, which is the index's (by day) for every plan it
// chooses today; a plan that read otherwise must not reorder a series.
func sortByDay(ds []TermDay) {
	byDay := func(a, b TermDay) int { return strings.Compare(a.Day, b.Day) }
	if !slices.IsSortedFunc(ds, byDay) {
		slices.SortStableFunc(ds, byDay)
	}
}

// unpack calls each with every "day n1 … nk" entry of the comma-joined
// packed string, k numbers per day (k ≤ 3). The numbers are non-negative
// integers written by SQLite; anything else is an error naming the entry.
func unpack(packed string, k int, each func(day string, n [3]int)) error {
	for packed != "" {
		entry, rest, _ := strings.Cut(packed, ",")
		packed = rest
		day, nums, ok := strings.Cut(entry, " ")
		if !ok {
			return fmt.Errorf("packed entry %q: no counts", entry)
		}
		var n [3]int
		for i := range k {
			var num string
			num, nums, _ = strings.Cut(nums, " ")
			if num == "" {
				return fmt.Errorf("packed entry %q: %d counts, want %d", entry, i, k)
			}
			for j := 0; j < len(num); j++ {
				c := num[j]
				if c < '0' || c > '9' || n[i] > (1<<62)/10 {
					return fmt.Errorf("packed entry %q: count %q is not a non-negative integer", entry, num)
				}
				n[i] = n[i]*10 + int(c-'0')
			}
		}
		if nums != "" {
			return fmt.Errorf("packed entry %q: more than %d counts", entry, k)
		}
		each(day, n)
	}
	return nil
}
