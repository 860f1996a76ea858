package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/tifa-project/tifa"
	"github.com/tifa-project/tifa/reprint"
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
	var arts []reprint.Printed
	for rows.Next() {
		var id, fp int64
		var published time.Time
		if err := rows.Scan(&id, &published, &fp); err != nil {
			return nil, fmt.Errorf("read fingerprints: %w", err)
		}
		// As SQLite stores it: RFC 3339 in China time, which sorts as time.
		arts = append(arts, reprint.Printed{ID: id, Published: published.In(tifa.China).Format(time.RFC3339), Fingerprint: uint64(fp)})
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return reprint.Find(arts), nil
}
