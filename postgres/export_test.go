package postgres

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"testing"

	"github.com/jackc/pgx/v5"
)

// OpenTest is openTest for the package's external tests.
func OpenTest(t testing.TB) *DB {
	db, _ := openTest(t)
	return db
}

// OpenTestLocale opens a fresh tifa database in a database of its own whose
// default collation is ICU's en-US, where "Zeta" sorts after "gmw" and
// "Nqpf" beside "nqpf": what a cluster made with a locale does, unlike
// pg_virtualenv's C one. tifa's columns are COLLATE "C", so its answers
// must not change.
func OpenTestLocale(t testing.TB) *DB {
	t.Helper()
	dsn := serverDSN(t)
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		t.Fatalf("connect to the test server: %s", redactErr(err, dsn))
	}
	defer conn.Close(ctx)
	b := make([]byte, 6)
	rand.Read(b)
	name := "tifa_test_" + hex.EncodeToString(b)
	if _, err := conn.Exec(ctx, `CREATE DATABASE `+name+` TEMPLATE template0 ENCODING 'UTF8' LOCALE 'C' LOCALE_PROVIDER icu ICU_LOCALE 'en-US'`); err != nil {
		t.Skipf("this server cannot make an ICU database (%v): the locale comparison needs PostgreSQL 15 built with ICU", err)
	}
	t.Cleanup(func() {
		c, err := pgx.Connect(context.Background(), dsn)
		if err != nil {
			t.Errorf("drop database %s: %v", name, err)
			return
		}
		defer c.Close(context.Background())
		if _, err := c.Exec(context.Background(), `DROP DATABASE `+name+` WITH (FORCE)`); err != nil {
			t.Errorf("drop database %s: %v", name, err)
		}
	})
	own := withParam(dsn, "dbname", name)
	if IsDSN(dsn) {
		u, err := url.Parse(dsn)
		if err != nil {
			t.Fatal(err)
		}
		u.Path = "/" + name
		own = u.String()
	}
	db, err := Open(ctx, own)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}
