package archive

import (
	"errors"
	"fmt"
	"os"
	"time"
)

// Prune applies the retention and size limits by deleting whole day files,
// oldest first: files of days before now minus Retention go, then the oldest
// while the archive is larger than MaxBytes. The files of now's own day are
// never deleted, since they are being written.
func (w *Writer) Prune(now time.Time) error {
	if w == nil {
		return nil
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	files, err := list(w.cfg.Dir, "", "", "")
	if err != nil {
		return err
	}
	today := Day(now)
	cutoff := ""
	if w.cfg.Retention.Duration > 0 {
		cutoff = Day(now.Add(-w.cfg.Retention.Duration))
	}
	var total int64
	for _, f := range files {
		total += f.size
	}
	var errs []error
	for _, f := range files {
		expired := cutoff != "" && f.day < cutoff
		over := w.cfg.MaxBytes > 0 && total > w.cfg.MaxBytes
		if f.day >= today || (!expired && !over) {
			continue
		}
		if err := os.Remove(f.path); err != nil && !errors.Is(err, os.ErrNotExist) {
			errs = append(errs, err)
			continue
		}
		total -= f.size
		reason := "retention"
		if !expired {
			reason = "max_bytes"
		}
		w.logger.Info("archive file deleted", "path", f.path, "bytes", f.size, "reason", reason)
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("archive prune: %w", err)
	}
	return nil
}
