package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"go.yaml.in/yaml/v3"

	"github.com/tifa-project/tifa"
	"github.com/tifa-project/tifa/config"
)

// RecordLexicon records lx as the lexicon counts come from from now on: a
// new version is added, a known one becomes current again and takes lx's
// labels and notes. No version is removed.
func (db *DB) RecordLexicon(ctx context.Context, lx Lexicon, now time.Time) error {
	if lx.Version == "" {
		return errors.New("record lexicon: empty version")
	}
	at := now.Truncate(time.Second)
	err := db.tx(ctx, func(tx pgx.Tx) error {
		// used orders versions by last use; the table lock makes two
		// recorders take distinct numbers.
		if _, err := tx.Exec(ctx, `LOCK TABLE lexicons IN SHARE ROW EXCLUSIVE MODE`); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `
			INSERT INTO lexicons (version, origin, first_use, last_use, used)
			VALUES ($1, $2, $3, $3, (SELECT COALESCE(MAX(used), 0) + 1 FROM lexicons))
			ON CONFLICT (version) DO UPDATE SET origin = excluded.origin, last_use = excluded.last_use, used = excluded.used`,
			lx.Version, lx.Origin, at); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `DELETE FROM lexicon_terms WHERE version = $1`, lx.Version); err != nil {
			return err
		}
		var b pgx.Batch
		for i, t := range lx.Terms {
			b.Queue(`INSERT INTO lexicon_terms (version, position, id, label, zh, en, categories, ambiguous, notes)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`, lx.Version, i, t.ID, t.Label, tifa.FormsJSON(t.Zh), tifa.FormsJSON(t.En),
				tifa.FormsJSON(t.Categories), t.Ambiguous, t.Notes)
		}
		return tx.SendBatch(ctx, &b).Close()
	})
	if err != nil {
		return fmt.Errorf("record lexicon %s: %w", lx.Version, err)
	}
	return nil
}

