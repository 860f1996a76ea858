package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sort"
	"time"
	"unicode/utf8"

	"github.com/tifa-project/tifa"
)

// Day is the calendar day of t in China time.
func Day(t time.Time) string { return tifa.DayOf(t) }

// SaveArticle stores a and its counts, replacing what was stored for the same
// URL, and moves the daily aggregates by the difference. It is idempotent:
// saving the same article with the same lexicon version again writes nothing.
func (db *DB) SaveArticle(ctx context.Context, a *Article, counts []Count, lexicon string) (Outcome, error) {
	if err := checkArticle(a); err != nil {
		return 0, err
	}
	tx, err := db.db.BeginTx(ctx, nil)
	if err != nil {
		return 0, kinded(fmt.Errorf("save article %s: %w", a.URL, err))
	}
	defer tx.Rollback()
	st := newStmts(db, tx)
	defer st.close()
	out, err := saveArticle(ctx, st, a, counts, lexicon)
	if err != nil {
		return 0, kinded(fmt.Errorf("save article %s: %w", a.URL, err))
	}
	// Committed even when Unchanged: the URL that answered may have moved.
	if err := tx.Commit(); err != nil {
		return 0, kinded(fmt.Errorf("save article %s: %w", a.URL, err))
	}
	return out, nil
}

func checkArticle(a *Article) error {
	if a.URL == "" || a.Source == "" {
		return errors.New("save article: url and source are required")
	}
	if a.Published.IsZero() {
		return fmt.Errorf("save article %s: no publish time", a.URL)
	}
	return nil
}

// saveArticle inserts first and compares after: the INSERT either creates
// the row or meets the one there (and, in a server engine, waits on its
// writer), so two writers saving one URL at once move the aggregates once,
// never twice on the strength of two reads that each saw no row.
func saveArticle(ctx context.Context, st *stmts, a *Article, counts []Count, lexicon string) (Outcome, error) {
	if a.Key == "" {
		a.Key = a.URL
	}
	// By key, or else by the URL that answered: a page re-read from the
	// archive after a redirect knows only the URL it answered at.
	var key string
	err := st.queryRow(ctx, `SELECT key FROM (
			SELECT 0 AS o, key FROM articles WHERE key = ?1 UNION ALL SELECT 1, key FROM articles WHERE url = ?2) ORDER BY o LIMIT 1`,
		a.Key, a.URL).Scan(&key)
	switch {
	case err == nil:
		a.Key = key
	case !errors.Is(err, sql.ErrNoRows):
		return 0, err
	}
	hash := tifa.ContentHash(a)
	day := Day(a.Published)
	chars := utf8.RuneCountInString(a.Body)
	cols := []any{a.URL, a.Source, a.Title, a.Subtitle, a.Kicker, a.Author, a.Editor, a.Origin, a.PrintPage, int64(a.Fingerprint),
		a.Published.In(tifa.China).Format(time.RFC3339), day, a.PublishedSource, a.Body, chars,
		a.Lang, a.Charset, a.Method, hash, lexicon, a.FetchedAt.UTC().Format(time.RFC3339)}
	err = st.queryRow(ctx, `
		INSERT INTO articles (key, url, source, title, subtitle, kicker, author, editor, origin, print_page, fingerprint,
			published, day, published_source, body, chars, lang, charset, method, content_hash, lexicon_version, fetched_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (key) DO NOTHING RETURNING id`, append([]any{a.Key}, cols...)...).Scan(&a.ID)
	switch {
	case err == nil:
		if err := st.exec(ctx, `INSERT INTO article_lexicon (article_id, version) VALUES (?, ?)`, a.ID, lexicon); err != nil {
			return 0, err
		}
		g := newAggregates()
		if err := account(ctx, st, g, a.ID, a.Source, day, chars, counts); err != nil {
			return 0, err
		}
		if err := stored(ctx, st, g, a.Key); err != nil {
			return 0, err
		}
		return Inserted, nil
	case !errors.Is(err, sql.ErrNoRows):
		return 0, err
	}
	return updateArticle(ctx, st, a, counts, lexicon)
}

