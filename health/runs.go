package health

import (
	"context"

	"github.com/tifa-project/tifa"
)

// Runs is what health reads: the last n crawl runs of a source, newest
// first.
type Runs interface {
	Runs(ctx context.Context, source string, n int) ([]tifa.Run, error)
}
