package sqlite

import (
	"errors"
	"syscall"

	"github.com/mattn/go-sqlite3"
)

// Failure kinds of a store error, for the crawl summary: the operator fixes
// each differently (free space; check the disk; run tifa check).
const (
	KindDiskFull = "disk_full"
	KindIO       = "io"
	KindDB       = "db"
)

// ErrorKind says what kind of local failure err is: KindDiskFull, KindIO or
// KindDB for an error of SQLite or of the file under it, "" for anything
// else. These are the machine's failures, not a site's.
func ErrorKind(err error) string {
	var se sqlite3.Error
	switch {
	case errors.Is(err, syscall.ENOSPC), errors.Is(err, syscall.EDQUOT):
		return KindDiskFull
	case errors.As(err, &se) && se.Code == sqlite3.ErrFull:
		return KindDiskFull
	case errors.As(err, &se) && se.Code == sqlite3.ErrIoErr:
		return KindIO
	case errors.As(err, &se):
		return KindDB
	case errors.Is(err, syscall.EIO), errors.Is(err, syscall.EROFS):
		return KindIO
	}
	return ""
}
