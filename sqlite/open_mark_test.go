package sqlite

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// aged is a demo-like database last written an hour ago, as a database is
// when a report reads it: a file written within markRacy is never marked.
func aged(t *testing.T) string {
	t.Helper()
	path := demoLike(t)
	old := time.Now().Add(-time.Hour)
	if err := os.Chtimes(path, old, old); err != nil {
		t.Fatal(err)
	}
	return path
}

func openBoth(t *testing.T, path string) error {
	t.Helper()
	for _, opener := range []func(context.Context, string) (*DB, error){OpenReadOnly, Open} {
		db, err := opener(context.Background(), path)
		if err != nil {
			return err
		}
		db.Close()
	}
	return nil
}

// TestCheckMarkSkipsOnlyAnUnchangedFile: after a check passed, an open of
// the same unchanged file skips it (the mark is not rewritten), and an open
// after bytes were written into a page, in place, still refuses the file,
// even when the writer set the mtime back.
func TestCheckMarkSkipsOnlyAnUnchangedFile(t *testing.T) {
	for _, tt := range []struct {
		name    string
		setBack bool
	}{{"bytes written into a page", false}, {"and the mtime set back", true}} {
		t.Run(tt.name, func(t *testing.T) {
			path := aged(t)
			mark := path + "-checked"
			if err := openBoth(t, path); err != nil {
				t.Fatal(err)
			}
			first, err := os.ReadFile(mark)
			if err != nil {
				t.Fatalf("no mark after a check that passed: %v", err)
			}
			if err := openBoth(t, path); err != nil {
				t.Fatal(err)
			}
			if again, _ := os.ReadFile(mark); !bytes.Equal(again, first) {
				t.Errorf("an open of the unchanged file checked it again: mark %s, then %s", first, again)
			}

			fi, err := os.Stat(path)
			if err != nil {
				t.Fatal(err)
			}
			corruptInPlace(t, path, rootPage(t, path, "articles_source_day"))
			if tt.setBack {
				if err := os.Chtimes(path, fi.ModTime(), fi.ModTime()); err != nil {
					t.Fatal(err)
				}
			}
			for name, opener := range map[string]func(context.Context, string) (*DB, error){"Open": Open, "OpenReadOnly": OpenReadOnly} {
				db, err := opener(context.Background(), path)
				if err == nil {
					db.Close()
				}
				if !errors.Is(err, ErrDamaged) || !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), "tifa check") {
					t.Errorf("%s of a file damaged after its mark: got %v; want ErrDamaged naming the file and tifa check", name, err)
				}
			}
			if _, err := os.Stat(mark); !errors.Is(err, os.ErrNotExist) {
				t.Errorf("the mark of a damaged file is still there (%v)", err)
			}
		})
	}
}

// corruptInPlace writes random bytes over one page of the file itself: the
// same inode and size, only the content (and the times) change.
func corruptInPlace(t *testing.T, path string, page int) {
	t.Helper()
	f, err := os.OpenFile(path, os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	buf := make([]byte, 4096)
	r := rand.New(rand.NewPCG(3, uint64(page)))
	for i := range buf {
		buf[i] = byte(r.Uint32())
	}
	if _, err := f.WriteAt(buf, int64(page-1)*4096); err != nil {
		t.Fatal(err)
	}
}

// TestCheckMarkExpiresAndRacyFilesAreNotMarked: a file written just before
// its check gets no mark (a second write in the same timestamp tick would
// go unseen), and a mark older than markFor is checked again.
func TestCheckMarkExpiresAndRacyFilesAreNotMarked(t *testing.T) {
	path := demoLike(t)
	mark := path + "-checked"
	if err := openBoth(t, path); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(mark); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a file written just now was marked (%v)", err)
	}
	old := time.Now().Add(-time.Hour)
	os.Chtimes(path, old, old)
	if err := openBoth(t, path); err != nil {
		t.Fatal(err)
	}
	m := readMark(mark)
	if m == nil {
		t.Fatal("no mark after a check that passed")
	}
	m.Checked = time.Now().Add(-markFor - time.Minute).UTC()
	buf, _ := json.Marshal(m)
	os.WriteFile(mark, buf, 0o644)
	if err := openBoth(t, path); err != nil {
		t.Fatal(err)
	}
	if m := readMark(mark); m == nil || time.Since(m.Checked) > time.Minute {
		t.Errorf("an expired mark was trusted: %+v; want a new check and mark", m)
	}
}

// TestCheckMarkUnwritable: where the mark cannot be written (a read-only
// directory; here also a directory in the mark's place, which root cannot
// write over either), the open still succeeds, and leaves nothing behind.
func TestCheckMarkUnwritable(t *testing.T) {
	path := aged(t)
	dir := filepath.Dir(path)
	if err := os.Mkdir(path+"-checked", 0o755); err != nil {
		t.Fatal(err)
	}
	if err := openBoth(t, path); err != nil {
		t.Fatalf("open with the mark unwritable: %v", err)
	}
	if got := dbFiles(t, dir); len(got) != 1 {
		t.Errorf("files left beside the database: %q", got)
	}
	if err := os.Remove(path + "-checked"); err != nil {
		t.Fatal(err)
	}
	os.Chmod(dir, 0o555)
	defer os.Chmod(dir, 0o755)
	db, err := OpenReadOnly(context.Background(), path)
	if err != nil {
		t.Fatalf("read-only open in a read-only directory: %v", err)
	}
	db.Close()
}
