package sqlite

import (
	"context"
	"errors"
	"path/filepath"
	"testing"
)

// TestReadSnapshotIsItsHandles: a snapshot in a context belongs to the
// handle that took it. Another handle on the same file, given that context,
// writes and reads the live database; a Read nested in a Read reuses the
// outer snapshot; after Read the context's handle writes again.
func TestReadSnapshotIsItsHandles(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "tifa.db")
	w, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	r, err := OpenReadOnly(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	err = r.Read(ctx, func(snap context.Context) error {
		// SQLite takes a deferred transaction's snapshot at its first read.
		if n, err := r.ArticleCount(snap); err != nil || n != 0 {
			t.Errorf("the snapshot counted %d (%v) before the write, want 0", n, err)
		}
		if _, err := w.SaveArticle(snap, article("http://example.com/1", "2024-05-09", "正文"), nil, "v1"); err != nil {
			t.Errorf("the writer, given the reader's snapshot: %v; want it to write", err)
		}
		if n, err := w.ArticleCount(snap); err != nil || n != 1 {
			t.Errorf("the writer counted %d (%v) under the reader's snapshot, want the live 1", n, err)
		}
		if n, err := r.ArticleCount(snap); err != nil || n != 0 {
			t.Errorf("the snapshot counted %d (%v), want the 0 it began with", n, err)
		}
		return r.Read(snap, func(inner context.Context) error {
			if n, err := r.ArticleCount(inner); err != nil || n != 0 {
				t.Errorf("a nested Read counted %d (%v), want the outer snapshot's 0", n, err)
			}
			return nil
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	err = w.Read(ctx, func(snap context.Context) error {
		_, err := w.SaveArticle(snap, article("http://example.com/2", "2024-05-10", "正文"), nil, "v1")
		return err
	})
	if !errors.Is(err, errSnapshotWrite) {
		t.Errorf("a write under the writer's own snapshot: got %v, want %v", err, errSnapshotWrite)
	}
	if _, err := w.SaveArticle(ctx, article("http://example.com/2", "2024-05-10", "正文"), nil, "v1"); err != nil {
		t.Errorf("a write after the snapshot: %v", err)
	}
	if n, err := r.ArticleCount(ctx); err != nil || n != 2 {
		t.Errorf("after both writes the reader counts %d (%v), want 2", n, err)
	}
}
