package postgres

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/tifa-project/tifa"
)

// RetagPending counts the articles the job has still to do.
func (db *DB) RetagPending(ctx context.Context, j RetagJob) (int, error) {
	last, err := db.retagLast(ctx, j)
	if err != nil {
		return 0, err
	}
	var n int
	err = db.db.QueryRow(ctx, `SELECT COUNT(*) FROM article_lexicon WHERE article_id > $1 AND ($2 OR version != $3)`,
		last, len(j.Terms) > 0, j.Version).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("count articles to retag: %w", err)
	}
	return n, nil
}

// RetagNext returns up to limit articles the job has still to do, in id order.
func (db *DB) RetagNext(ctx context.Context, j RetagJob, limit int) ([]Stored, error) {
	return db.RetagAfter(ctx, j, 0, limit)
}

// RetagAfter is RetagNext for a reader ahead of the job's saved place: the
// articles after id after, or after the saved place if that is further.
func (db *DB) RetagAfter(ctx context.Context, j RetagJob, after int64, limit int) ([]Stored, error) {
	last, err := db.retagLast(ctx, j)
	if err != nil {
		return nil, err
	}
	last = max(last, after)
	rows, err := db.db.Query(ctx, `SELECT a.id, a.source, `+dayCol("a.day")+`, a.title, a.body
		FROM article_lexicon l JOIN articles a ON a.id = l.article_id
		WHERE l.article_id > $1 AND ($2 OR l.version != $3) ORDER BY l.article_id LIMIT $4`, last, len(j.Terms) > 0, j.Version, limit)
	if err != nil {
		return nil, fmt.Errorf("read articles to retag: %w", err)
	}
	defer rows.Close()
	var out []Stored
	for rows.Next() {
		var s Stored
		if err := rows.Scan(&s.ID, &s.Source, &s.Day, &s.Title, &s.Body); err != nil {
			return nil, fmt.Errorf("read articles to retag: %w", err)
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// RetagStart clears what other jobs left when j recounts everything.
func (db *DB) RetagStart(ctx context.Context, j RetagJob) error {
	if len(j.Terms) > 0 {
		return nil
	}
	if _, err := db.db.Exec(ctx, `DELETE FROM retag_progress WHERE job != $1`, jobKey(j)); err != nil {
		return fmt.Errorf("retag: clear old progress: %w", err)
	}
	return nil
}

// RetagDone forgets a finished job's place.
func (db *DB) RetagDone(ctx context.Context, j RetagJob) error {
	if _, err := db.db.Exec(ctx, `DELETE FROM retag_progress WHERE job = $1`, jobKey(j)); err != nil {
		return fmt.Errorf("retag: clear progress: %w", err)
	}
	return nil
}

func (db *DB) retagLast(ctx context.Context, j RetagJob) (int64, error) {
	var last int64
	err := db.db.QueryRow(ctx, `SELECT last_id FROM retag_progress WHERE job = $1`, jobKey(j)).Scan(&last)
	if err != nil && !errors.Is(err, pgx.ErrNoRows) {
		return 0, fmt.Errorf("read retag progress: %w", err)
	}
	return last, nil
}

// RetagApply replaces the counts of a batch of articles (of the job's terms
// only, when it names some), moves the daily aggregates by the difference
// and records the progress, all in one transaction. The batch's articles
// are locked first, so a crawl saving one of them meanwhile waits, and its
// own aggregate deltas land after these, never between read and write.
func (db *DB) RetagApply(ctx context.Context, j RetagJob, batch []Retagged) error {
	if len(batch) == 0 {
		return nil
	}
	if err := db.tx(ctx, func(tx pgx.Tx) error { return retagApply(ctx, tx, j, batch) }); err != nil {
		return kinded(fmt.Errorf("retag: %w", err))
	}
	return nil
}

func retagApply(ctx context.Context, tx pgx.Tx, j RetagJob, batch []Retagged) error {
	ids := make([]int64, len(batch))
	for i, r := range batch {
		ids[i] = r.ID
	}
	if _, err := tx.Exec(ctx, `SELECT 1 FROM articles WHERE id = ANY($1) ORDER BY id FOR UPDATE`, ids); err != nil {
		return err
	}
	rows, err := tx.Query(ctx, `SELECT article_id, term, count, nested, spans FROM mentions WHERE article_id = ANY($1)`, ids)
	if err != nil {
		return err
	}
	old := map[int64]map[string]tifa.StoredMention{}
	for rows.Next() {
		var id int64
		var c tifa.StoredMention
		if err := rows.Scan(&id, &c.Count.Term, &c.Count.Count, &c.Count.Nested, &c.Spans); err != nil {
			rows.Close()
			return err
		}
		if old[id] == nil {
			old[id] = map[string]tifa.StoredMention{}
		}
		old[id][c.Count.Term] = c
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	w := tifa.PlanRetagWrites(j, batch, old)
	var b pgx.Batch
	for _, u := range w.Upserts {
		b.Queue(`INSERT INTO mentions (article_id, term, count, nested, spans) VALUES ($1, $2, $3, $4, $5)
			ON CONFLICT (article_id, term) DO UPDATE SET count = excluded.count, nested = excluded.nested, spans = excluded.spans`,
			u.Article, u.Count.Term, u.Count.Count, u.Count.Nested, u.Spans)
	}
	for _, d := range w.Deletes {
		b.Queue(`DELETE FROM mentions WHERE article_id = $1 AND term = $2`, d.Article, d.Term)
	}
	if len(w.Marks) > 0 {
		b.Queue(`UPDATE article_lexicon SET version = $1 WHERE article_id = ANY($2)`, j.Version, w.Marks)
	}
	for _, d := range w.Terms {
		b.Queue(`INSERT INTO daily_terms (term, source, day, mentions, nested, articles) VALUES ($1, $2, $3::date, $4, $5, $6)
			ON CONFLICT (term, source, day) DO UPDATE SET mentions = daily_terms.mentions + excluded.mentions,
				nested = daily_terms.nested + excluded.nested, articles = daily_terms.articles + excluded.articles`,
			d.Term, d.Source, d.Day, d.Mentions, d.Nested, d.Articles)
		if d.Articles < 0 {
			b.Queue(`DELETE FROM daily_terms WHERE term = $1 AND source = $2 AND day = $3::date AND articles <= 0`, d.Term, d.Source, d.Day)
		}
	}
	b.Queue(`INSERT INTO retag_progress (job, last_id) VALUES ($1, $2)
		ON CONFLICT (job) DO UPDATE SET last_id = excluded.last_id`, jobKey(j), w.Last)
	return tx.SendBatch(ctx, &b).Close()
}
