package postgres

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"time"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/tifa-project/tifa"
)

// SaveArticle stores a and its counts, replacing what was stored for the same
// key, and moves the daily aggregates by the difference, in one transaction.
// Two workers saving the same URL at once are serialised on the article's
// row: the second waits for the first, then sees its row, so the aggregates
// move once. Saving the same article with the same lexicon again writes
// nothing but the URL that answered.
func (db *DB) SaveArticle(ctx context.Context, a *Article, counts []Count, lexicon string) (Outcome, error) {
	if err := checkArticle(a); err != nil {
		return 0, err
	}
	var out Outcome
	err := db.tx(ctx, func(tx pgx.Tx) error {
		var err error
		out, err = saveArticle(ctx, tx, a, counts, lexicon)
		return err
	})
	if err != nil {
		return 0, kinded(fmt.Errorf("save article %s: %w", a.URL, err))
	}
	return out, nil
}

// SaveArticles saves a batch in one transaction, for bulk loads; each
// article is handled as SaveArticle would.
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
	outs := make([]Outcome, len(batch))
	err := db.tx(ctx, func(tx pgx.Tx) error {
		for i, s := range batch {
			var err error
			if outs[i], err = saveArticle(ctx, tx, s.Article, s.Counts, lexicon); err != nil {
				return fmt.Errorf("save article %s: %w", s.Article.URL, err)
			}
		}
		return nil
	})
	if err != nil {
		return nil, kinded(err)
	}
	return outs, nil
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

// tx runs fn in a transaction, again from the start when the server chose
// it as a deadlock's victim: two saves that take aggregate rows in different
// orders (an update's old terms, another's new ones) are each correct alone.
func (db *DB) tx(ctx context.Context, fn func(pgx.Tx) error) error {
	for attempt := 0; ; attempt++ {
		err := pgx.BeginFunc(ctx, db.db, fn)
		var pe *pgconn.PgError
		if err != nil && errors.As(err, &pe) && (pe.Code == "40P01" || pe.Code == "40001") && attempt < 5 {
			continue
		}
		return err
	}
}

// stored is what an update needs of the row it replaces.
type stored struct {
	id                  int64
	key, hash, lex, src string
	day                 string
	published           time.Time
	pubSource, url      string
	chars               int
}

// The version is the one that counted the mentions, which retag moves on
// (article_lexicon), not the one the row was written with.
const storedCols = `id, key, content_hash, coalesce((SELECT l.version FROM article_lexicon l WHERE l.article_id = articles.id), lexicon_version), source, to_char(day, 'YYYY-MM-DD'), published, published_source, url, chars`

func scanStored(row pgx.Row) (stored, error) {
	var s stored
	err := row.Scan(&s.id, &s.key, &s.hash, &s.lex, &s.src, &s.day, &s.published, &s.pubSource, &s.url, &s.chars)
	return s, err
}

// lockStored locks and returns the row a would replace: by key, or else by
// the URL that answered (a page re-read from the archive after a redirect
// knows only that).
func lockStored(ctx context.Context, tx pgx.Tx, a *Article) (stored, bool, error) {
	s, err := scanStored(tx.QueryRow(ctx, `SELECT `+storedCols+` FROM articles WHERE key = $1 FOR UPDATE`, a.Key))
	if err == nil {
		return s, true, nil
	}
	if !errors.Is(err, pgx.ErrNoRows) {
		return s, false, err
	}
	s, err = scanStored(tx.QueryRow(ctx, `SELECT `+storedCols+` FROM articles WHERE url = $1 ORDER BY id LIMIT 1 FOR UPDATE`, a.URL))
	if err == nil {
		return s, true, nil
	}
	if errors.Is(err, pgx.ErrNoRows) {
		return s, false, nil
	}
	return s, false, err
}