// updateArticle compares a with the row its key already has and rewrites
// the row, its mentions and the aggregates only if something changed.
func updateArticle(ctx context.Context, st *stmts, a *Article, counts []Count, lexicon string) (Outcome, error) {
	var old struct {
		id                       int64
		hash, lex, day, src, pub string
		pubSource, url           string
		chars                    int
	}
	err := st.queryRow(ctx, `SELECT a.id, a.content_hash, coalesce(l.version, a.lexicon_version), a.day, a.source, a.chars, a.published, a.published_source, a.url
		FROM articles a LEFT JOIN article_lexicon l ON l.article_id = a.id WHERE a.key = ?`, a.Key).
		Scan(&old.id, &old.hash, &old.lex, &old.day, &old.src, &old.chars, &old.pub, &old.pubSource, &old.url)
	if err != nil {
		return 0, err
	}
	a.ID = old.id
	if a.PublishedSource == "crawl" && old.pubSource == "crawl" {
		// An undated page keeps the date of its first crawl; otherwise every
		// re-crawl would move it to today.
		if t, err := time.Parse(time.RFC3339, old.pub); err == nil {
			a.Published = t
		}
	}
	hash := tifa.ContentHash(a)
	day := Day(a.Published)
	if old.hash == hash && old.lex == lexicon && old.day == day && old.src == a.Source {
		if old.url != a.URL {
			if err := st.exec(ctx, `UPDATE articles SET url = ? WHERE id = ?`, a.URL, old.id); err != nil {
				return 0, err
			}
		}
		return Unchanged, nil
	}
	g := newAggregates()
	if err := unaccount(ctx, st, g, old.id, old.src, old.day, old.chars); err != nil {
		return 0, err
	}
	chars := utf8.RuneCountInString(a.Body)
	err = st.exec(ctx, `UPDATE articles SET url = ?, source = ?, title = ?, subtitle = ?, kicker = ?, author = ?, editor = ?,
			origin = ?, print_page = ?, fingerprint = ?, published = ?, day = ?, published_source = ?, body = ?, chars = ?,
			lang = ?, charset = ?, method = ?, content_hash = ?, lexicon_version = ?, fetched_at = ?
		WHERE id = ?`,
		a.URL, a.Source, a.Title, a.Subtitle, a.Kicker, a.Author, a.Editor, a.Origin, a.PrintPage, int64(a.Fingerprint),
		a.Published.In(tifa.China).Format(time.RFC3339), day, a.PublishedSource, a.Body, chars,
		a.Lang, a.Charset, a.Method, hash, lexicon, a.FetchedAt.UTC().Format(time.RFC3339), old.id)
	if err != nil {
		return 0, err
	}
	if err := st.exec(ctx, `INSERT INTO article_lexicon (article_id, version) VALUES (?, ?)
		ON CONFLICT (article_id) DO UPDATE SET version = excluded.version`, old.id, lexicon); err != nil {
		return 0, err
	}
	if err := account(ctx, st, g, old.id, a.Source, day, chars, counts); err != nil {
		return 0, err
	}
	if err := stored(ctx, st, g, a.Key); err != nil {
		return 0, err
	}
	return Updated, nil
}

// stored writes the aggregates' changes and takes the article's URL out of
// the frontier. Stored means no longer waiting: in the same transaction, so
// a kill between the two cannot leave the URL queued and stored.
func stored(ctx context.Context, st *stmts, g *aggregates, key string) error {
	if err := g.write(ctx, st); err != nil {
		return err
	}
	return st.exec(ctx, `DELETE FROM frontier WHERE url = ?`, key)
}

// account writes an article's mentions and adds them to the aggregates.
func account(ctx context.Context, st *stmts, g *aggregates, id int64, source, day string, chars int, counts []Count) error {
	g.article(source, day, 1, chars)
	counts = append([]Count(nil), counts...)
	sort.Slice(counts, func(i, j int) bool { return counts[i].Term < counts[j].Term })
	var rows []any
	for _, c := range counts {
		if c.Count <= 0 {
			continue
		}
		rows = append(rows, id, c.Term, c.Count, c.Nested, tifa.EncodeSpans(c.Spans))
		g.term(source, day, 1, c)
	}
	return st.execRows(ctx, `INSERT INTO mentions (article_id, term, count, nested, spans) VALUES %v`, 5, nil, rows)
}

