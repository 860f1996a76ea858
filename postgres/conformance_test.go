package postgres_test

import (
	"testing"

	"github.com/tifa-project/tifa/postgres"
	"github.com/tifa-project/tifa/storetest"
)

// TestConformance holds the PostgreSQL engine to the suite every engine
// passes, each case in a schema of its own.
func TestConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) storetest.Engine { return postgres.OpenTest(t) })
}
