package postgres

import (
	"context"
	"fmt"

	"github.com/tifa-project/tifa"
)

// EachText calls fn for every article of f (sources, days, front page; not
// terms), in day then id order, with its tagged text's parts and URL. As on
// SQLite the order comes from the small (day, id) list, read first, and
// bodies are read a few hundred at a time, so memory holds one batch.
func (db *DB) EachText(ctx context.Context, f tifa.Filter, fn func(s tifa.Stored, url string) error) error {
	c := articleWhere(f, "")
	rows, err := db.db.Query(ctx, `SELECT id FROM articles`+c.where()+` ORDER BY day, id`, c.args...)
	if err != nil {
		return fmt.Errorf("list articles to read: %w", err)
	}
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return fmt.Errorf("list articles to read: %w", err)
		}
		ids = append(ids, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("list articles to read: %w", err)
	}
	const batch = 500
	for len(ids) > 0 {
		n := min(batch, len(ids))
		if err := db.eachTextBatch(ctx, ids[:n], fn); err != nil {
			return err
		}
		ids = ids[n:]
	}
	return nil
}

func (db *DB) eachTextBatch(ctx context.Context, ids []int64, fn func(tifa.Stored, string) error) error {
	type text struct {
		s   tifa.Stored
		url string
	}
	rows, err := db.db.Query(ctx, `SELECT id, source, `+dayCol("day")+`, title, body, url FROM articles WHERE id = ANY($1)`, ids)
	if err != nil {
		return fmt.Errorf("read articles: %w", err)
	}
	got := make(map[int64]text, len(ids))
	for rows.Next() {
		var t text
		if err := rows.Scan(&t.s.ID, &t.s.Source, &t.s.Day, &t.s.Title, &t.s.Body, &t.url); err != nil {
			rows.Close()
			return fmt.Errorf("read articles: %w", err)
		}
		got[t.s.ID] = t
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("read articles: %w", err)
	}
	for _, id := range ids {
		t, ok := got[id]
		if !ok {
			continue // deleted since the list was read
		}
		if err := fn(t.s, t.url); err != nil {
			return err
		}
		if err := ctx.Err(); err != nil {
			return err
		}
	}
	return nil
}
