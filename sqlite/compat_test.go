package sqlite

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
)

// TestReadOlderDatabase: a database lacking only read-optional migrations
// opens read-only and reads as having recorded nothing; one lacking another
// migration is refused with the upgrade hint.
func TestReadOlderDatabase(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "old.db")
	db, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{`DROP TABLE lexicon_terms`, `DROP TABLE lexicons`, `DROP TABLE sources`, `DROP INDEX IF EXISTS articles_lexicon`,
		`DELETE FROM migrations WHERE name LIKE 'migration/0005_%'`} {
		if _, err := db.db.ExecContext(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	db.Close()
	ro, err := OpenReadOnly(ctx, path)
	if err != nil {
		t.Fatalf("older database read-only: %v", err)
	}
	lx, err := ro.Lexicons(ctx)
	srcs, err2 := ro.Sources(ctx)
	ro.Close()
	if err != nil || err2 != nil || lx != nil || srcs != nil {
		t.Errorf("older database: lexicons %v, %v; sources %v, %v; want none", lx, err, srcs, err2)
	}
	// The next write brings it up to date.
	if db, err = Open(ctx, path); err != nil {
		t.Fatal(err)
	}
	if _, err := db.db.ExecContext(ctx, `DELETE FROM migrations WHERE name LIKE 'migration/0001_%'`); err != nil {
		t.Fatal(err)
	}
	db.Close()
	if _, err := OpenReadOnly(ctx, path); err == nil || !strings.Contains(err.Error(), "run any writing command") {
		t.Errorf("database lacking a required migration: %v; want the upgrade hint", err)
	}
}
