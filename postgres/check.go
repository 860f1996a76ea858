package postgres

import (
	"context"
	"fmt"
	"strings"
	"unicode"

	"github.com/jackc/pgx/v5"
)

// Problem is one thing Check found wrong, and what to do about it.
type Problem struct {
	Check string // which check: aggregates, articles, mentions, frontier, migrations
	What  string
	Fix   string
}

const (
	fixRebuild = "run `tifa check --db {db} --repair` to rebuild the daily and monthly aggregates and the lexicon records from the stored articles and mentions"
	fixRecrawl = "these rows were not written by tifa; delete them (or restore a backup) and crawl again"
	fixText    = "these articles changed after tifa stored them: `tifa reprocess` stores them again from the archive, or restore a backup"
	fixUpgrade = "the database was written by a newer tifa: use that version"
)

// termSums and sourceSums are the daily aggregates as the stored articles
// and mentions make them.
const (
	termSums = `SELECT m.term, a.source, a.day, SUM(m.count)::bigint AS mentions, SUM(m.nested)::bigint AS nested, COUNT(*) AS articles
		FROM mentions m JOIN articles a ON a.id = m.article_id GROUP BY m.term, a.source, a.day`
	sourceSums = `SELECT source, day, COUNT(*) AS articles, SUM(chars)::bigint AS chars FROM articles GROUP BY source, day`
	// monthSums is monthly_terms as the daily term counts make it.
	monthSums = `SELECT term, source, date_trunc('month', day)::date AS month,
			SUM(mentions)::bigint AS mentions, SUM(nested)::bigint AS nested, SUM(articles)::bigint AS articles
			FROM daily_terms GROUP BY term, source, date_trunc('month', day)::date`
)

// consistency lists tifa's own checks, as package sqlite's: each query
// returns one described row per thing wrong. The server keeps its pages
// whole itself; what can still go wrong is rows written by something else.
var consistency = []struct{ name, query, what, fix string }{
	{"aggregates", `WITH want AS (` + termSums + `)
		SELECT format('%s in %s on %s: stored %s mentions in %s articles, the mentions say %s in %s',
			COALESCE(d.term, w.term), COALESCE(d.source, w.source), to_char(COALESCE(d.day, w.day), 'YYYY-MM-DD'),
			COALESCE(d.mentions, 0), COALESCE(d.articles, 0), COALESCE(w.mentions, 0), COALESCE(w.articles, 0))
		FROM daily_terms d FULL JOIN want w ON w.term = d.term AND w.source = d.source AND w.day = d.day
		WHERE d.term IS NULL OR w.term IS NULL OR d.mentions != w.mentions OR d.nested != w.nested OR d.articles != w.articles`,
		"%d daily term counts differ from the mentions they summarise", fixRebuild},
	{"aggregates", `WITH want AS (` + sourceSums + `)
		SELECT format('%s on %s: stored %s articles of %s characters, the articles say %s of %s',
			COALESCE(d.source, w.source), to_char(COALESCE(d.day, w.day), 'YYYY-MM-DD'),
			COALESCE(d.articles, 0), COALESCE(d.chars, 0), COALESCE(w.articles, 0), COALESCE(w.chars, 0))
		FROM daily_sources d FULL JOIN want w ON w.source = d.source AND w.day = d.day
		WHERE d.source IS NULL OR w.source IS NULL OR d.articles != w.articles OR d.chars != w.chars`,
		"%d daily source totals differ from the articles they summarise", fixRebuild},
	{"aggregates", `WITH want AS (` + monthSums + `)
		SELECT format('%s in %s in %s: stored %s mentions in %s articles, the days say %s in %s',
			COALESCE(m.term, w.term), COALESCE(m.source, w.source), to_char(COALESCE(m.month, w.month), 'YYYY-MM'),
			COALESCE(m.mentions, 0), COALESCE(m.articles, 0), COALESCE(w.mentions, 0), COALESCE(w.articles, 0))
		FROM monthly_terms m FULL JOIN want w ON w.term = m.term AND w.source = m.source AND w.month = m.month
		WHERE m.term IS NULL OR w.term IS NULL OR m.mentions != w.mentions OR m.nested != w.nested OR m.articles != w.articles`,
		"%d monthly term counts differ from the daily counts they summarise", fixRebuild},
	{"articles", `SELECT format('article %s (%s): day %s, published %s', id, url, day, published) FROM articles
		WHERE day != (published AT TIME ZONE INTERVAL '+08:00')::date`,
		"%d articles have a day that is not their publication day in China time", fixRecrawl},
	{"articles", `SELECT format('article %s (%s): %s characters stored, the body has %s', id, url, chars, length(body))
		FROM articles WHERE chars != length(body)`,
		"%d articles have a character count that is not their body's", fixText},
	{"mentions", `SELECT format('article %s, term %s: %s mentions, %s nested', article_id, term, count, nested)
		FROM mentions WHERE count <= 0 OR nested < 0 OR nested > count`,
		"%d mention counts are impossible (nested outside 0 to the count)", fixRecrawl},
	{"lexicon", `SELECT format('article %s (%s)', a.id, a.url) FROM articles a
		WHERE NOT EXISTS (SELECT 1 FROM article_lexicon l WHERE l.article_id = a.id)`,
		"%d articles have no record of the lexicon that counted them, so no retag would recount them", fixRebuild},
	{"frontier", `SELECT format('%s: attempts=%s', url, attempts) FROM frontier
		WHERE attempts < 0 OR url = '' OR fetch_url = '' OR source = ''`,
		"%d frontier rows are in no valid state", fixRecrawl},
}

