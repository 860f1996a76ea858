package main

import (
	"context"
	"fmt"
	"net/url"
	"strings"

	"github.com/tifa-project/tifa/sqlite"
)

// Open opens the database dsn names, choosing the engine by its form: a
// postgres:// or postgresql:// URL is PostgreSQL's, anything else a SQLite
// file path. Commands open through here and never decide the engine.
func Open(ctx context.Context, dsn string) (*sqlite.DB, error) {
	if err := engineBuilt(dsn); err != nil {
		return nil, err
	}
	return sqlite.Open(ctx, dsn)
}

// OpenReadOnly opens an existing database for queries only.
func OpenReadOnly(ctx context.Context, dsn string) (*sqlite.DB, error) {
	if err := engineBuilt(dsn); err != nil {
		return nil, err
	}
	return sqlite.OpenReadOnly(ctx, dsn)
}

// isPostgres reports whether dsn names a PostgreSQL database.
func isPostgres(dsn string) bool {
	l := strings.ToLower(dsn)
	return strings.HasPrefix(l, "postgres://") || strings.HasPrefix(l, "postgresql://")
}

// engineBuilt refuses a DSN for an engine this tifa lacks, rather than
// creating a SQLite file named like a URL.
func engineBuilt(dsn string) error {
	if !isPostgres(dsn) {
		return nil
	}
	return fmt.Errorf("open %s: PostgreSQL engine not built yet; give --db a SQLite file path", redact(dsn))
}

// redact hides a DSN's password: it is never printed or logged.
func redact(dsn string) string {
	u, err := url.Parse(dsn)
	if err != nil {
		return "the PostgreSQL URL"
	}
	return u.Redacted()
}
