package postgres

import "testing"

// OpenTest is openTest for the package's external tests.
func OpenTest(t testing.TB) *DB {
	db, _ := openTest(t)
	return db
}
