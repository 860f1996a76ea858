package sqlite

import (
	"context"
	"fmt"

	"github.com/tifa-project/tifa"
)

// Mentioning returns up to limit articles of f mentioning term, newest first
// (limit <= 0: all). f.Terms is ignored.
func (db *DB) Mentioning(ctx context.Context, term string, f Filter, limit int) ([]Mentioning, error) {
	c := articleWhere(f, "a.")
	c.and("m.term = ?", term)
	where, args := c.sql()
	q := `SELECT a.id, a.url, a.source, a.day, a.published, a.title, a.body, a.origin, a.print_page, a.fingerprint, m.spans
		FROM mentions m JOIN articles a ON a.id = m.article_id` + where + ` ORDER BY a.published DESC, a.id DESC`
	if limit > 0 {
		q += ` LIMIT ?`
		args = append(args, limit)
	}
	rows, err := db.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("query articles mentioning %s: %w", term, err)
	}
	defer rows.Close()
	var out []Mentioning
	for rows.Next() {
		var m Mentioning
		var fp int64
		var spans []byte
		if err := rows.Scan(&m.ID, &m.URL, &m.Source, &m.Day, &m.Published, &m.Title, &m.Body, &m.Origin, &m.PrintPage, &fp, &spans); err != nil {
			return nil, err
		}
		m.Fingerprint = uint64(fp)
		if m.Spans, err = tifa.DecodeSpans(spans); err != nil {
			return nil, fmt.Errorf("article %s: %w", m.URL, err)
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// ArticleTerms returns every term mentioned in the article with id, with spans.
func (db *DB) ArticleTerms(ctx context.Context, id int64) ([]TermSpans, error) {
	rows, err := db.db.QueryContext(ctx, `SELECT term, spans FROM mentions WHERE article_id = ? ORDER BY term`, id)
	if err != nil {
		return nil, fmt.Errorf("query mentions of article %d: %w", id, err)
	}
	defer rows.Close()
	var out []TermSpans
	for rows.Next() {
		var ts TermSpans
		var spans []byte
		if err := rows.Scan(&ts.Term, &spans); err != nil {
			return nil, err
		}
		if ts.Spans, err = tifa.DecodeSpans(spans); err != nil {
			return nil, fmt.Errorf("article %d term %s: %w", id, ts.Term, err)
		}
		out = append(out, ts)
	}
	return out, rows.Err()
}
