package sqlite

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/tifa-project/tifa"
)

// TestErrorsCarryTheirKind: a failure of SQLite reaches a consumer with its
// kind readable through tifa.ErrorKind, which knows no engine.
func TestErrorsCarryTheirKind(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "tifa.db")
	db, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	ro, err := OpenReadOnly(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	_, err = ro.Enqueue(ctx, "xinhua", "https://www.news.cn/a.html", "https://www.news.cn/a.html", time.Now(), time.Time{})
	if err == nil {
		t.Fatal("wrote through a read-only handle")
	}
	if k := tifa.ErrorKind(err); k != tifa.KindDB {
		t.Errorf("kind of %v: %q, want %q", err, k, tifa.KindDB)
	}
	for _, tt := range []struct {
		err  error
		want string
	}{
		{fmt.Errorf("write: %w", syscall.ENOSPC), tifa.KindDiskFull},
		{fmt.Errorf("write: %w", syscall.EIO), tifa.KindIO},
		{errors.New("HTTP 503"), ""},
		{nil, ""},
	} {
		if got := tifa.ErrorKind(kinded(tt.err)); got != tt.want {
			t.Errorf("kind of %v: %q, want %q", tt.err, got, tt.want)
		}
	}
}
