//go:build linux

// Package tmpfs mounts a small memory filesystem for tests that need a disk
// to fill up: what a full disk does to the archive and the database can only
// be seen on a real one.
package tmpfs

import (
	"errors"
	"os"
	"syscall"
	"testing"
)

// Mount mounts a tmpfs of size (as mount -o size= takes it: "2m") on a new
// directory and unmounts it when the test ends. Mounting needs root; where
// it is not possible the test is skipped with the reason, except in CI
// (CI=true, run as root), where it fails.
func Mount(t testing.TB, size string) string {
	t.Helper()
	dir := t.TempDir()
	if err := syscall.Mount("tmpfs", dir, "tmpfs", syscall.MS_NOSUID|syscall.MS_NODEV, "size="+size); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("mount a %s tmpfs (CI runs as root): %v", size, err)
		}
		t.Skipf("cannot mount a tmpfs to fill (needs root): %v", err)
	}
	t.Cleanup(func() {
		if err := syscall.Unmount(dir, 0); err != nil {
			t.Errorf("unmount %s: %v", dir, err)
		}
	})
	return dir
}

// Fill writes zeros to name until the filesystem is full and returns how
// many bytes it took; removing name frees them again.
func Fill(t testing.TB, name string) int64 {
	t.Helper()
	f, err := os.Create(name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	buf := make([]byte, 4096)
	var n int64
	for {
		m, err := f.Write(buf)
		n += int64(m)
		if err != nil {
			if !errors.Is(err, syscall.ENOSPC) {
				t.Fatalf("fill %s: %v", name, err)
			}
			return n
		}
	}
}
