package tifa

import (
	"errors"
	"syscall"
)

// Failure kinds of this machine (not of a site): the operator fixes each
// differently (free space; check the disk; run tifa check).
const (
	KindDiskFull = "disk_full"
	KindIO       = "io"
	KindDB       = "db"
)

// ErrorKind says what kind of local failure err is: the kind an engine put
// on its error (an error with a Kind method, which every engine's failures
// carry), or for an error of the file system KindDiskFull or KindIO; ""
// for anything else. A consumer classifies without importing the engine.
func ErrorKind(err error) string {
	var k interface{ Kind() string }
	switch {
	case errors.As(err, &k):
		return k.Kind()
	case errors.Is(err, syscall.ENOSPC), errors.Is(err, syscall.EDQUOT):
		return KindDiskFull
	case errors.Is(err, syscall.EIO), errors.Is(err, syscall.EROFS):
		return KindIO
	}
	return ""
}
