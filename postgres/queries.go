package postgres

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgtype"

	"github.com/tifa-project/tifa"
)

// Every query here returns what package sqlite's of the same name returns
// for the same data, in the same order: text columns sort by bytes
// (COLLATE "C"), days are written YYYY-MM-DD, times in RFC 3339.

// TermDays reads the daily aggregates for f, ordered by day, term, source.
func (db *DB) TermDays(ctx context.Context, f Filter) ([]TermDay, error) {
	c := filterWhere(f, true)
	return db.termDays(ctx, `SELECT term, source, day, mentions, nested, articles FROM `+termTable(f)+c.where()+
		` ORDER BY day, term, source`, c.args)
}

// termDays runs a query whose columns are those of TermDay, interning the
// few hundred distinct strings of a long series.
func (db *DB) termDays(ctx context.Context, query string, args []any) ([]TermDay, error) {
	rows, err := db.db.Query(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("query term days: %w", err)
	}
	defer rows.Close()
	intern := map[string]string{}
	str := func(b []byte) string {
		if s, ok := intern[string(b)]; ok {
			return s
		}
		s := string(b)
		intern[s] = s
		return s
	}
	var out []TermDay
	var term, source []byte
	var day pgtype.Date
	days := dayNames{}
	for rows.Next() {
		var d TermDay
		if err := rows.Scan(&term, &source, &day, &d.Mentions, &d.Nested, &d.Articles); err != nil {
			return nil, fmt.Errorf("query term days: %w", err)
		}
		if d.Day, err = days.of(day); err != nil {
			return nil, fmt.Errorf("query term days: %w", err)
		}
		d.Term, d.Source = str(term), str(source)
		if len(out) == cap(out) {
			// Doubling, not append's quarter steps past 256: a year for
			// ten terms is 57,000 rows, and each step copied them all.
			out = slices.Grow(out, max(len(out), 256))
		}
		out = append(out, d)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("query term days: %w", err)
	}
	return out, nil
}

// SourceDays reads the per-source daily totals for f (its Terms are ignored).
func (db *DB) SourceDays(ctx context.Context, f Filter) ([]SourceDay, error) {
	c := filterWhere(f, false)
	return db.sourceDays(ctx, `SELECT source, day, articles, chars FROM `+sourceTable(f)+c.where()+` ORDER BY day, source`, c.args)
}

