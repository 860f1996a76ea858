package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/tifa-project/tifa"
)

// RetagPending counts the articles the job has still to do.
func (db *DB) RetagPending(ctx context.Context, j RetagJob) (int, error) {
	last, err := db.retagLast(ctx, j)
	if err != nil {
		return 0, err
	}
	var n int
	err = db.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM article_lexicon WHERE article_id > ? AND (? OR version != ?)`,
		last, len(j.Terms) > 0, j.Version).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("count articles to retag: %w", err)
	}
	return n, nil
}

// RetagNext returns up to limit articles the job has still to do, in id order.
// A full recount (no Terms) skips articles already at the job's version, so
// running it again, or after a crash, does only what is left.
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
	rows, err := db.db.QueryContext(ctx, `SELECT a.id, a.source, a.day, a.title, a.body
		FROM article_lexicon l JOIN articles a ON a.id = l.article_id
		WHERE l.article_id > ? AND (? OR l.version != ?) ORDER BY l.article_id LIMIT ?`, last, len(j.Terms) > 0, j.Version, limit)
	if err != nil {
		return nil, fmt.Errorf("read articles to retag: %w", err)
	}
	defer rows.Close()
	var out []Stored
	for rows.Next() {
		var s Stored
		if err := rows.Scan(&s.ID, &s.Source, &s.Day, &s.Title, &s.Body); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// RetagStart clears what other jobs left when j recounts everything: a full
// recount supersedes them, and an old job's place, resumed later, would skip
// articles this one moved to another version.
func (db *DB) RetagStart(ctx context.Context, j RetagJob) error {
	if len(j.Terms) > 0 {
		return nil
	}
	if _, err := db.db.ExecContext(ctx, `DELETE FROM retag_progress WHERE job != ?`, jobKey(j)); err != nil {
		return fmt.Errorf("retag: clear old progress: %w", err)
	}
	return nil
}

// RetagDone forgets a finished job's place, so the same job run again
// later (after another lexicon was applied in between) starts from the
// beginning instead of after the last article it once did.
func (db *DB) RetagDone(ctx context.Context, j RetagJob) error {
	if _, err := db.db.ExecContext(ctx, `DELETE FROM retag_progress WHERE job = ?`, jobKey(j)); err != nil {
		return fmt.Errorf("retag: clear progress: %w", err)
	}
	return nil
}

func (db *DB) retagLast(ctx context.Context, j RetagJob) (int64, error) {
	var last int64
	err := db.db.QueryRowContext(ctx, `SELECT last_id FROM retag_progress WHERE job = ?`, jobKey(j)).Scan(&last)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return 0, fmt.Errorf("read retag progress: %w", err)
	}
	return last, nil
}

// RetagApply replaces the counts of a batch of articles (of the job's terms
// only, when it names some), moves the daily aggregates by the difference and
// records the progress, all in one transaction: a kill leaves the batch
// either wholly done or not begun.
func (db *DB) RetagApply(ctx context.Context, j RetagJob, batch []Retagged) error {
	if len(batch) == 0 {
		return nil
	}
	tx, err := db.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("retag: %w", err)
	}
	defer tx.Rollback()
	st := newStmts(db, tx)
	defer st.close()
	if err := retagApply(ctx, st, j, batch); err != nil {
		return fmt.Errorf("retag: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("retag: %w", err)
	}
	return nil
}

func retagApply(ctx context.Context, st *stmts, j RetagJob, batch []Retagged) error {
	old, err := oldMentions(ctx, st, batch)
	if err != nil {
		return err
	}
	w := tifa.PlanRetagWrites(j, batch, old)
	deletes := make([]any, 0, 2*len(w.Deletes))
	for _, d := range w.Deletes {
		deletes = append(deletes, d.Article, d.Term)
	}
	upserts := make([]any, 0, 5*len(w.Upserts))
	for _, u := range w.Upserts {
		upserts = append(upserts, u.Article, u.Count.Term, u.Count.Count, u.Count.Nested, u.Spans)
	}
	marks := make([]any, 0, len(w.Marks))
	for _, id := range w.Marks {
		marks = append(marks, id)
	}
	g := newAggregates()
	for _, d := range w.Terms {
		g.terms[aggKey{d.Term, d.Source, d.Day}] = &termDelta{mentions: d.Mentions, nested: d.Nested, articles: d.Articles}
	}
	if err := st.execRows(ctx, `DELETE FROM mentions WHERE (article_id, term) IN (VALUES %v)`, 2, nil, deletes); err != nil {
		return err
	}
	if err := st.execRows(ctx, `INSERT INTO mentions (article_id, term, count, nested, spans) VALUES %v
		ON CONFLICT (article_id, term) DO UPDATE SET count = excluded.count, nested = excluded.nested, spans = excluded.spans`,
		5, nil, upserts); err != nil {
		return err
	}
	if err := st.execRows(ctx, `UPDATE article_lexicon SET version = ? WHERE article_id IN (VALUES %v)`, 1, []any{j.Version}, marks); err != nil {
		return err
	}
	if err := g.write(ctx, st); err != nil {
		return err
	}
	return st.exec(ctx, `INSERT INTO retag_progress (job, last_id) VALUES (?, ?)
		ON CONFLICT (job) DO UPDATE SET last_id = excluded.last_id`, jobKey(j), w.Last)
}

// oldMentions reads the stored mentions of a batch by article and term,
// with one range scan of the primary key over the batch's ids.
func oldMentions(ctx context.Context, st *stmts, batch []Retagged) (map[int64]map[string]tifa.StoredMention, error) {
	out := make(map[int64]map[string]tifa.StoredMention, len(batch))
	lo, hi := batch[0].ID, batch[0].ID
	for _, r := range batch {
		out[r.ID] = map[string]tifa.StoredMention{}
		lo, hi = min(lo, r.ID), max(hi, r.ID)
	}
	rows, err := st.query(ctx, `SELECT article_id, term, count, nested, spans FROM mentions WHERE article_id BETWEEN ? AND ?`, lo, hi)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var c tifa.StoredMention
		if err := rows.Scan(&id, &c.Count.Term, &c.Count.Count, &c.Count.Nested, &c.Spans); err != nil {
			return nil, err
		}
		if m := out[id]; m != nil { // ids between the batch's belong to other articles
			m[c.Count.Term] = c
		}
	}
	return out, rows.Err()
}

// StaleArticles counts the articles whose counts came from another lexicon
// version than current: a report over them may differ from a fresh crawl.
func (db *DB) StaleArticles(ctx context.Context, current string) (int, error) {
	var n int
	err := db.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM article_lexicon WHERE version != ?`, current).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("count stale articles: %w", err)
	}
	return n, nil
}
