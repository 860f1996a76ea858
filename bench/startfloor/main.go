// Command startfloor is the floor that tifa's reading commands are measured
// against: a bare Go binary that opens the same SQLite file with the same
// driver and DSN options as package sqlite, and counts the articles.
// bench/run times it beside `tifa report` on the same database.
package main

import (
	"database/sql"
	"fmt"
	"os"

	_ "github.com/mattn/go-sqlite3"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: startfloor DB")
		os.Exit(2)
	}
	db, err := sql.Open("sqlite3", "file:"+os.Args[1]+"?_journal_mode=WAL&_busy_timeout=10000&_foreign_keys=on&_synchronous=NORMAL&_txlock=immediate")
	if err != nil {
		fmt.Fprintln(os.Stderr, "startfloor:", err)
		os.Exit(1)
	}
	defer db.Close()
	var n int
	if err := db.QueryRow(`SELECT count(*) FROM articles`).Scan(&n); err != nil {
		fmt.Fprintf(os.Stderr, "startfloor: count articles in %s: %v\n", os.Args[1], err)
		os.Exit(1)
	}
	fmt.Println(n)
}