func saveArticle(ctx context.Context, tx pgx.Tx, a *Article, counts []Count, lexicon string) (Outcome, error) {
	if a.Key == "" {
		a.Key = a.URL
	}
	// Whole seconds, as SQLite keeps RFC 3339 text: the same article saved
	// to either engine hashes, orders and prints the same.
	a.Published = a.Published.Truncate(time.Second)
	a.FetchedAt = a.FetchedAt.Truncate(time.Second)
	old, exists, err := lockStored(ctx, tx, a)
	if err != nil {
		return 0, err
	}
	if !exists {
		// Insert first: of two workers inserting one key, one inserts and
		// the other finds the row (after the first commits) and updates it.
		id, inserted, err := insertArticle(ctx, tx, a, lexicon)
		if err != nil {
			return 0, err
		}
		if inserted {
			a.ID = id
			if _, err := tx.Exec(ctx, `INSERT INTO article_lexicon (article_id, version) VALUES ($1, $2)`, id, lexicon); err != nil {
				return 0, err
			}
			if err := account(ctx, tx, id, a.Source, tifa.DayOf(a.Published), utf8.RuneCountInString(a.Body), counts); err != nil {
				return 0, err
			}
			return Inserted, dequeue(ctx, tx, a.Key)
		}
		if old, exists, err = lockStored(ctx, tx, a); err != nil {
			return 0, err
		} else if !exists {
			return 0, fmt.Errorf("key %s conflicts but no row has it", a.Key)
		}
	}
	a.Key = old.key
	if a.PublishedSource == "crawl" && old.pubSource == "crawl" {
		// An undated page keeps the date of its first crawl; otherwise every
		// re-crawl would move it to today.
		a.Published = old.published
	}
	hash := tifa.ContentHash(a)
	day := tifa.DayOf(a.Published)
	a.ID = old.id
	if old.hash == hash && old.lex == lexicon && old.day == day && old.src == a.Source {
		if old.url != a.URL {
			if _, err := tx.Exec(ctx, `UPDATE articles SET url = $1 WHERE id = $2`, a.URL, old.id); err != nil {
				return 0, err
			}
		}
		return Unchanged, nil
	}
	if err := unaccount(ctx, tx, old.id, old.src, old.day, old.chars); err != nil {
		return 0, err
	}
	chars := utf8.RuneCountInString(a.Body)
	if _, err := tx.Exec(ctx, `UPDATE articles SET url = $2, source = $3, title = $4, subtitle = $5, kicker = $6, author = $7,
		editor = $8, origin = $9, print_page = $10, fingerprint = $11, published = $12, day = $13, published_source = $14,
		body = $15, chars = $16, lang = $17, charset = $18, method = $19, content_hash = $20, lexicon_version = $21, fetched_at = $22
		WHERE id = $1`,
		old.id, a.URL, a.Source, a.Title, a.Subtitle, a.Kicker, a.Author, a.Editor, a.Origin, a.PrintPage, int64(a.Fingerprint),
		a.Published, day, a.PublishedSource, a.Body, chars, a.Lang, a.Charset, a.Method, hash, lexicon, a.FetchedAt); err != nil {
		return 0, err
	}
	if _, err := tx.Exec(ctx, `INSERT INTO article_lexicon (article_id, version) VALUES ($1, $2)
		ON CONFLICT (article_id) DO UPDATE SET version = excluded.version`, old.id, lexicon); err != nil {
		return 0, err
	}
	if err := account(ctx, tx, old.id, a.Source, day, chars, counts); err != nil {
		return 0, err
	}
	return Updated, dequeue(ctx, tx, a.Key)
}

// insertArticle inserts a unless its key is taken; inserted is false when
// it was (by a row committed, or by a transaction it waited for).
func insertArticle(ctx context.Context, tx pgx.Tx, a *Article, lexicon string) (id int64, inserted bool, err error) {
	err = tx.QueryRow(ctx, `
		INSERT INTO articles (key, url, source, title, subtitle, kicker, author, editor, origin, print_page, fingerprint,
			published, day, published_source, body, chars, lang, charset, method, content_hash, lexicon_version, fetched_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22)
		ON CONFLICT (key) DO NOTHING RETURNING id`,
		a.Key, a.URL, a.Source, a.Title, a.Subtitle, a.Kicker, a.Author, a.Editor, a.Origin, a.PrintPage, int64(a.Fingerprint),
		a.Published, tifa.DayOf(a.Published), a.PublishedSource, a.Body, utf8.RuneCountInString(a.Body),
		a.Lang, a.Charset, a.Method, tifa.ContentHash(a), lexicon, a.FetchedAt).Scan(&id)
	if errors.Is(err, pgx.ErrNoRows) {
		return 0, false, nil
	}
	return id, err == nil, err
}

// dequeue removes a stored article's URL from the frontier, in the save's
// transaction: a kill between the two cannot leave it queued and stored.
func dequeue(ctx context.Context, tx pgx.Tx, key string) error {
	_, err := tx.Exec(ctx, `DELETE FROM frontier WHERE url = $1`, key)
	return err
}

