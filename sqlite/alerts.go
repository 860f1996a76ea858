package sqlite

import (
	"context"
	"fmt"
	"time"

	"github.com/tifa-project/tifa"
)

// PendingAlert is the domain's tifa.PendingAlert.
type PendingAlert = tifa.PendingAlert

// RecordAlert stores an alert true now and a delivery row for each
// destination, unless the key is already recorded: it reports whether it
// is new.
func (db *DB) RecordAlert(ctx context.Context, key, kind string, body []byte, destinations []string, now time.Time) (bool, error) {
	tx, err := db.db.BeginTx(ctx, nil)
	if err != nil {
		return false, fmt.Errorf("record alert: %w", err)
	}
	defer tx.Rollback()
	res, err := tx.ExecContext(ctx, `INSERT INTO alerts (key, kind, first_true, body) VALUES (?, ?, ?, ?) ON CONFLICT (key) DO NOTHING`,
		key, kind, now.UTC().Format(time.RFC3339), string(body))
	if err != nil {
		return false, fmt.Errorf("record alert %s: %w", key, err)
	}
	n, _ := res.RowsAffected()
	for _, d := range destinations {
		// A destination added since the alert was first sent gets it too.
		if _, err := tx.ExecContext(ctx, `INSERT INTO alert_deliveries (key, destination) VALUES (?, ?) ON CONFLICT DO NOTHING`, key, d); err != nil {
			return false, fmt.Errorf("record alert %s: %w", key, err)
		}
	}
	return n > 0, tx.Commit()
}

// PendingAlerts returns the deliveries not yet made, oldest alert first.
func (db *DB) PendingAlerts(ctx context.Context) ([]PendingAlert, error) {
	rows, err := db.db.QueryContext(ctx, `SELECT d.key, d.destination, a.body, d.attempts FROM alert_deliveries d JOIN alerts a ON a.key = d.key
		WHERE d.sent = '' ORDER BY a.first_true, d.key, d.destination`)
	if err != nil {
		return nil, fmt.Errorf("query pending alerts: %w", err)
	}
	defer rows.Close()
	var out []PendingAlert
	for rows.Next() {
		var p PendingAlert
		var body string
		if err := rows.Scan(&p.Key, &p.Destination, &body, &p.Attempts); err != nil {
			return nil, err
		}
		p.Body = []byte(body)
		out = append(out, p)
	}
	return out, rows.Err()
}

// AlertDelivered marks a delivery made (cause nil) or failed once more.
func (db *DB) AlertDelivered(ctx context.Context, key, destination string, attempts int, cause error, now time.Time) error {
	sent, msg := "", ""
	if cause == nil {
		sent = now.UTC().Format(time.RFC3339)
	} else {
		msg = cause.Error()
	}
	_, err := db.db.ExecContext(ctx, `UPDATE alert_deliveries SET attempts = attempts + ?, last_error = ?, sent = ? WHERE key = ? AND destination = ?`,
		attempts, msg, sent, key, destination)
	if err != nil {
		return fmt.Errorf("record delivery of %s: %w", key, err)
	}
	return nil
}

// RearmAlerts forgets the alerts of kind no longer true (not in keys) whose
// deliveries were all made, so they can fire again when they next come true.
func (db *DB) RearmAlerts(ctx context.Context, kind string, keys map[string]bool) error {
	rows, err := db.db.QueryContext(ctx, `SELECT key FROM alerts a WHERE kind = ? AND NOT EXISTS
		(SELECT 1 FROM alert_deliveries d WHERE d.key = a.key AND d.sent = '')`, kind)
	if err != nil {
		return fmt.Errorf("query alerts: %w", err)
	}
	var gone []string
	for rows.Next() {
		var k string
		if err := rows.Scan(&k); err != nil {
			rows.Close()
			return err
		}
		if !keys[k] {
			gone = append(gone, k)
		}
	}
	rows.Close()
	for _, k := range gone {
		if _, err := db.db.ExecContext(ctx, `DELETE FROM alert_deliveries WHERE key = ?`, k); err != nil {
			return fmt.Errorf("rearm alert %s: %w", k, err)
		}
		if _, err := db.db.ExecContext(ctx, `DELETE FROM alerts WHERE key = ?`, k); err != nil {
			return fmt.Errorf("rearm alert %s: %w", k, err)
		}
	}
	return nil
}
