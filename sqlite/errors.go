package sqlite

import (
	"errors"
	"syscall"

	"github.com/mattn/go-sqlite3"

	"github.com/tifa-project/tifa"
)

// errorKind says what kind of local failure err is: tifa.KindDiskFull,
// KindIO or KindDB for an error of SQLite or of the file under it, "" for
// anything else. These are the machine's failures, not a site's.
func errorKind(err error) string {
	var se sqlite3.Error
	switch {
	case errors.Is(err, syscall.ENOSPC), errors.Is(err, syscall.EDQUOT):
		return tifa.KindDiskFull
	case errors.As(err, &se) && se.Code == sqlite3.ErrFull:
		return tifa.KindDiskFull
	case errors.As(err, &se) && se.Code == sqlite3.ErrIoErr:
		return tifa.KindIO
	case errors.As(err, &se):
		return tifa.KindDB
	case errors.Is(err, syscall.EIO), errors.Is(err, syscall.EROFS):
		return tifa.KindIO
	}
	return ""
}

// kindError carries its kind in the error itself, so a consumer reads it
// with tifa.ErrorKind and never imports this engine or its driver.
type kindError struct {
	kind string
	err  error
}

func (e *kindError) Error() string { return e.err.Error() }
func (e *kindError) Unwrap() error { return e.err }
func (e *kindError) Kind() string  { return e.kind }

// kinded marks err with its kind, when it has one; every exported method a
// crawl calls returns its errors through it.
func kinded(err error) error {
	if err == nil {
		return nil
	}
	var ke *kindError
	if errors.As(err, &ke) {
		return err
	}
	if k := errorKind(err); k != "" {
		return &kindError{kind: k, err: err}
	}
	return err
}