// unaccount removes an article's mentions and takes them out of the aggregates.
func unaccount(ctx context.Context, st *stmts, g *aggregates, id int64, source, day string, chars int) error {
	g.article(source, day, -1, chars)
	rows, err := st.query(ctx, `SELECT term, count, nested FROM mentions WHERE article_id = ?`, id)
	if err != nil {
		return err
	}
	for rows.Next() {
		var c Count
		if err := rows.Scan(&c.Term, &c.Count, &c.Nested); err != nil {
			rows.Close()
			return err
		}
		g.term(source, day, -1, c)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	return st.exec(ctx, `DELETE FROM mentions WHERE article_id = ?`, id)
}

// HasArticle reports whether an article with this canonical key is stored.
func (db *DB) HasArticle(ctx context.Context, key string) (bool, error) {
	var n int
	err := db.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM articles WHERE key = ?`, key).Scan(&n)
	if err != nil {
		return false, kinded(fmt.Errorf("look up article %s: %w", key, err))
	}
	return n > 0, nil
}

// ArticleCount returns how many articles are stored.
func (db *DB) ArticleCount(ctx context.Context) (int, error) {
	var n int
	err := db.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM articles`).Scan(&n)
	return n, err
}

// Mentions returns the stored counts of one article (by key or URL), by term.
func (db *DB) Mentions(ctx context.Context, url string) (map[string]int, error) {
	rows, err := db.db.QueryContext(ctx, `SELECT m.term, m.count FROM mentions m JOIN articles a ON a.id = m.article_id
		WHERE a.id = (SELECT id FROM articles WHERE key = ?1 UNION ALL SELECT id FROM articles WHERE url = ?1 LIMIT 1)`, url)
	if err != nil {
		return nil, fmt.Errorf("mentions of %s: %w", url, err)
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var term string
		var n int
		if err := rows.Scan(&term, &n); err != nil {
			return nil, err
		}
		out[term] = n
	}
	return out, rows.Err()
}

// SaveArticles saves a batch in one transaction, for bulk loads (imports,
// benchmarks); each article is handled as SaveArticle would.
func (db *DB) SaveArticles(ctx context.Context, batch []Saved, lexicon string) error {
	_, err := db.SaveGroup(ctx, batch, lexicon)
	return err
}

// SaveGroup saves a batch in one transaction and says what became of each
// article, for a crawl that commits the articles of its workers together:
// either every article is stored, with its mentions and aggregates and
// off the frontier, or none is.
func (db *DB) SaveGroup(ctx context.Context, batch []Saved, lexicon string) ([]Outcome, error) {
	for _, s := range batch {
		if err := checkArticle(s.Article); err != nil {
			return nil, err
		}
	}
	tx, err := db.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, kinded(fmt.Errorf("save articles: %w", err))
	}
	defer tx.Rollback()
	st := newStmts(db, tx)
	defer st.close()
	outs := make([]Outcome, len(batch))
	for i, s := range batch {
		if outs[i], err = saveArticle(ctx, st, s.Article, s.Counts, lexicon); err != nil {
			return nil, kinded(fmt.Errorf("save article %s: %w", s.Article.URL, err))
		}
	}
	if err := tx.Commit(); err != nil {
		return nil, kinded(fmt.Errorf("save articles: %w", err))
	}
	return outs, nil
}

// Article returns the stored article with this canonical key, or else with
// this URL as fetched, or ErrNotFound.
func (db *DB) Article(ctx context.Context, url string) (*Article, error) {
	var a Article
	var published, fetched string
	var fp int64
	err := db.db.QueryRowContext(ctx, `SELECT id, key, url, source, title, subtitle, kicker, author, editor, origin, print_page,
		fingerprint, published, published_source, body, lang, charset, method, fetched_at FROM articles
		WHERE id = (SELECT id FROM articles WHERE key = ?1 UNION ALL SELECT id FROM articles WHERE url = ?1 LIMIT 1)`, url).
		Scan(&a.ID, &a.Key, &a.URL, &a.Source, &a.Title, &a.Subtitle, &a.Kicker, &a.Author, &a.Editor, &a.Origin, &a.PrintPage,
			&fp, &published, &a.PublishedSource, &a.Body, &a.Lang, &a.Charset, &a.Method, &fetched)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("article %s: %w", url, ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("article %s: %w", url, err)
	}
	a.Fingerprint = uint64(fp)
	if a.Published, err = storedTime("published", published); err != nil {
		return nil, fmt.Errorf("article %s: %w", url, err)
	}
	if a.FetchedAt, err = storedTime("fetched_at", fetched); err != nil {
		return nil, fmt.Errorf("article %s: %w", url, err)
	}
	return &a, nil
}

// storedTime parses a time tifa stored: one that does not parse was not
// written by tifa, and is damage to report rather than a zero time to use.
func storedTime(column, v string) (time.Time, error) {
	t, err := time.Parse(time.RFC3339, v)
	if err != nil {
		return time.Time{}, fmt.Errorf("%s %q is not a stored time (run tifa check): %w", column, v, err)
	}
	return t, nil
}
