package sqlite

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"unicode"
)

// Problem is one thing Check found wrong, and what to do about it.
type Problem struct {
	Check string // which check: integrity, aggregates, articles, frontier, ...
	What  string
	Fix   string
}

const (
	fixRestore   = "the file is damaged: restore it from a backup; a copy of what is still readable can be had with `sqlite3 {db} .recover | sqlite3 new.db`, and `tifa reprocess` rebuilds articles from the archive"
	fixRebuild   = "run `tifa check --db {db} --repair` to rebuild the daily and monthly aggregates and the lexicon records from the stored articles and mentions"
	fixRecrawl   = "these rows were not written by tifa; delete them (or restore a backup) and crawl again"
	fixText      = "these articles changed after tifa stored them (damage): `tifa reprocess` stores them again from the archive, or restore a backup"
	fixUpgrade   = "the database was written by a newer tifa: use that version"
	maxIntegrity = 20 // integrity_check lines kept; the first few say enough
)

// quickCheck runs SQLite's structural check, fast enough for every open
// (about 700 MB/s cached, BenchmarkOpen): damage is found before anything
// is read from it or written into it, not in the middle of a crawl.
func (db *DB) quickCheck(ctx context.Context) error {
	lines, err := db.pragmaCheck(ctx, "quick_check", 5)
	if err != nil {
		return db.damaged(err)
	}
	if len(lines) > 0 {
		return fmt.Errorf("%w: %s: %s; run `tifa check --db %s` to see what is damaged, then restore the file from a backup",
			ErrDamaged, db.Path, strings.Join(lines, "; "), db.Path)
	}
	return nil
}

// pragmaCheck runs quick_check or integrity_check and returns what it
// found wrong, nothing when the file is sound.
func (db *DB) pragmaCheck(ctx context.Context, pragma string, max int) ([]string, error) {
	rows, err := db.db.QueryContext(ctx, fmt.Sprintf(`PRAGMA %s(%d)`, pragma, max))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			return nil, err
		}
		if line != "ok" {
			out = append(out, line)
		}
	}
	return out, rows.Err()
}

// Check runs SQLite's integrity check and tifa's own: the daily aggregates
// equal the articles and mentions they summarise, stored values are ones
// tifa writes, the frontier's states are valid. A check that cannot run
// (its pages are unreadable) is a problem too, not an error: the error is
// only for a check interrupted by ctx.
func (db *DB) Check(ctx context.Context) ([]Problem, error) {
	var out []Problem
	lines, err := db.pragmaCheck(ctx, "integrity_check", maxIntegrity)
	if err != nil {
		if ctx.Err() != nil {
			return nil, fmt.Errorf("check %s: %w", db.Path, err)
		}
		lines = append(lines, fmt.Sprintf("the check itself could not read the file: %v", err))
	}
	for _, l := range lines {
		out = append(out, Problem{"integrity", l, fixRestore})
	}
	for _, c := range consistency {
		if c.monthly && !db.monthly {
			continue
		}
		n, examples, err := db.count(ctx, c.query)
		switch {
		case err != nil:
			out = append(out, Problem{c.name, fmt.Sprintf("could not be checked: %v", err), fixRestore})
		case n > 0:
			what := fmt.Sprintf(c.what, n)
			if len(examples) > 0 {
				what += ", e.g. " + strings.Join(examples, "; ")
			}
			out = append(out, Problem{c.name, what, c.fix})
		}
	}
	for i := range out {
		out[i].Fix = strings.ReplaceAll(out[i].Fix, "{db}", db.Path)
	}
	return out, ctx.Err()
}

// Checks names what Check looks at, in order: what a clean file passed.
func Checks() []string {
	out := []string{"integrity"}
	for _, c := range consistency {
		if !slices.Contains(out, c.name) {
			out = append(out, c.name)
		}
	}
	return out
}