func (db *DB) sourceDays(ctx context.Context, query string, args []any) ([]SourceDay, error) {
	rows, err := db.db.Query(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("query source days: %w", err)
	}
	defer rows.Close()
	var out []SourceDay
	var day pgtype.Date
	days := dayNames{}
	for rows.Next() {
		var d SourceDay
		if err := rows.Scan(&d.Source, &day, &d.Articles, &d.Chars); err != nil {
			return nil, fmt.Errorf("query source days: %w", err)
		}
		if d.Day, err = days.of(day); err != nil {
			return nil, fmt.Errorf("query source days: %w", err)
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

// dayNames writes each distinct date of a result once. The series reads
// return the date column as it is (four bytes) rather than to_char's text,
// which the server formatted and sent row by row: a year for ten terms is
// 57,000 rows but only 366 days to format.
type dayNames map[int64]string

func (n dayNames) of(d pgtype.Date) (string, error) {
	if !d.Valid || d.InfinityModifier != pgtype.Finite {
		return "", fmt.Errorf("a day that is not a date (%v)", d)
	}
	k := d.Time.Unix()
	if s, ok := n[k]; ok {
		return s, nil
	}
	s := d.Time.Format(tifa.DayLayout)
	n[k] = s
	return s, nil
}

// TermDaysMerged is TermDays summed over the sources of f, Source empty.
func (db *DB) TermDaysMerged(ctx context.Context, f Filter) ([]TermDay, error) {
	c := filterWhere(f, true)
	return db.termDays(ctx, `SELECT term, '', day, SUM(mentions)::bigint, SUM(nested)::bigint, SUM(articles)::bigint FROM `+termTable(f)+c.where()+
		` GROUP BY term, day ORDER BY day, term`, c.args)
}

// SourceDaysMerged is SourceDays summed over the sources of f, Source empty.
func (db *DB) SourceDaysMerged(ctx context.Context, f Filter) ([]SourceDay, error) {
	c := filterWhere(f, false)
	return db.sourceDays(ctx, `SELECT '', day, SUM(articles)::bigint, SUM(chars)::bigint FROM `+sourceTable(f)+c.where()+
		` GROUP BY day ORDER BY day`, c.args)
}

// TermDaysByKey is TermDays in the table's key order (term, source, day).
func (db *DB) TermDaysByKey(ctx context.Context, f Filter) ([]TermDay, error) {
	c := filterWhere(f, true)
	return db.termDays(ctx, `SELECT term, source, day, mentions, nested, articles FROM `+termTable(f)+c.where()+
		` ORDER BY term, source, day`, c.args)
}

// sourceIDs lists every source with stored articles.
func (db *DB) sourceIDs(ctx context.Context) ([]string, error) {
	rows, err := db.db.Query(ctx, `SELECT DISTINCT source FROM daily_sources ORDER BY source`)
	if err != nil {
		return nil, fmt.Errorf("list sources: %w", err)
	}
	out, err := stringRows(rows)
	if err != nil {
		return nil, fmt.Errorf("list sources: %w", err)
	}
	return out, nil
}

// StoredSources lists every source with stored articles.
func (db *DB) StoredSources(ctx context.Context) ([]string, error) { return db.sourceIDs(ctx) }

// Coverage returns, per source of f, the stored range and article count.
func (db *DB) Coverage(ctx context.Context, f Filter) ([]Coverage, error) {
	c := filterWhere(f, false)
	rows, err := db.db.Query(ctx, `SELECT source, `+dayCol("MIN(day)")+`, `+dayCol("MAX(day)")+`, COUNT(*), SUM(articles)::bigint FROM `+
		sourceTable(f)+c.where()+` GROUP BY source ORDER BY source`, c.args...)
	if err != nil {
		return nil, fmt.Errorf("query coverage: %w", err)
	}
	defer rows.Close()
	var out []Coverage
	for rows.Next() {
		var cv Coverage
		if err := rows.Scan(&cv.Source, &cv.First, &cv.Last, &cv.Days, &cv.Articles); err != nil {
			return nil, fmt.Errorf("query coverage: %w", err)
		}
		out = append(out, cv)
	}
	return out, rows.Err()
}

// FirstSeen is the first day a source mentioned a term.
type FirstSeen = tifa.FirstSeen

// FirstSeen returns the first day each (term, source) of f has a mention,
// ordered by term, day, source.
func (db *DB) FirstSeen(ctx context.Context, f Filter) ([]FirstSeen, error) {
	c := filterWhere(f, true)
	rows, err := db.db.Query(ctx, `SELECT term, source, `+dayCol("MIN(day)")+` FROM `+termTable(f)+c.where()+
		` GROUP BY term, source ORDER BY term, MIN(day), source`, c.args...)
	if err != nil {
		return nil, fmt.Errorf("query first appearances: %w", err)
	}
	defer rows.Close()
	var out []FirstSeen
	for rows.Next() {
		var s FirstSeen
		if err := rows.Scan(&s.Term, &s.Source, &s.Day); err != nil {
			return nil, fmt.Errorf("query first appearances: %w", err)
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// MostMentioned lists up to limit terms by their mentions under f, most
// first (ties by id), summed over months where f's range holds whole ones.
func (db *DB) MostMentioned(ctx context.Context, f Filter, limit int) ([]string, error) {
	from, c := mentionsOver(f)
	rows, err := db.db.Query(ctx, `SELECT term FROM `+from+
		` GROUP BY term HAVING SUM(mentions) > 0 ORDER BY SUM(mentions) DESC, term LIMIT `+c.arg(limit), c.args...)
	if err != nil {
		return nil, fmt.Errorf("most mentioned terms: %w", err)
	}
	out, err := stringRows(rows)
	if err != nil {
		return nil, fmt.Errorf("most mentioned terms: %w", err)
	}
	return out, nil
}

// published is the column as SQLite stores it: RFC 3339 in China time.
func published(t time.Time) string { return t.In(tifa.China).Format(time.RFC3339) }

// Mentioning returns up to limit articles of f mentioning term, newest first
// (limit <= 0: all). f.Terms is ignored.
func (db *DB) Mentioning(ctx context.Context, term string, f Filter, limit int) ([]Mentioning, error) {
	c := articleWhere(f, "a.")
	c.add("m.term = ?", term)
	q := `SELECT a.id, a.url, a.source, ` + dayCol("a.day") + `, a.published, a.title, a.body, a.origin, a.print_page, a.fingerprint, m.spans
		FROM mentions m JOIN articles a ON a.id = m.article_id` + c.where() + ` ORDER BY a.published DESC, a.id DESC`
	if limit > 0 {
		q += ` LIMIT ` + c.arg(limit)
	}
	rows, err := db.db.Query(ctx, q, c.args...)
	if err != nil {
		return nil, fmt.Errorf("query articles mentioning %s: %w", term, err)
	}
	defer rows.Close()
	var out []Mentioning
	for rows.Next() {
		var m Mentioning
		var fp int64
		var pub time.Time
		var spans []byte
		if err := rows.Scan(&m.ID, &m.URL, &m.Source, &m.Day, &pub, &m.Title, &m.Body, &m.Origin, &m.PrintPage, &fp, &spans); err != nil {
			return nil, fmt.Errorf("query articles mentioning %s: %w", term, err)
		}
		m.Published = published(pub)
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
	rows, err := db.db.Query(ctx, `SELECT term, spans FROM mentions WHERE article_id = $1 ORDER BY term`, id)
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

// EachMentioning calls fn for every article of f that mentions term, in id
// order, with the article's text and every term it mentions (term
// included), streaming.
func (db *DB) EachMentioning(ctx context.Context, term string, f Filter, fn func(a *Mentioning, terms []TermSpans) error) error {
	c := articleWhere(f, "a.")
	c.add("m1.term = ?", term)
	rows, err := db.db.Query(ctx, `SELECT a.id, a.url, a.source, `+dayCol("a.day")+`, a.published, a.title, a.body, a.fingerprint, m2.term, m2.spans
		FROM mentions m1 JOIN articles a ON a.id = m1.article_id JOIN mentions m2 ON m2.article_id = a.id`+c.where()+` ORDER BY a.id, m2.term`, c.args...)
	if err != nil {
		return fmt.Errorf("query articles mentioning %s: %w", term, err)
	}
	defer rows.Close()
	var cur *Mentioning
	var terms []TermSpans
	for rows.Next() {
		var m Mentioning
		var fp int64
		var pub time.Time
		var ts TermSpans
		var spans []byte
		if err := rows.Scan(&m.ID, &m.URL, &m.Source, &m.Day, &pub, &m.Title, &m.Body, &fp, &ts.Term, &spans); err != nil {
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
			m.Published = published(pub)
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

// RecordRun keeps a crawl's per-source summary, with the worker that ran it.
func (db *DB) RecordRun(ctx context.Context, r Run) error {
	if r.Kind == "" {
		r.Kind = "crawl"
	}
	_, err := db.db.Exec(ctx, `INSERT INTO runs (source, kind, started, finished, failed, summary, worker) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
		r.Source, r.Kind, r.Started.Truncate(time.Second), r.Finished.Truncate(time.Second), r.Failed, string(r.Summary), db.Worker)
	if err != nil {
		return fmt.Errorf("record run of %s: %w", r.Source, err)
	}
	return nil
}

// Runs returns the last n crawl runs of source, newest first.
func (db *DB) Runs(ctx context.Context, source string, n int) ([]Run, error) {
	rows, err := db.db.Query(ctx, `SELECT id, source, kind, started, finished, failed, summary FROM runs
		WHERE source = $1 AND kind = 'crawl' ORDER BY id DESC LIMIT $2`, source, n)
	if err != nil {
		return nil, fmt.Errorf("runs of %s: %w", source, err)
	}
	defer rows.Close()
	var out []Run
	for rows.Next() {
		var r Run
		var summary string
		if err := rows.Scan(&r.ID, &r.Source, &r.Kind, &r.Started, &r.Finished, &r.Failed, &summary); err != nil {
			return nil, fmt.Errorf("runs of %s: %w", source, err)
		}
		r.Started, r.Finished = r.Started.UTC(), r.Finished.UTC()
		r.Summary = []byte(summary)
		out = append(out, r)
	}
	return out, rows.Err()
}

// StaleArticles counts the articles whose counts came from another lexicon
// version than current.
func (db *DB) StaleArticles(ctx context.Context, current string) (int, error) {
	var n int
	if err := db.db.QueryRow(ctx, `SELECT COUNT(*) FROM article_lexicon WHERE version != $1`, current).Scan(&n); err != nil {
		return 0, fmt.Errorf("count stale articles: %w", err)
	}
	return n, nil
}

// mentionsOver is a FROM term of (term, mentions) rows whose sums per term
// are those of the daily counts under f, and its arguments, as in package
// sqlite: whole months from monthly_terms, the days at the range's ends
// from daily_terms; the days alone where there is no whole month or for
// the front page, which has no monthly table.
func mentionsOver(f Filter) (string, *conds) {
	m, ok := tifa.WholeMonths(f.From, f.To)
	if !ok || f.FrontPage {
		c := filterWhere(f, true)
		return termTable(f) + c.where(), c
	}
	c := &conds{}
	parts := []string{`SELECT term, mentions FROM monthly_terms` + c.branch(func(c *conds) {
		c.in("term", f.Terms)
		c.in("source", f.Sources)
		if m.First != "" {
			c.add("month >= ?::date", m.First)
		}
		if m.Last != "" {
			c.add("month <= ?::date", m.Last)
		}
	})}
	for _, e := range m.Edges {
		parts = append(parts, `SELECT term, mentions FROM daily_terms`+c.branch(func(c *conds) {
			c.aggregate(Filter{Terms: f.Terms, Sources: f.Sources, From: e[0], To: e[1]}, true)
		}))
	}
	return "(" + strings.Join(parts, " UNION ALL ") + ") t", c
}
