package postgres

import (
	"errors"
	"strings"

	"github.com/jackc/pgx/v5/pgconn"
)

// Failure kinds of a store error, for the crawl summary, as package sqlite
// names them.
const (
	KindDiskFull = "disk_full"
	KindIO       = "io"
	KindDB       = "db"
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
