package sqlite

import (
	"context"
	"fmt"
)

// OriginalDays computes the daily aggregates of f from the articles
// themselves, leaving out reprints (see Reprints): what TermDays and
// SourceDays return for originals only. It reads every article up to f.To,
// since a reprint's original may predate the range.
func (db *DB) OriginalDays(ctx context.Context, f Filter) ([]TermDay, []SourceDay, error) {
	reprints, err := db.reprintsUpTo(ctx, f.To)
	if err != nil {
		return nil, nil, err
	}
	where, args := articleWhere(f, "a.").sql()
	rows, err := db.db.QueryContext(ctx, `SELECT a.id, a.source, a.day, a.chars FROM articles a`+where+` ORDER BY a.day, a.source`, args...)
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
			return nil, nil, err
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
	where, args := c.sql()
	rows, err := db.db.QueryContext(ctx, `SELECT a.id, m.term, a.source, a.day, m.count, m.nested
		FROM mentions m JOIN articles a ON a.id = m.article_id`+where+` ORDER BY a.day, m.term, a.source`, args...)
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
			return nil, err
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

// reprintsUpTo runs reprint detection over every fingerprinted article
// published on or before day (all when empty).
func (db *DB) reprintsUpTo(ctx context.Context, day string) (map[int64]bool, error) {
	q, args := `SELECT id, published, fingerprint FROM articles WHERE fingerprint != 0`, []any{}
	if day != "" {
		q += ` AND day <= ?`
		args = append(args, day)
	}
	rows, err := db.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("read fingerprints: %w", err)
	}
	defer rows.Close()
	var arts []Printed
	for rows.Next() {
		var p Printed
		var fp int64
		if err := rows.Scan(&p.ID, &p.Published, &fp); err != nil {
			return nil, err
		}
		p.Fingerprint = uint64(fp)
		arts = append(arts, p)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return Reprints(arts), nil
}
