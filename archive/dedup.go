package archive

import (
	"context"
	"crypto/sha256"
	"fmt"
)

// Dedup writes responses into the archive once: a response the day file
// already holds (same URL, fetch time and body) is not written again, so
// importing a file twice copies it once.
type Dedup struct {
	w    *Writer
	days map[string]map[string]bool // source/day -> keys
}

// NewDedup writes through w; a nil w, like a nil Writer, writes nothing.
func NewDedup(w *Writer) *Dedup {
	return &Dedup{w: w, days: map[string]map[string]bool{}}
}

func dedupKey(rec Record) string {
	return fmt.Sprintf("%s %d %x", rec.URL, rec.Fetched.UnixNano(), sha256.Sum256(rec.Body))
}

// Write writes rec unless its day file holds it already.
func (d *Dedup) Write(ctx context.Context, rec Record) error {
	if d.w == nil {
		return nil
	}
	day := Day(rec.Fetched)
	keys, ok := d.days[rec.Source+"/"+day]
	if !ok {
		keys = map[string]bool{}
		files, err := Files(d.w.cfg, rec.Source, day, day)
		if err != nil {
			return err
		}
		for _, f := range files {
			// A damaged file is still appended to; its complete records count.
			_ = Read(ctx, f, func(r Record) error {
				keys[dedupKey(r)] = true
				return nil
			})
		}
		d.days[rec.Source+"/"+day] = keys
	}
	key := dedupKey(rec)
	if keys[key] {
		return nil
	}
	if err := d.w.Write(ctx, rec); err != nil {
		return err
	}
	keys[key] = true
	return nil
}
