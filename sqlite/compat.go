package sqlite

import (
	"context"
	"io/fs"
	"strings"
)

// readOptional, as a migration's first line, says readers tolerate its
// absence: it only adds what newer writes record (0005's lexicons and
// sources), so a database from before it, opened read-only, is still read
// with what it has. The next write applies it.
const readOptional = "-- read-optional"

// readable reports whether every migration in names that the database
// lacks is read-optional.
func (db *DB) readable(ctx context.Context, names []string) bool {
	rows, err := db.db.QueryContext(ctx, `SELECT name FROM migrations`)
	if err != nil {
		return false
	}
	applied := map[string]bool{}
	for rows.Next() {
		var name string
		if rows.Scan(&name) == nil {
			applied[name] = true
		}
	}
	rows.Close()
	if rows.Err() != nil {
		return false
	}
	for _, name := range names {
		if applied[name] {
			continue
		}
		buf, err := fs.ReadFile(migrationFS, name)
		if err != nil || !strings.HasPrefix(string(buf), readOptional) {
			return false
		}
	}
	return true
}
