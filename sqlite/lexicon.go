package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/tifa-project/tifa"
	"github.com/tifa-project/tifa/config"
)

// RecordLexicon records lx as the lexicon counts come from from now on: a
// new version is added, a known one becomes current again and takes lx's
// labels and notes (they do not enter the version). No version is removed.
func (db *DB) RecordLexicon(ctx context.Context, lx Lexicon, now time.Time) error {
	if lx.Version == "" {
		return errors.New("record lexicon: empty version")
	}
	tx, err := db.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("record lexicon: %w", err)
	}
	defer tx.Rollback()
	at := now.UTC().Format(time.RFC3339)
	if _, err := tx.ExecContext(ctx, `
		INSERT INTO lexicons (version, origin, first_use, last_use, used)
		VALUES (?, ?, ?, ?, (SELECT COALESCE(MAX(used), 0) + 1 FROM lexicons))
		ON CONFLICT (version) DO UPDATE SET origin = excluded.origin, last_use = excluded.last_use, used = excluded.used`,
		lx.Version, lx.Origin, at, at); err != nil {
		return fmt.Errorf("record lexicon %s: %w", lx.Version, err)
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM lexicon_terms WHERE version = ?`, lx.Version); err != nil {
		return fmt.Errorf("record lexicon %s: %w", lx.Version, err)
	}
	ins, err := tx.PrepareContext(ctx, `INSERT INTO lexicon_terms
		(version, position, id, label, zh, en, categories, ambiguous, notes) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`)
	if err != nil {
		return fmt.Errorf("record lexicon %s: %w", lx.Version, err)
	}
	defer ins.Close()
	for i, t := range lx.Terms {
		if _, err := ins.ExecContext(ctx, lx.Version, i, t.ID, t.Label, tifa.FormsJSON(t.Zh), tifa.FormsJSON(t.En),
			tifa.FormsJSON(t.Categories), t.Ambiguous, t.Notes); err != nil {
			return fmt.Errorf("record lexicon %s: term %s: %w", lx.Version, t.ID, err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("record lexicon %s: %w", lx.Version, err)
	}
	return nil
}

// Lexicons returns every recorded lexicon, the current one (last used)
// first. A database made before lexicons were recorded has none.
func (db *DB) Lexicons(ctx context.Context) ([]Lexicon, error) {
	if ok, err := db.hasTable(ctx, "lexicons"); err != nil || !ok {
		return nil, err
	}
	rows, err := db.db.QueryContext(ctx, `SELECT version, origin, first_use, last_use FROM lexicons ORDER BY used DESC`)
	if err != nil {
		return nil, fmt.Errorf("read lexicons: %w", err)
	}
	var out []Lexicon
	for rows.Next() {
		var lx Lexicon
		var first, last string
		if err := rows.Scan(&lx.Version, &lx.Origin, &first, &last); err != nil {
			rows.Close()
			return nil, fmt.Errorf("read lexicons: %w", err)
		}
		lx.FirstUse, _ = time.Parse(time.RFC3339, first)
		lx.LastUse, _ = time.Parse(time.RFC3339, last)
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
	rows, err := db.db.QueryContext(ctx, `SELECT id, label, zh, en, categories, ambiguous, notes
		FROM lexicon_terms WHERE version = ? ORDER BY position`, version)
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
	rows, err := db.db.QueryContext(ctx, `SELECT version, COUNT(*) FROM article_lexicon
		GROUP BY version ORDER BY COUNT(*) DESC, version`)
	if err != nil {
		return nil, fmt.Errorf("count articles by lexicon: %w", err)
	}
	defer rows.Close()
	var out []VersionCount
	for rows.Next() {
		var v VersionCount
		if err := rows.Scan(&v.Version, &v.Articles); err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// CountedTerms lists, in id order, every term the database holds mentions
// of. It seeks from one term to the next in the daily table's key instead
// of reading every day: every reading command asks.
func (db *DB) CountedTerms(ctx context.Context) ([]string, error) {
	var out []string
	last := ""
	for {
		var term string
		err := db.db.QueryRowContext(ctx, `SELECT term FROM daily_terms WHERE term > ? ORDER BY term LIMIT 1`, last).Scan(&term)
		if errors.Is(err, sql.ErrNoRows) {
			return out, nil
		}
		if err != nil {
			return nil, fmt.Errorf("list counted terms: %w", err)
		}
		out = append(out, term)
		last = term
	}
}

// Total sums what the database holds for a term.
func (db *DB) Total(ctx context.Context, term string) (TermTotal, error) {
	t := TermTotal{Term: term}
	err := db.db.QueryRowContext(ctx, `SELECT COALESCE(SUM(mentions), 0), COALESCE(SUM(articles), 0) FROM daily_terms WHERE term = ?`, term).
		Scan(&t.Mentions, &t.Articles)
	if err != nil {
		return t, fmt.Errorf("sum term %s: %w", term, err)
	}
	return t, nil
}

// hasTable reports whether the schema has the table: a database opened
// read-only may predate it.
func (db *DB) hasTable(ctx context.Context, name string) (bool, error) {
	var n int
	err := db.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = ?`, name).Scan(&n)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return false, fmt.Errorf("read schema: %w", err)
	}
	return n > 0, nil
}
