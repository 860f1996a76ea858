package main

import (
	"database/sql"
	"reflect"
	"strings"
	"testing"

	_ "github.com/mattn/go-sqlite3" // to turn a database back into one made before lexicons were recorded
)

// unrecord makes path what a tifa from before lexicons and sources were
// recorded left: the same articles and counts, no record of what made them.
func unrecord(t *testing.T, path string) {
	t.Helper()
	db, err := sql.Open("sqlite3", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, q := range []string{`DROP TABLE lexicon_terms`, `DROP TABLE lexicons`, `DROP TABLE sources`,
		`DROP INDEX IF EXISTS articles_lexicon`, `DELETE FROM migrations WHERE name LIKE 'migration/0005_%'`} {
		if _, err := db.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
}

// TestDatabaseMadeBefore: a custom database from before lexicons were
// recorded is read as it is, by term and source id; retag without --config
// refuses rather than guess its lexicon; a write with the configuration
// records what it lacks.
func TestDatabaseMadeBefore(t *testing.T) {
	db, cfg := customDB(t)
	crawled := dbSeries(t, db)
	unrecord(t, db)

	// Read, not yet upgraded, with what it holds: ids, counts, the one
	// lexicon version.
	code, out, stderr := runTifa(t, "", "terms", "list", "--db", db)
	if code != 0 || !strings.Contains(out, "nqpf") || !strings.Contains(out, "the lexicon every article is counted with") {
		t.Errorf("terms list: exit %d\n%s\n%s", code, out, stderr)
	}
	rows := csvRows(t, mustRun(t, "report", "--db", db, "--csv", "--term", "nqpf", "--source", "local"))
	if sum(t, rows, "mentions", "term", "nqpf") != 6 {
		t.Errorf("report of the unrecorded database: %v; want nqpf 6", rows)
	}
	code, out, stderr = runTifa(t, "", "retag", "--db", db)
	if code != 1 || !strings.Contains(stderr, "does not record the lexicon its counts came from") || !strings.Contains(stderr, "--config") {
		t.Errorf("retag of an unrecorded database without --config: exit %d\n%s\n%s; want 1 and a request for --config", code, out, stderr)
	}
	if got := dbSeries(t, db); !reflect.DeepEqual(got, crawled) {
		t.Fatalf("refused retag changed the counts")
	}
	// A retag with the configuration records it: nothing is recounted,
	// and labels and forms name things again.
	code, out, stderr = runTifa(t, "", "retag", "--db", db, "--config", cfg)
	if code != 0 || !strings.Contains(out, "nothing to recount") {
		t.Errorf("retag --config: exit %d\n%s\n%s", code, out, stderr)
	}
	if out := mustRun(t, "report", "--db", db, "--term", "新质生产力", "--source", "本地网", "--by", "month"); !strings.Contains(out, "nqpf") || strings.Contains(out, "Note:") {
		t.Errorf("report by label after the record:\n%s", out)
	}
	if got := dbSeries(t, db); !reflect.DeepEqual(got, crawled) {
		t.Errorf("recording changed the counts")
	}
}

// TestDefaultDatabaseMadeBefore: a database counted with the embedded
// default, made before lexicons were recorded, is known by its version.
func TestDefaultDatabaseMadeBefore(t *testing.T) {
	db := demoDB(t)
	unrecord(t, db)
	out := mustRun(t, "terms", "show", "高质量发展", "--db", db)
	if !strings.Contains(out, "id:         high-quality-development") || !strings.Contains(out, "stored:     4 mentions in 2 articles") {
		t.Errorf("terms show by label:\n%s", out)
	}
	if code, out, stderr := runTifa(t, "", "retag", "--db", db); code != 0 || !strings.Contains(out, "from embedded default") || !strings.Contains(out, "nothing to recount") {
		t.Errorf("retag of an old default database: exit %d\n%s\n%s", code, out, stderr)
	}
}

func mustRun(t *testing.T, args ...string) string {
	t.Helper()
	code, out, stderr := runTifa(t, "", args...)
	if code != 0 {
		t.Fatalf("tifa %v: exit %d: %s", args, code, stderr)
	}
	return out
}
