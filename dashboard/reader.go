package dashboard

import (
	"context"

	"github.com/tifa-project/tifa"
	"github.com/tifa-project/tifa/report"
)

// Reader is what the dashboard reads: what the reports read, and the terms
// mentioned most, to fill a page asked for without terms.
type Reader interface {
	report.Reader
	MostMentioned(ctx context.Context, f tifa.Filter, limit int) ([]string, error)
}