// Lexicons returns every recorded lexicon, the current one (last used) first.
func (db *DB) Lexicons(ctx context.Context) ([]Lexicon, error) {
	rows, err := db.db.Query(ctx, `SELECT version, origin, first_use, last_use FROM lexicons ORDER BY used DESC`)
	if err != nil {
		return nil, fmt.Errorf("read lexicons: %w", err)
	}
	var out []Lexicon
	for rows.Next() {
		var lx Lexicon
		if err := rows.Scan(&lx.Version, &lx.Origin, &lx.FirstUse, &lx.LastUse); err != nil {
			rows.Close()
			return nil, fmt.Errorf("read lexicons: %w", err)
		}
		lx.FirstUse, lx.LastUse = lx.FirstUse.UTC(), lx.LastUse.UTC()
		out = append(out, lx)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read lexicons: %w", err)
	}
	for i := range out {
		if out[i].Terms, err = db.lexiconTerms(ctx, out[i].Version); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func (db *DB) lexiconTerms(ctx context.Context, version string) ([]config.Term, error) {
	rows, err := db.db.Query(ctx, `SELECT id, label, zh, en, categories, ambiguous, notes
		FROM lexicon_terms WHERE version = $1 ORDER BY position`, version)
	if err != nil {
		return nil, fmt.Errorf("read lexicon %s: %w", version, err)
	}
	defer rows.Close()
	var out []config.Term
	for rows.Next() {
		var t config.Term
		var zh, en, cats string
		if err := rows.Scan(&t.ID, &t.Label, &zh, &en, &cats, &t.Ambiguous, &t.Notes); err != nil {
			return nil, fmt.Errorf("read lexicon %s: %w", version, err)
		}
		if err := tifa.SetForms(&t, version, zh, en, cats); err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// LexiconByVersion returns the recorded lexicon whose version is v or
// starts with v (at least four characters, and only one such).
func (db *DB) LexiconByVersion(ctx context.Context, v string) (Lexicon, error) {
	all, err := db.Lexicons(ctx)
	if err != nil {
		return Lexicon{}, err
	}
	return tifa.FindLexicon(all, v)
}

// ArticleVersions counts the stored articles by the lexicon version their
// counts came from, most articles first.
func (db *DB) ArticleVersions(ctx context.Context) ([]VersionCount, error) {
	rows, err := db.db.Query(ctx, `SELECT version, COUNT(*) FROM article_lexicon
		GROUP BY version ORDER BY COUNT(*) DESC, version`)
	if err != nil {
		return nil, fmt.Errorf("count articles by lexicon: %w", err)
	}
	defer rows.Close()
	var out []VersionCount
	for rows.Next() {
		var v VersionCount
		if err := rows.Scan(&v.Version, &v.Articles); err != nil {
			return nil, fmt.Errorf("count articles by lexicon: %w", err)
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// CountedTerms lists, in id order, every term the database holds mentions
// of, skipping from one term to the next through the key (a recursive
// loose index scan) instead of reading every day.
func (db *DB) CountedTerms(ctx context.Context) ([]string, error) {
	rows, err := db.db.Query(ctx, `WITH RECURSIVE t AS (
			(SELECT term FROM daily_terms ORDER BY term LIMIT 1)
			UNION ALL
			SELECT (SELECT d.term FROM daily_terms d WHERE d.term > t.term ORDER BY d.term LIMIT 1) FROM t WHERE t.term IS NOT NULL)
		SELECT term FROM t WHERE term IS NOT NULL`)
	if err != nil {
		return nil, fmt.Errorf("list counted terms: %w", err)
	}
	out, err := stringRows(rows)
	if err != nil {
		return nil, fmt.Errorf("list counted terms: %w", err)
	}
	return out, nil
}

// Total sums what the database holds for a term.
func (db *DB) Total(ctx context.Context, term string) (TermTotal, error) {
	t := TermTotal{Term: term}
	err := db.db.QueryRow(ctx, `SELECT COALESCE(SUM(mentions), 0)::bigint, COALESCE(SUM(articles), 0)::bigint FROM daily_terms WHERE term = $1`, term).
		Scan(&t.Mentions, &t.Articles)
	if err != nil {
		return t, fmt.Errorf("sum term %s: %w", term, err)
	}
	return t, nil
}

// SourceRecord is the recorded definition of a source articles came from.
type SourceRecord = tifa.SourceRecord

// RecordSources records the definitions of the sources a write works on,
// replacing what an earlier write recorded for the same ids.
func (db *DB) RecordSources(ctx context.Context, srcs []*config.Source, origin string, now time.Time) error {
	if len(srcs) == 0 {
		return nil
	}
	at := now.Truncate(time.Second)
	var b pgx.Batch
	for _, s := range srcs {
		def, err := yaml.Marshal(s)
		if err != nil {
			return fmt.Errorf("record source %s: %w", s.ID, err)
		}
		b.Queue(`INSERT INTO sources (id, name, definition, origin, first_use, last_use) VALUES ($1, $2, $3, $4, $5, $5)
			ON CONFLICT (id) DO UPDATE SET name = excluded.name, definition = excluded.definition,
				origin = excluded.origin, last_use = excluded.last_use`, s.ID, s.Name, string(def), origin, at)
	}
	err := db.tx(ctx, func(tx pgx.Tx) error { return tx.SendBatch(ctx, &b).Close() })
	if err != nil {
		return fmt.Errorf("record sources: %w", err)
	}
	return nil
}

// Sources returns the recorded source definitions, by id.
func (db *DB) Sources(ctx context.Context) ([]SourceRecord, error) {
	rows, err := db.db.Query(ctx, `SELECT id, definition, origin, first_use, last_use FROM sources ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("read sources: %w", err)
	}
	defer rows.Close()
	var out []SourceRecord
	for rows.Next() {
		var r SourceRecord
		var id, def string
		if err := rows.Scan(&id, &def, &r.Origin, &r.FirstUse, &r.LastUse); err != nil {
			return nil, fmt.Errorf("read sources: %w", err)
		}
		if err := yaml.Unmarshal([]byte(def), &r.Source); err != nil {
			return nil, fmt.Errorf("read source %s: damaged definition: %w", id, err)
		}
		r.ID = id
		r.FirstUse, r.LastUse = r.FirstUse.UTC(), r.LastUse.UTC()
		out = append(out, r)
	}
	return out, rows.Err()
}
