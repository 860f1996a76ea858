package sqlite

import (
	"context"
	"fmt"

	"github.com/tifa-project/tifa"
)

// TermDaysMerged is TermDays summed over the sources of f, Source empty: a
// twentieth of the rows for reports that show terms, not outlets (a wide
// CSV of a hundred terms over a year), summed in SQLite rather than in Go.
func (db *DB) TermDaysMerged(ctx context.Context, f Filter) ([]TermDay, error) {
	where, args := where(f, true)
	return db.termDays(ctx, `SELECT term, '', day, SUM(mentions), SUM(nested), SUM(articles) FROM `+termTable(f)+where+` GROUP BY term, day ORDER BY day, term`, args)
}

// SourceDaysMerged is SourceDays summed over the sources of f, Source empty.
func (db *DB) SourceDaysMerged(ctx context.Context, f Filter) ([]SourceDay, error) {
	where, args := where(f, false)
	return db.sourceDays(ctx, `SELECT '', day, SUM(articles), SUM(chars) FROM `+sourceTable(f)+where+` GROUP BY day ORDER BY day`, args)
}

// TermDaysByKey is TermDays in the table's key order (term, source, day),
// which SQLite reads without sorting: for callers that do not need rows by
// day, a third less time on a year of a hundred terms.
//
// With a range and no sources named, it names them all: the key is (term,
// source, day), so SQLite can then seek to the range within each source
// instead of reading every day of every source.
func (db *DB) TermDaysByKey(ctx context.Context, f Filter) ([]TermDay, error) {
	if len(f.Sources) == 0 && (f.From != "" || f.To != "") {
		all, err := db.sourceIDs(ctx)
		if err != nil {
			return nil, err
		}
		f.Sources = all
	}
	where, args := where(f, true)
	return db.packedTermDays(ctx, `SELECT term, source, group_concat(day||' '||mentions||' '||nested||' '||articles, ',') FROM `+termTable(f)+where+` GROUP BY term, source ORDER BY term, source`, args, rowsAtMost(f))
}

// rowsAtMost is how many daily rows f can match when it names its terms,
// sources and both ends of its range (one per term, source and day), so
// the rows are read into a slice made once; 0 when it cannot say, and at
// most maxHint, for a sparse database asked for years.
func rowsAtMost(f Filter) int {
	const maxHint = 1 << 17
	from, errFrom := tifa.ParseDay(f.From)
	to, errTo := tifa.ParseDay(f.To)
	if len(f.Terms) == 0 || len(f.Sources) == 0 || errFrom != nil || errTo != nil || to.Before(from) {
		return 0
	}
	days := int(to.Sub(from).Hours()/24) + 1
	n := len(f.Terms) * len(f.Sources)
	if n > maxHint || days > maxHint/n {
		return maxHint
	}
	return n * days
}

// sourceIDs lists every source with stored articles.
func (db *DB) sourceIDs(ctx context.Context) ([]string, error) {
	rows, err := db.db.QueryContext(ctx, `SELECT DISTINCT source FROM daily_sources ORDER BY source`)
	if err != nil {
		return nil, fmt.Errorf("list sources: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}
