package sqlite

import (
	"context"
	"fmt"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/tifa-project/tifa"
	"github.com/tifa-project/tifa/config"
)

// SourceRecord is the domain's tifa.SourceRecord.
type SourceRecord = tifa.SourceRecord

// RecordSources records the definitions of the sources a write works on,
// replacing what an earlier write recorded for the same ids.
func (db *DB) RecordSources(ctx context.Context, srcs []*config.Source, origin string, now time.Time) error {
	if len(srcs) == 0 {
		return nil
	}
	tx, err := db.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("record sources: %w", err)
	}
	defer tx.Rollback()
	at := now.UTC().Format(time.RFC3339)
	for _, s := range srcs {
		def, err := yaml.Marshal(s)
		if err != nil {
			return fmt.Errorf("record source %s: %w", s.ID, err)
		}
		if _, err := tx.ExecContext(ctx, `
			INSERT INTO sources (id, name, definition, origin, first_use, last_use) VALUES (?, ?, ?, ?, ?, ?)
			ON CONFLICT (id) DO UPDATE SET name = excluded.name, definition = excluded.definition,
				origin = excluded.origin, last_use = excluded.last_use`,
			s.ID, s.Name, string(def), origin, at, at); err != nil {
			return fmt.Errorf("record source %s: %w", s.ID, err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("record sources: %w", err)
	}
	return nil
}

// Sources returns the recorded source definitions, by id. A database made
// before sources were recorded has none; StoredSources still names them.
func (db *DB) Sources(ctx context.Context) ([]SourceRecord, error) {
	if ok, err := db.hasTable(ctx, "sources"); err != nil || !ok {
		return nil, err
	}
	rows, err := db.db.QueryContext(ctx, `SELECT id, definition, origin, first_use, last_use FROM sources ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("read sources: %w", err)
	}
	defer rows.Close()
	var out []SourceRecord
	for rows.Next() {
		var r SourceRecord
		var id, def, first, last string
		if err := rows.Scan(&id, &def, &r.Origin, &first, &last); err != nil {
			return nil, fmt.Errorf("read sources: %w", err)
		}
		if err := yaml.Unmarshal([]byte(def), &r.Source); err != nil {
			return nil, fmt.Errorf("read source %s: damaged definition: %w", id, err)
		}
		r.ID = id
		r.FirstUse, _ = time.Parse(time.RFC3339, first)
		r.LastUse, _ = time.Parse(time.RFC3339, last)
		out = append(out, r)
	}
	return out, rows.Err()
}

// StoredSources lists every source with stored articles.
func (db *DB) StoredSources(ctx context.Context) ([]string, error) { return db.sourceIDs(ctx) }