// Check runs tifa's consistency checks: the daily aggregates equal the
// articles and mentions they summarise, stored values are ones tifa
// writes, the frontier's rows are valid, the migrations are this tifa's.
func (db *DB) Check(ctx context.Context) ([]Problem, error) {
	var out []Problem
	for _, c := range consistency {
		n, examples, err := db.count(ctx, c.query)
		switch {
		case err != nil && ctx.Err() != nil:
			return nil, fmt.Errorf("check %s: %w", db.Path, err)
		case err != nil:
			out = append(out, Problem{c.name, fmt.Sprintf("could not be checked: %v", err), fixRebuild})
		case n > 0:
			what := fmt.Sprintf(c.what, n)
			if len(examples) > 0 {
				what += ", e.g. " + strings.Join(examples, "; ")
			}
			out = append(out, Problem{c.name, what, c.fix})
		}
	}
	if err := db.newer(ctx); err != nil {
		out = append(out, Problem{"migrations", err.Error(), fixUpgrade})
	}
	for i := range out {
		out[i].Fix = strings.ReplaceAll(out[i].Fix, "{db}", db.Path)
	}
	return out, ctx.Err()
}

func (db *DB) count(ctx context.Context, query string) (int, []string, error) {
	rows, err := db.db.Query(ctx, query)
	if err != nil {
		return 0, nil, err
	}
	defer rows.Close()
	n := 0
	var examples []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return 0, nil, err
		}
		if n++; n <= 3 {
			examples = append(examples, printable(s))
		}
	}
	return n, examples, rows.Err()
}

// printable keeps odd bytes quoted in an example off the terminal.
func printable(s string) string {
	return strings.Map(func(r rune) rune {
		if !unicode.IsPrint(r) {
			return '?'
		}
		return r
	}, strings.ToValidUTF8(s, "?"))
}

// RebuildAggregates recomputes the daily aggregates (and, through their
// trigger, the monthly ones) from the stored articles and mentions, in one
// transaction. The tables are locked against
// writers meanwhile: a save between the delete and the insert would be
// counted twice or not at all.
func (db *DB) RebuildAggregates(ctx context.Context) error {
	err := db.tx(ctx, func(tx pgx.Tx) error {
		for _, q := range []string{
			`LOCK TABLE articles, mentions, daily_terms, monthly_terms, daily_sources, article_lexicon IN SHARE ROW EXCLUSIVE MODE`,
			// An article with no lexicon record is put down under the
			// version it was stored with, so the next retag recounts it.
			`INSERT INTO article_lexicon (article_id, version) SELECT id, lexicon_version FROM articles a
				WHERE NOT EXISTS (SELECT 1 FROM article_lexicon l WHERE l.article_id = a.id)`,
			`DELETE FROM daily_terms`,
			// The trigger emptied it as the days went, save for what had
			// drifted from them; the inserts below fill it again.
			`DELETE FROM monthly_terms`,
			`INSERT INTO daily_terms (term, source, day, mentions, nested, articles) ` + termSums,
			`DELETE FROM daily_sources`,
			`INSERT INTO daily_sources (source, day, articles, chars) ` + sourceSums,
		} {
			if _, err := tx.Exec(ctx, q); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return kinded(fmt.Errorf("rebuild aggregates: %w", err))
	}
	return nil
}

// Analyze refreshes the planner's statistics, as after a bulk load (tifa
// copy, a benchmark's history): autovacuum would, but later.
func (db *DB) Analyze(ctx context.Context) error {
	if _, err := db.db.Exec(ctx, `ANALYZE`); err != nil {
		return kinded(fmt.Errorf("analyze: %w", err))
	}
	return nil
}
