//go:build linux

package archive

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/http"
	"os"
	"path/filepath"
	"reflect"
	"syscall"
	"testing"
	"time"

	"github.com/tifa-project/tifa/config"
	"github.com/tifa-project/tifa/internal/tmpfs"
)

// TestWriteFullDisk fills a small filesystem while writing records, frees
// it and writes more: every write that failed says the disk is full and left
// the file as it was, and every write that succeeded reads back, before and
// after the gap.
func TestWriteFullDisk(t *testing.T) {
	disk := tmpfs.Mount(t, "2m")
	cfg := config.Archive{Dir: filepath.Join(disk, "archive")}
	w := mustWriter(t, cfg)
	filler := filepath.Join(disk, "filler")
	if err := os.WriteFile(filler, make([]byte, 1<<20), 0o644); err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	page := func(i int) Record {
		body := make([]byte, 40<<10) // random bytes: gzip cannot shrink them
		for j := range body {
			body[j] = byte(rng.Uint32())
		}
		return Record{Source: "xinhua", URL: fmt.Sprintf("http://www.news.cn/a/%d.html", i),
			Fetched: time.Date(2026, 3, 5, 1, 0, i, 0, time.UTC), Status: 200,
			Header: http.Header{"Content-Type": {"text/html"}}, Body: body}
	}
	file := path(cfg.Dir, "xinhua", "2026-03-05", "")
	size := func() int64 {
		info, err := os.Stat(file)
		if err != nil {
			return 0
		}
		return info.Size()
	}
	var written []string
	failed := 0
	for i := 0; failed < 3; i++ {
		before := size()
		err := w.Write(context.Background(), page(i))
		if err == nil {
			written = append(written, page(i).URL)
			continue
		}
		failed++
		if !errors.Is(err, syscall.ENOSPC) {
			t.Fatalf("write %d: got %v, want an error that is syscall.ENOSPC", i, err)
		}
		if got := size(); got != before {
			t.Fatalf("write %d failed (%v) but the file went from %d to %d bytes", i, err, before, got)
		}
	}
	if len(written) == 0 {
		t.Fatal("the disk was full before the first record")
	}
	if err := os.Remove(filler); err != nil {
		t.Fatal(err)
	}
	for i := 100; i < 110; i++ {
		if err := w.Write(context.Background(), page(i)); err != nil {
			t.Fatalf("write %d after freeing the disk: %v", i, err)
		}
		written = append(written, page(i).URL)
	}
	var got []string
	if err := Read(context.Background(), file, func(r Record) error { got = append(got, r.URL); return nil }); err != nil {
		t.Fatalf("read: %v", err)
	}
	if !reflect.DeepEqual(got, written) {
		t.Errorf("read %d records, want the %d written:\ngot  %v\nwant %v", len(got), len(written), got, written)
	}
}
