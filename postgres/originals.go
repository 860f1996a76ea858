package postgres

import (
	"context"
	"fmt"
	"math/bits"
	"sort"
	"time"
)

// OriginalDays computes the daily aggregates of f from the articles
// themselves, leaving out reprints: what TermDays and SourceDays return for
// originals only. It reads every article up to f.To, since a reprint's
// original may predate the range.
func (db *DB) OriginalDays(ctx context.Context, f Filter) ([]TermDay, []SourceDay, error) {
	reprints, err := db.ReprintsUpTo(ctx, f.To)
	if err != nil {
		return nil, nil, err
	}
	c := articleWhere(f, "a.")
	rows, err := db.db.Query(ctx, `SELECT a.id, a.source, `+dayCol("a.day")+`, a.chars FROM articles a`+c.where()+` ORDER BY a.day, a.source`, c.args...)
	if err != nil {
		return nil, nil, fmt.Errorf("query original articles: %w", err)
	}
	var sources []SourceDay
	idx := map[[2]string]int{}
	for rows.Next() {
		var id int64
		var d SourceDay
		var chars int
		if err := rows.Scan(&id, &d.Source, &d.Day, &chars); err != nil {
			rows.Close()
			return nil, nil, fmt.Errorf("query original articles: %w", err)
		}
		if reprints[id] {
			continue
		}
		k := [2]string{d.Source, d.Day}
		i, ok := idx[k]
		if !ok {
			i = len(sources)
			idx[k] = i
			sources = append(sources, d)
		}
		sources[i].Articles++
		sources[i].Chars += chars
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, nil, err
	}
	terms, err := db.originalTermDays(ctx, f, reprints)
	return terms, sources, err
}

func (db *DB) originalTermDays(ctx context.Context, f Filter, reprints map[int64]bool) ([]TermDay, error) {
	c := articleWhere(f, "a.")
	c.in("m.term", f.Terms)
	rows, err := db.db.Query(ctx, `SELECT a.id, m.term, a.source, `+dayCol("a.day")+`, m.count, m.nested
		FROM mentions m JOIN articles a ON a.id = m.article_id`+c.where()+` ORDER BY a.day, m.term, a.source`, c.args...)
	if err != nil {
		return nil, fmt.Errorf("query original mentions: %w", err)
	}
	defer rows.Close()
	var out []TermDay
	idx := map[[3]string]int{}
	for rows.Next() {
		var id int64
		var d TermDay
		var count, nested int
		if err := rows.Scan(&id, &d.Term, &d.Source, &d.Day, &count, &nested); err != nil {
			return nil, fmt.Errorf("query original mentions: %w", err)
		}
		if reprints[id] {
			continue
		}
		k := [3]string{d.Term, d.Source, d.Day}
		i, ok := idx[k]
		if !ok {
			i = len(out)
			idx[k] = i
			out = append(out, d)
		}
		out[i].Mentions += count
		out[i].Nested += nested
		out[i].Articles++
	}
	return out, rows.Err()
}

// ReprintsUpTo returns the ids of reprints among the articles published on
// or before day (all when empty).
func (db *DB) ReprintsUpTo(ctx context.Context, day string) (map[int64]bool, error) {
	c := &conds{}
	c.parts = append(c.parts, "fingerprint != 0")
	if day != "" {
		c.add("day <= ?::date", day)
	}
	rows, err := db.db.Query(ctx, `SELECT id, published, fingerprint FROM articles`+c.where(), c.args...)
	if err != nil {
		return nil, fmt.Errorf("read fingerprints: %w", err)
	}
	defer rows.Close()
	var arts []printed
	for rows.Next() {
		var p printed
		var fp int64
		if err := rows.Scan(&p.id, &p.published, &fp); err != nil {
			return nil, fmt.Errorf("read fingerprints: %w", err)
		}
		p.fingerprint = uint64(fp)
		arts = append(arts, p)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return reprints(arts), nil
}

// reprintBits is sqlite.ReprintBits: how many of 64 SimHash bits two
// articles may differ in and still be one story.
const reprintBits = 3

type printed struct {
	id          int64
	published   time.Time
	fingerprint uint64
}

// reprints is sqlite.Reprints over times instead of RFC 3339 text (which
// sorts as time within one zone): the earliest of each cluster of articles
// within reprintBits of each other is the original, the others reprints.
func reprints(arts []printed) map[int64]bool {
	sort.SliceStable(arts, func(i, j int) bool {
		if !arts[i].published.Equal(arts[j].published) {
			return arts[i].published.Before(arts[j].published)
		}
		return arts[i].id < arts[j].id
	})
	type band struct {
		n   int
		key uint16
	}
	seen := map[band][]uint64{}
	out := map[int64]bool{}
	for _, a := range arts {
		var keys [4]band
		dup := false
		for n := range keys {
			keys[n] = band{n, uint16(a.fingerprint >> (16 * n))}
			for _, fp := range seen[keys[n]] {
				if bits.OnesCount64(fp^a.fingerprint) <= reprintBits {
					dup = true
					break
				}
			}
		}
		if dup {
			out[a.id] = true
		}
		for _, k := range keys {
			seen[k] = append(seen[k], a.fingerprint)
		}
	}
	return out
}
