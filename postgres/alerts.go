package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/tifa-project/tifa"
)

// PendingAlert is an alert not yet delivered to one destination.
type PendingAlert = tifa.PendingAlert

// RecordAlert stores an alert true now and a delivery row for each
// destination, unless the key is already recorded: it reports whether it
// is new.
func (db *DB) RecordAlert(ctx context.Context, key, kind string, body []byte, destinations []string, now time.Time) (bool, error) {
	var fresh bool
	err := db.tx(ctx, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `INSERT INTO alerts (key, kind, first_true, body) VALUES ($1, $2, $3, $4) ON CONFLICT (key) DO NOTHING`,
			key, kind, now.Truncate(time.Second), string(body))
		if err != nil {
			return err
		}
		fresh = tag.RowsAffected() > 0
		for _, d := range destinations {
			// A destination added since the alert was first sent gets it too.
			if _, err := tx.Exec(ctx, `INSERT INTO alert_deliveries (key, destination) VALUES ($1, $2) ON CONFLICT DO NOTHING`, key, d); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return false, fmt.Errorf("record alert %s: %w", key, err)
	}
	return fresh, nil
}

// PendingAlerts returns the deliveries not yet made, oldest alert first.
func (db *DB) PendingAlerts(ctx context.Context) ([]PendingAlert, error) {
	rows, err := db.db.Query(ctx, `SELECT d.key, d.destination, a.body, d.attempts FROM alert_deliveries d JOIN alerts a ON a.key = d.key
		WHERE d.sent IS NULL ORDER BY a.first_true, d.key, d.destination`)
	if err != nil {
		return nil, fmt.Errorf("query pending alerts: %w", err)
	}
	defer rows.Close()
	var out []PendingAlert
	for rows.Next() {
		var p PendingAlert
		var body string
		if err := rows.Scan(&p.Key, &p.Destination, &body, &p.Attempts); err != nil {
			return nil, fmt.Errorf("query pending alerts: %w", err)
		}
		p.Body = []byte(body)
		out = append(out, p)
	}
	return out, rows.Err()
}

// AlertDelivered marks a delivery made (cause nil) or failed once more.
func (db *DB) AlertDelivered(ctx context.Context, key, destination string, attempts int, cause error, now time.Time) error {
	var sent *time.Time
	msg := ""
	if cause == nil {
		t := now.Truncate(time.Second)
		sent = &t
	} else {
		msg = cause.Error()
	}
	_, err := db.db.Exec(ctx, `UPDATE alert_deliveries SET attempts = attempts + $1, last_error = $2, sent = $3 WHERE key = $4 AND destination = $5`,
		attempts, msg, sent, key, destination)
	if err != nil {
		return fmt.Errorf("record delivery of %s: %w", key, err)
	}
	return nil
}

// RearmAlerts forgets the alerts of kind no longer true (not in keys) whose
// deliveries were all made, so they can fire again when they next come true.
func (db *DB) RearmAlerts(ctx context.Context, kind string, keys map[string]bool) error {
	rows, err := db.db.Query(ctx, `SELECT key FROM alerts a WHERE kind = $1 AND NOT EXISTS
		(SELECT 1 FROM alert_deliveries d WHERE d.key = a.key AND d.sent IS NULL)`, kind)
	if err != nil {
		return fmt.Errorf("query alerts: %w", err)
	}
	all, err := stringRows(rows)
	if err != nil {
		return fmt.Errorf("query alerts: %w", err)
	}
	var gone []string
	for _, k := range all {
		if !keys[k] {
			gone = append(gone, k)
		}
	}
	if len(gone) == 0 {
		return nil
	}
	// Deliveries go with their alert (ON DELETE CASCADE).
	if _, err := db.db.Exec(ctx, `DELETE FROM alerts WHERE key = ANY($1)`, gone); err != nil {
		return fmt.Errorf("rearm alerts %s: %w", list(gone, 3), err)
	}
	return nil
}
