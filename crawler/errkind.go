package crawler

import (
	"errors"
	"fmt"

	"github.com/tifa-project/tifa"
)

// localError is a failure of this machine (a full disk, a database that
// cannot be written), not of a site. It stops the source at once: going on
// would fail the same way for every page, blame the hosts and pause them.
type localError struct {
	kind string // disk_full, io, db
	err  error
}

func (e *localError) Error() string { return e.kind + ": " + e.err.Error() }
func (e *localError) Unwrap() error { return e.err }

// dbFailure marks an error of the store as local.
func dbFailure(err error) error {
	if err == nil {
		return nil
	}
	kind := tifa.ErrorKind(err)
	if kind == "" {
		kind = tifa.KindDB
	}
	return &localError{kind: kind, err: err}
}

// localKind is err's kind when it is a local failure, "" when it is a site's.
func localKind(err error) string {
	var le *localError
	if errors.As(err, &le) {
		return le.kind
	}
	var fe *fetchError
	if errors.As(err, &fe) {
		return ""
	}
	return tifa.ErrorKind(err)
}

// stopLocal counts a local failure and stops the source: no more requests,
// no host paused, and the summary fails so that the crawl exits non-zero.
func (r *sourceRun) stopLocal(u, kind string, err error) {
	r.c.Logger.Error("local failure: stopping the source", "source", r.src.ID, "url", u, "kind", kind, "err", err)
	var le *localError
	if errors.As(err, &le) {
		err = le.err
	}
	r.mu.Lock()
	r.sum.Errors++
	r.sum.ErrorKinds[kind]++
	if r.localErr == nil {
		r.localErr = &localError{kind: kind, err: err}
	}
	r.mu.Unlock()
	r.cancel()
}

// localReason is the summary's reason for a source stopped by stopLocal.
func (r *sourceRun) localReason() string {
	what := "check the database with `tifa check`"
	switch r.localErr.kind {
	case tifa.KindDiskFull:
		what = "free disk space"
	case tifa.KindIO:
		what = "check the disk"
	}
	return fmt.Sprintf("stopped at once by a failure on this machine, not the site's (%s): %s; %s and crawl again, nothing was paused",
		r.localErr.kind, r.localErr.err, what)
}

// pausesHost reports whether a failure of this kind counts against the
// host: an off-source link or a broken feed says nothing about whether the
// host is up.
func pausesHost(kind string) bool {
	return kind != "offsite" && kind != "parse"
}
