package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"time"

	"github.com/tifa-project/tifa/dashboard"
	"github.com/tifa-project/tifa/ingest"
)

func runServe(ctx context.Context, e *env, args []string) error {
	fs := flagSet(e, "serve", "[--addr 127.0.0.1:8080] [--public [--host NAME ...]] [--config FILE] [--db FILE]",
		"A local web page over the report's queries: term and source pickers, a date range, the trend\n"+
			"chart, a source breakdown, snippets with links, and CSV/XLSX downloads of what is shown.\n"+
			"The database is opened read-only. It listens on loopback only: the page has no login, so anyone\n"+
			"who can reach the port can read everything stored. --public allows another address; put it\n"+
			"behind something that authenticates first. Only requests naming a loopback host, the --addr\n"+
			"address or a --host name are answered (a page elsewhere cannot reach it by DNS rebinding).")
	var c common
	c.register(fs, e)
	readingConfig(fs)
	addr := fs.String("addr", "127.0.0.1:8080", "`host:port` to listen on (loopback unless --public)")
	public := fs.Bool("public", false, "allow a non-loopback --addr (no authentication: everyone who reaches it reads the database)")
	var hosts list
	fs.Var(&hosts, "host", "with --public, a host `NAME` users reach the dashboard by (repeatable)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("unexpected argument %q", fs.Arg(0))
	}
	if err := checkLoopback(*addr, *public); err != nil {
		return err
	}
	if len(hosts) > 0 && !*public {
		return usagef("--host names a way in from other machines: give --public too")
	}
	db, err := c.openDBReadOnly(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	cat, err := loadCatalog(ctx, &c, db)
	if err != nil {
		return err
	}
	log := logger(e)
	h, err := dashboard.New(db, cat.cfg, ingest.LexiconOf(cat.cfg).Version, log)
	if err != nil {
		return err
	}
	// The chart marks the shipped events and the --config file's own.
	cfg, err := c.loadConfig()
	if err != nil {
		return err
	}
	if h.Calendar, err = eventCalendar(cfg); err != nil {
		return err
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return fmt.Errorf("listen: %w", err)
	}
	h.AllowHosts(append([]string{*addr, ln.Addr().String()}, hosts...)...)
	h.HostHelp = "tifa serve --public --host NAME adds one"
	srv := httpServer(h, defaultTimeouts())
	fmt.Fprintf(e.stdout, "tifa dashboard on http://%s/ (database %s, read-only); Ctrl-C stops it.\n", ln.Addr(), c.db)
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	select {
	case err := <-done:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	// Let requests in flight finish, but not forever.
	shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdown); err != nil {
		return fmt.Errorf("shut down: %w", err)
	}
	if err := <-done; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("serve: %w", err)
	}
	return nil
}

// timeouts bound how long a connection may hold the server: a client that
// sends its request slowly, reads the answer slowly or keeps an idle
// connection open is cut off, so connections cannot pile up.
type timeouts struct{ header, read, write, idle time.Duration }

// defaultTimeouts leave room for a year's workbook to be built and sent
// (write) and for a browser to keep its connection between clicks (idle).
func defaultTimeouts() timeouts {
	return timeouts{header: 10 * time.Second, read: 30 * time.Second, write: 2 * time.Minute, idle: time.Minute}
}

func httpServer(h http.Handler, t timeouts) *http.Server {
	return &http.Server{Handler: h, ReadHeaderTimeout: t.header, ReadTimeout: t.read, WriteTimeout: t.write,
		IdleTimeout: t.idle, MaxHeaderBytes: 64 << 10}
}

// checkLoopback refuses an address other machines can reach unless asked:
// the dashboard has no authentication.
func checkLoopback(addr string, public bool) error {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return usagef("--addr %q: want host:port, e.g. 127.0.0.1:8080", addr)
	}
	if public {
		return nil
	}
	if host == "localhost" {
		return nil
	}
	if ip := net.ParseIP(host); ip != nil && ip.IsLoopback() {
		return nil
	}
	return usagef("--addr %q is not a loopback address; the dashboard has no login, so give --public to expose it anyway", addr)
}