// account writes an article's mentions and adds them to the daily
// aggregates: each an atomic increment, in term order, so concurrent saves
// take the aggregate rows in one order.
func account(ctx context.Context, tx pgx.Tx, id int64, source, day string, chars int, counts []Count) error {
	if _, err := tx.Exec(ctx, `
		INSERT INTO daily_sources (source, day, articles, chars) VALUES ($1, $2, 1, $3)
		ON CONFLICT (source, day) DO UPDATE SET articles = daily_sources.articles + 1, chars = daily_sources.chars + excluded.chars`,
		source, day, chars); err != nil {
		return err
	}
	counts = append([]Count(nil), counts...)
	sort.Slice(counts, func(i, j int) bool { return counts[i].Term < counts[j].Term })
	var b pgx.Batch
	for _, c := range counts {
		if c.Count <= 0 {
			continue
		}
		b.Queue(`INSERT INTO mentions (article_id, term, count, nested, spans) VALUES ($1, $2, $3, $4, $5)`,
			id, c.Term, c.Count, c.Nested, tifa.EncodeSpans(c.Spans))
		b.Queue(`INSERT INTO daily_terms (term, source, day, mentions, nested, articles) VALUES ($1, $2, $3, $4, $5, 1)
			ON CONFLICT (term, source, day) DO UPDATE SET mentions = daily_terms.mentions + excluded.mentions,
				nested = daily_terms.nested + excluded.nested, articles = daily_terms.articles + 1`,
			c.Term, source, day, c.Count, c.Nested)
	}
	if b.Len() == 0 {
		return nil
	}
	return tx.SendBatch(ctx, &b).Close()
}

// unaccount removes an article's mentions and takes them out of the aggregates.
func unaccount(ctx context.Context, tx pgx.Tx, id int64, source, day string, chars int) error {
	for _, q := range []struct {
		sql  string
		args []any
	}{
		{`UPDATE daily_terms SET mentions = daily_terms.mentions - m.count, nested = daily_terms.nested - m.nested,
		  articles = daily_terms.articles - 1
		  FROM (SELECT term, count, nested FROM mentions WHERE article_id = $1) AS m
		  WHERE daily_terms.term = m.term AND daily_terms.source = $2 AND daily_terms.day = $3`, []any{id, source, day}},
		{`DELETE FROM daily_terms WHERE source = $1 AND day = $2 AND articles <= 0`, []any{source, day}},
		{`UPDATE daily_sources SET articles = articles - 1, chars = chars - $3 WHERE source = $1 AND day = $2`, []any{source, day, chars}},
		{`DELETE FROM daily_sources WHERE source = $1 AND day = $2 AND articles <= 0`, []any{source, day}},
		{`DELETE FROM mentions WHERE article_id = $1`, []any{id}},
	} {
		if _, err := tx.Exec(ctx, q.sql, q.args...); err != nil {
			return err
		}
	}
	return nil
}

// HasArticle reports whether an article with this canonical key is stored.
func (db *DB) HasArticle(ctx context.Context, key string) (bool, error) {
	var ok bool
	if err := db.db.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM articles WHERE key = $1)`, key).Scan(&ok); err != nil {
		return false, fmt.Errorf("look up article %s: %w", key, err)
	}
	return ok, nil
}

// ArticleCount returns how many articles are stored.
func (db *DB) ArticleCount(ctx context.Context) (int, error) {
	var n int
	err := db.db.QueryRow(ctx, `SELECT COUNT(*) FROM articles`).Scan(&n)
	return n, err
}

// byKeyOrURL is the id of the article with key $1, or else with URL $1.
const byKeyOrURL = `(SELECT id FROM (SELECT id, 0 AS o FROM articles WHERE key = $1
	UNION ALL SELECT id, 1 FROM articles WHERE url = $1) k ORDER BY o, id LIMIT 1)`

// Mentions returns the stored counts of one article (by key or URL), by term.
func (db *DB) Mentions(ctx context.Context, url string) (map[string]int, error) {
	rows, err := db.db.Query(ctx, `SELECT term, count FROM mentions WHERE article_id = `+byKeyOrURL, url)
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

// Article returns the stored article with this canonical key, or else with
// this URL as fetched, or ErrNotFound.
func (db *DB) Article(ctx context.Context, url string) (*Article, error) {
	var a Article
	var fp int64
	err := db.db.QueryRow(ctx, `SELECT id, key, url, source, title, subtitle, kicker, author, editor, origin, print_page,
		fingerprint, published, published_source, body, lang, charset, method, fetched_at FROM articles
		WHERE id = `+byKeyOrURL, url).
		Scan(&a.ID, &a.Key, &a.URL, &a.Source, &a.Title, &a.Subtitle, &a.Kicker, &a.Author, &a.Editor, &a.Origin, &a.PrintPage,
			&fp, &a.Published, &a.PublishedSource, &a.Body, &a.Lang, &a.Charset, &a.Method, &a.FetchedAt)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, fmt.Errorf("article %s: %w", url, ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("article %s: %w", url, err)
	}
	a.Fingerprint = uint64(fp)
	// As SQLite returns them: published in China time, fetched in UTC.
	a.Published = a.Published.In(tifa.China)
	a.FetchedAt = a.FetchedAt.UTC()
	return &a, nil
}
