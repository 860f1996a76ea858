package postgres

import (
	"errors"
	"strings"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/tifa-project/tifa"
)

// Failure kinds of a store error, for the crawl summary, as package sqlite
// names them.
const (
	KindDiskFull = tifa.KindDiskFull
	KindIO       = tifa.KindIO
	KindDB       = tifa.KindDB
)

// ErrorKind says what kind of database failure err is: KindDiskFull for a
// server out of space, KindIO for its disk failing or the connection lost,
// KindDB for any other error of the server, "" for anything else.
func ErrorKind(err error) string {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		switch {
		case pe.Code == "53100": // disk_full
			return KindDiskFull
		case strings.HasPrefix(pe.Code, "58"): // system error: io_error, undefined_file…
			return KindIO
		}
		return KindDB
	}
	var ce *pgconn.ConnectError
	if errors.As(err, &ce) || pgconn.SafeToRetry(err) || pgconn.Timeout(err) {
		return KindIO
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

// kinded marks err with its kind, when it has one.
func kinded(err error) error {
	if err == nil {
		return nil
	}
	var ke *kindError
	if errors.As(err, &ke) {
		return err
	}
	if k := ErrorKind(err); k != "" {
		return &kindError{kind: k, err: err}
	}
	return err
}
