package postgres

import (
	"net/url"
	"regexp"
	"strings"
)

// IsDSN reports whether s names a PostgreSQL database rather than a SQLite
// file: a postgres:// or postgresql:// URL.
func IsDSN(s string) bool {
	return strings.HasPrefix(s, "postgres://") || strings.HasPrefix(s, "postgresql://")
}

// kvPassword finds password=… in a key=value DSN, quoted or not.
var kvPassword = regexp.MustCompile(`(?i)(\bpassword\s*=\s*)('(?:[^'\\]|\\.)*'|\S*)`)

// Redact returns dsn with its password replaced, for messages and logs: the
// password is never printed, whichever form the DSN takes.
func Redact(dsn string) string {
	if IsDSN(dsn) {
		u, err := url.Parse(dsn)
		if err != nil {
			// An unparsable URL may still hold a password: keep only the scheme.
			return dsn[:strings.Index(dsn, "://")+3] + "…(unparsable URL)"
		}
		q := u.Query()
		if q.Has("password") {
			q.Set("password", "xxxxx")
			u.RawQuery = q.Encode()
		}
		return u.Redacted()
	}
	return kvPassword.ReplaceAllString(dsn, "${1}xxxxx")
}

// password is the password dsn carries, "" when none.
func password(dsn string) string {
	if IsDSN(dsn) {
		u, err := url.Parse(dsn)
		if err != nil {
			return ""
		}
		if p, ok := u.User.Password(); ok {
			return p
		}
		return u.Query().Get("password")
	}
	m := kvPassword.FindStringSubmatch(dsn)
	if m == nil {
		return ""
	}
	return strings.Trim(m[2], "'")
}

// redactErr is err's message with the DSN and its password taken out: a
// driver's error may quote either.
func redactErr(err error, dsn string) string {
	msg := err.Error()
	if dsn == "" {
		return msg
	}
	msg = strings.ReplaceAll(msg, dsn, Redact(dsn))
	if pw := password(dsn); pw != "" {
		msg = strings.ReplaceAll(msg, pw, "xxxxx")
		if esc := url.QueryEscape(pw); esc != pw {
			msg = strings.ReplaceAll(msg, esc, "xxxxx")
		}
		if esc := url.PathEscape(pw); esc != pw {
			msg = strings.ReplaceAll(msg, esc, "xxxxx")
		}
	}
	return msg
}
