package sqlite

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"time"
)

// The structural check costs seconds on a large database (3 s for the
// 755 MB of a million articles), and every reading command paid it. A mark
// beside the database, <db>-checked, records the file as it was when the
// check last passed; an open that finds the file exactly so skips the check.
// "Exactly so" is the inode and device, the size, mtime and ctime of the file
// and of its WAL, and the change counter SQLite keeps in the header: any
// write, by SQLite or by anything else, changes one of them. ctime cannot be
// set back by a user, so damage whose writer restores the mtime is still
// seen. Damage that touches neither (a failing disk) is found within markFor,
// when the mark expires.
const (
	markFor = 24 * time.Hour
	// markRacy: a file written this shortly before its check is not marked.
	// Timestamps have a granularity (a clock tick on Linux, 1 s on some
	// filesystems, 2 s on FAT), so a second write within it could leave
	// every recorded value as it was.
	markRacy = 2 * time.Second
	// headerCounter is the offset of the file change counter in the header.
	headerCounter = 24
)

// checkMark is the content of <db>-checked.
type checkMark struct {
	Checked time.Time `json:"checked"`
	State   fileState `json:"state"`
}

// fileState is what must be unchanged for the last check to still hold.
type fileState struct {
	Dev      uint64 `json:"dev"`
	Ino      uint64 `json:"ino"`
	Size     int64  `json:"size"`
	Mtime    int64  `json:"mtime_ns"`
	Ctime    int64  `json:"ctime_ns"`
	Counter  uint32 `json:"change_counter"`
	WALSize  int64  `json:"wal_size"` // 0: no WAL, or an empty one
	WALMtime int64  `json:"wal_mtime_ns"`
	WALCtime int64  `json:"wal_ctime_ns"`
}

// quickCheckMarked runs the structural check unless the mark says the file
// is unchanged since the last one passed, and marks the file after a check
// that passed. Failing to read or write the mark never fails the open (a
// read-only directory has none): it only costs the full check.
func (db *DB) quickCheckMarked(ctx context.Context) error {
	start := time.Now()
	real, err := filepath.EvalSymlinks(db.Path)
	if err != nil {
		return db.quickCheck(ctx)
	}
	mark := real + "-checked"
	f, stateErr := db.keepOpen(real)
	var before fileState
	if stateErr == nil {
		before, stateErr = fileStateOf(f, real)
	}
	if stateErr == nil && readMark(mark).holds(before, start) {
		return nil
	}
	if err := db.quickCheck(ctx); err != nil {
		os.Remove(mark)
		return err
	}
	if stateErr != nil {
		return nil
	}
	// A write during the check may not have been checked: mark only a file
	// that stood still through it, and long enough before it.
	after, err := fileStateOf(f, real)
	if err != nil || after != before || racy(before, start) {
		return nil
	}
	writeMark(mark, checkMark{Checked: start.UTC(), State: before}, f)
	return nil
}

func (m *checkMark) holds(s fileState, now time.Time) bool {
	if m == nil || m.State != s {
		return false
	}
	age := now.Sub(m.Checked)
	return age >= 0 && age < markFor
}

func racy(s fileState, start time.Time) bool {
	limit := start.Add(-markRacy).UnixNano()
	return s.Mtime > limit || s.WALSize > 0 && s.WALMtime > limit
}

// keepOpen opens the database file to read its header, through a
// descriptor kept until Close: closing a descriptor of a file drops every
// POSIX lock the process holds on it, SQLite's included (see fileLocker).
func (db *DB) keepOpen(real string) (*os.File, error) {
	fl, ok := db.lock.(*fileLocker)
	if !ok {
		return nil, errors.New("no database file")
	}
	return fl.open(real)
}

// fileStateOf reads the state of the database open as f at real.
func fileStateOf(f *os.File, real string) (fileState, error) {
	fi, err := f.Stat()
	if err != nil {
		return fileState{}, err
	}
	var hdr [4]byte
	if _, err := f.ReadAt(hdr[:], headerCounter); err != nil {
		return fileState{}, err // shorter than a header: an empty file
	}
	s := fileState{Size: fi.Size(), Mtime: fi.ModTime().UnixNano(), Counter: binary.BigEndian.Uint32(hdr[:])}
	s.Dev, s.Ino, s.Ctime = fileID(fi)
	wal, err := os.Stat(real + "-wal")
	switch {
	case errors.Is(err, fs.ErrNotExist):
	case err != nil:
		return fileState{}, err
	case wal.Size() > 0:
		// An empty WAL is no WAL: SQLite creates one at every open in WAL
		// mode and deletes it at the last close.
		s.WALSize, s.WALMtime = wal.Size(), wal.ModTime().UnixNano()
		_, _, s.WALCtime = fileID(wal)
	}
	return s, nil
}

// readMark returns the mark at path, nil if there is none or it is not one.
func readMark(path string) *checkMark {
	buf, err := os.ReadFile(path)
	if err != nil {
		return nil
	}
	var m checkMark
	if json.Unmarshal(buf, &m) != nil {
		return nil
	}
	return &m
}

// writeMark replaces the mark whole (a temporary file renamed over it), so
// a reader never takes half of one for a mark. Errors are dropped: without
// a mark the next open checks in full. The mark is as readable as the
// database, so every user who reads the one finds the other.
func writeMark(path string, m checkMark, db *os.File) {
	buf, err := json.Marshal(m)
	if err != nil {
		return
	}
	f, err := os.CreateTemp(filepath.Dir(path), filepath.Base(path)+".*")
	if err != nil {
		return
	}
	if fi, err := db.Stat(); err == nil {
		f.Chmod(fi.Mode().Perm() &^ 0o111)
	}
	_, err = f.Write(append(buf, '\n'))
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(f.Name(), path)
	}
	if err != nil {
		os.Remove(f.Name())
	}
}
