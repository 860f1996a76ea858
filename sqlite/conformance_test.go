package sqlite_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/tifa-project/tifa/sqlite"
	"github.com/tifa-project/tifa/storetest"
)

// TestConformance holds the SQLite engine to the suite every engine passes.
func TestConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) storetest.Engine {
		db, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "tifa.db"))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		return db
	})
}
