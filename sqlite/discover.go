package sqlite

import (
	"context"
	"fmt"
	"strings"

	"github.com/tifa-project/tifa"
)

// EachText calls fn for every article of f (sources, days, front page; not
// terms), in day then id order, with its tagged text's parts and URL. The
// order comes from the small (day, id) list, read first; bodies are then
// read a few hundred at a time by id, so SQLite never sorts article bodies
// and memory holds one batch, whatever the range.
func (db *DB) EachText(ctx context.Context, f tifa.Filter, fn func(s tifa.Stored, url string) error) error {
	where, args := articleWhere(f, "").sql()
	rows, err := db.db.QueryContext(ctx, `SELECT id FROM articles`+where+` ORDER BY day, id`, args...)
	if err != nil {
		return fmt.Errorf("list articles to read: %w", err)
	}
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return err
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
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	rows, err := db.db.QueryContext(ctx, `SELECT id, source, day, title, body, url FROM articles WHERE id IN (`+
		strings.TrimSuffix(strings.Repeat("?,", len(ids)), ",")+`)`, args...)
	if err != nil {
		return fmt.Errorf("read articles: %w", err)
	}
	type text struct {
		s   tifa.Stored
		url string
	}
	got := make(map[int64]text, len(ids))
	for rows.Next() {
		var t text
		if err := rows.Scan(&t.s.ID, &t.s.Source, &t.s.Day, &t.s.Title, &t.s.Body, &t.url); err != nil {
			rows.Close()
			return err
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