// count runs a query whose rows are each one inconsistency, described by
// its single text column; it returns how many and the first few.
func (db *DB) count(ctx context.Context, query string) (int, []string, error) {
	rows, err := db.db.QueryContext(ctx, query)
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

// termSums and sourceSums are the daily aggregates as the stored articles
// and mentions make them.
const (
	termSums = `SELECT m.term, a.source, a.day, SUM(m.count) AS mentions, SUM(m.nested) AS nested, COUNT(*) AS articles
		FROM mentions m JOIN articles a ON a.id = m.article_id GROUP BY m.term, a.source, a.day`
	sourceSums = `SELECT source, day, COUNT(*) AS articles, SUM(chars) AS chars FROM articles GROUP BY source, day`
)

// consistency lists tifa's own checks: each query returns one described
// row per thing wrong.
var consistency = []struct {
	name, query, what, fix string
	monthly                bool // a check of monthly_terms, skipped on a database without them
}{
	{"aggregates", `WITH want AS (` + termSums + `)
		SELECT printf('%s in %s on %s: stored %s mentions in %s articles, the mentions say %s in %s',
			COALESCE(d.term, w.term), COALESCE(d.source, w.source), COALESCE(d.day, w.day),
			COALESCE(d.mentions, 0), COALESCE(d.articles, 0), COALESCE(w.mentions, 0), COALESCE(w.articles, 0))
		FROM daily_terms d FULL JOIN want w ON w.term = d.term AND w.source = d.source AND w.day = d.day
		WHERE d.term IS NULL OR w.term IS NULL OR d.mentions != w.mentions OR d.nested != w.nested OR d.articles != w.articles`,
		"%d daily term counts differ from the mentions they summarise", fixRebuild, false},
	{"aggregates", `WITH want AS (` + sourceSums + `)
		SELECT printf('%s on %s: stored %s articles of %s characters, the articles say %s of %s',
			COALESCE(d.source, w.source), COALESCE(d.day, w.day),
			COALESCE(d.articles, 0), COALESCE(d.chars, 0), COALESCE(w.articles, 0), COALESCE(w.chars, 0))
		FROM daily_sources d FULL JOIN want w ON w.source = d.source AND w.day = d.day
		WHERE d.source IS NULL OR w.source IS NULL OR d.articles != w.articles OR d.chars != w.chars`,
		"%d daily source totals differ from the articles they summarise", fixRebuild, false},
	{"aggregates", `WITH want AS (SELECT term, source, substr(day, 1, 8) || '01' AS month,
			SUM(mentions) AS mentions, SUM(nested) AS nested, SUM(articles) AS articles FROM daily_terms GROUP BY term, source, substr(day, 1, 8))
		SELECT printf('%s in %s in %s: stored %s mentions in %s articles, the days say %s in %s',
			COALESCE(m.term, w.term), COALESCE(m.source, w.source), substr(COALESCE(m.month, w.month), 1, 7),
			COALESCE(m.mentions, 0), COALESCE(m.articles, 0), COALESCE(w.mentions, 0), COALESCE(w.articles, 0))
		FROM monthly_terms m FULL JOIN want w ON w.term = m.term AND w.source = m.source AND w.month = m.month
		WHERE m.term IS NULL OR w.term IS NULL OR m.mentions != w.mentions OR m.nested != w.nested OR m.articles != w.articles`,
		"%d monthly term counts differ from the daily counts they summarise", fixRebuild, true},
	{"articles", `SELECT printf('article %d (%s): day %s, published %s', id, url, day, published) FROM articles
		WHERE day != substr(published, 1, 10) OR published NOT GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T*'`,
		"%d articles have a day that is not their publication day in China time", fixRecrawl, false},
	{"articles", `SELECT printf('article %d (%s): %d characters stored, the body has %d', id, url, chars, length(body))
		FROM articles WHERE chars != length(body)`,
		"%d articles have a character count that is not their body's", fixText, false},
	{"mentions", `SELECT printf('article %d, term %s: %d mentions, %d nested', article_id, term, count, nested)
		FROM mentions WHERE count <= 0 OR nested < 0 OR nested > count`,
		"%d mention counts are impossible (nested outside 0 to the count)", fixRecrawl, false},
	{"mentions", `SELECT printf('article %d, term %s', m.article_id, m.term) FROM mentions m
		WHERE NOT EXISTS (SELECT 1 FROM articles a WHERE a.id = m.article_id)`,
		"%d mentions belong to no stored article", fixRebuild, false},
	{"lexicon", `SELECT printf('article %d (%s)', a.id, a.url) FROM articles a
		WHERE NOT EXISTS (SELECT 1 FROM article_lexicon l WHERE l.article_id = a.id)`,
		"%d articles have no record of the lexicon that counted them, so no retag would recount them", fixRebuild, false},
	{"frontier", `SELECT printf('%s: gone=%s attempts=%s next_try=%s', url, gone, attempts, quote(next_try)) FROM frontier
		WHERE gone NOT IN (0, 1) OR attempts < 0 OR url = '' OR fetch_url = '' OR source = ''
			OR (next_try != '' AND next_try NOT GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T*')`,
		"%d frontier rows are in no valid state", fixRecrawl, false},
	{"migrations", `SELECT name FROM migrations WHERE name NOT IN (` + knownMigrations() + `)`,
		"%d migrations are not this tifa's", fixUpgrade, false},
}

// printable keeps damaged bytes quoted in an example off the terminal.
func printable(s string) string {
	s = strings.ToValidUTF8(s, "?")
	return strings.Map(func(r rune) rune {
		if !unicode.IsPrint(r) {
			return '?'
		}
		return r
	}, s)
}

func knownMigrations() string {
	var q []string
	for _, m := range migrations() {
		q = append(q, "'"+strings.ReplaceAll(m, "'", "''")+"'")
	}
	return strings.Join(q, ", ")
}

// RebuildAggregates recomputes the daily aggregates (and, through their
// triggers, the monthly ones) from the stored
// articles and mentions, in one transaction. It refuses a file that fails
// the integrity check: sums of damaged rows would hide the damage.
func (db *DB) RebuildAggregates(ctx context.Context) error {
	lines, err := db.pragmaCheck(ctx, "integrity_check", 1)
	if err != nil {
		return fmt.Errorf("rebuild aggregates: %w", db.damaged(err))
	}
	if len(lines) > 0 {
		return fmt.Errorf("rebuild aggregates: %w: %s: %s; restore a backup first", ErrDamaged, db.Path, lines[0])
	}
	tx, err := db.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("rebuild aggregates: %w", err)
	}
	defer tx.Rollback()
	for _, q := range []string{
		`DELETE FROM mentions WHERE NOT EXISTS (SELECT 1 FROM articles a WHERE a.id = mentions.article_id)`,
		// An article with no lexicon record is put down under the version
		// it was stored with, so the next retag sees and recounts it.
		`INSERT INTO article_lexicon (article_id, version) SELECT id, lexicon_version FROM articles a
			WHERE NOT EXISTS (SELECT 1 FROM article_lexicon l WHERE l.article_id = a.id)`,
		`DELETE FROM daily_terms`,
		// The triggers emptied it as the days went, save for what had
		// drifted from them; the inserts below fill it again.
		`DELETE FROM monthly_terms`,
		`INSERT INTO daily_terms (term, source, day, mentions, nested, articles) ` + termSums,
		`DELETE FROM daily_sources`,
		`INSERT INTO daily_sources (source, day, articles, chars) ` + sourceSums,
	} {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("rebuild aggregates: %w", err)
		}
	}
	return tx.Commit()
}
