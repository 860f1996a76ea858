package sqlite

import (
	"context"
	"fmt"

	"github.com/tifa-project/tifa"
)

// EachMentioning calls fn for every article of f that mentions term, in id
// order, with the article's text and every term it mentions (term included),
// streaming so a term in a hundred thousand articles does not sit in memory.
func (db *DB) EachMentioning(ctx context.Context, term string, f Filter, fn func(a *Mentioning, terms []TermSpans) error) error {
	c := articleWhere(f, "a.")
	c.and("m1.term = ?", term)
	where, args := c.sql()
	rows, err := db.db.QueryContext(ctx, `SELECT a.id, a.url, a.source, a.day, a.published, a.title, a.body, a.fingerprint, m2.term, m2.spans
		FROM mentions m1 JOIN articles a ON a.id = m1.article_id JOIN mentions m2 ON m2.article_id = a.id`+where+` ORDER BY a.id, m2.term`, args...)
	if err != nil {
		return fmt.Errorf("query articles mentioning %s: %w", term, err)
	}
	defer rows.Close()
	var cur *Mentioning
	var terms []TermSpans
	for rows.Next() {
		var m Mentioning
		var fp int64
		var ts TermSpans
		var spans []byte
		if err := rows.Scan(&m.ID, &m.URL, &m.Source, &m.Day, &m.Published, &m.Title, &m.Body, &fp, &ts.Term, &spans); err != nil {
			return err
		}
		if ts.Spans, err = tifa.DecodeSpans(spans); err != nil {
			return fmt.Errorf("article %s: %w", m.URL, err)
		}
		if cur != nil && cur.ID != m.ID {
			if err := fn(cur, terms); err != nil {
				return err
			}
			terms = nil
		}
		if cur == nil || cur.ID != m.ID {
			m.Fingerprint = uint64(fp)
			cur = &m
		}
		terms = append(terms, ts)
	}
	if err := rows.Err(); err != nil {
		return err
	}
	if cur != nil {
		return fn(cur, terms)
	}
	return nil
}

// ReprintsUpTo returns the ids of reprints (see Reprints) among the articles
// published on or before day (all when empty).
func (db *DB) ReprintsUpTo(ctx context.Context, day string) (map[int64]bool, error) {
	return db.reprintsUpTo(ctx, day)
}
