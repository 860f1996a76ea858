package alert

import (
	"context"
	"time"

	"github.com/tifa-project/tifa"
	"github.com/tifa-project/tifa/health"
	"github.com/tifa-project/tifa/report"
)

// Reader is what the rules read: the reports' data and the crawl runs
// health judges.
type Reader interface {
	report.Reader
	health.Runs
}

// Outbox is where alerts wait for delivery: recorded once per key, one row
// per destination until delivered, re-armed when no longer true.
type Outbox interface {
	// RecordAlert reports whether key is new.
	RecordAlert(ctx context.Context, key, kind string, body []byte, destinations []string, now time.Time) (bool, error)
	PendingAlerts(ctx context.Context) ([]tifa.PendingAlert, error)
	// AlertDelivered marks a delivery made (cause nil) or failed once more.
	AlertDelivered(ctx context.Context, key, destination string, attempts int, cause error, now time.Time) error
	// RearmAlerts forgets the delivered alerts of kind no longer true (not
	// in keys), so they can fire again when they next come true.
	RearmAlerts(ctx context.Context, kind string, keys map[string]bool) error
}

// Store is what a run of the rules needs.
type Store interface {
	Reader
	Outbox
}
