package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"strings"

	"github.com/tifa-project/tifa/config"
)

var errHelp = errors.New("help shown")

// flagName is the command line's name for a library's input: a
// tifa.RangeError's "from" is the --from the user typed.
func flagName(input string) string { return "--" + input }

// flagSet returns a FlagSet that reports errors to the caller, not os.Exit.
func flagSet(e *env, name, args, about string) *flag.FlagSet {
	fs := flag.NewFlagSet("tifa "+name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "usage: tifa %s %s\n\n%s\n\n", name, args, about)
		fs.PrintDefaults()
	}
	return fs
}

// parse parses args, turning flag errors into usage errors and -h into errHelp.
func parse(fs *flag.FlagSet, args []string) error {
	// The flag package prints the error and usage; we add our one-line hint.
	fs.SetOutput(discardUnlessHelp{fs.Output(), args})
	err := fs.Parse(args)
	if errors.Is(err, flag.ErrHelp) {
		return errHelp
	}
	if err != nil {
		return usageError{err.Error()}
	}
	return nil
}

// discardUnlessHelp keeps the flag package from printing the whole usage on
// every mistake: a usage error gets one line, -h gets everything.
type discardUnlessHelp struct {
	w    interface{ Write([]byte) (int, error) }
	args []string
}

func (d discardUnlessHelp) Write(p []byte) (int, error) {
	for _, a := range d.args {
		if a == "-h" || a == "-help" || a == "--help" || a == "--h" {
			return d.w.Write(p)
		}
	}
	return len(p), nil
}

// list is a repeatable flag that also takes comma-separated values.
type list []string

func (l *list) String() string { return strings.Join(*l, ",") }
func (l *list) Set(v string) error {
	for _, s := range strings.Split(v, ",") {
		if s = strings.TrimSpace(s); s != "" {
			*l = append(*l, s)
		}
	}
	return nil
}

// common holds the flags several commands share.
type common struct {
	config string
	db     string
}

func (c *common) register(fs *flag.FlagSet, e *env) {
	c.registerConfig(fs)
	def := e.getenv("TIFA_DB")
	if def == "" {
		def = "tifa.db"
	}
	fs.StringVar(&c.db, "db", def, "database: a SQLite `file`, or a postgres:// URL (env TIFA_DB)")
}

// registerConfig is --config alone, for the commands that never open the
// database: their -h should not offer a --db they would ignore.
func (c *common) registerConfig(fs *flag.FlagSet) {
	fs.StringVar(&c.config, "config", "", "configuration `file` (default: the embedded default; see tifa config show)")
}

func (c *common) loadConfig() (*config.Config, error) {
	if c.config == "" {
		return config.Default(), nil
	}
	f, err := os.Open(c.config)
	if err != nil {
		return nil, fmt.Errorf("configuration: %w (check the --config path)", err)
	}
	defer f.Close()
	return config.Parse(f, c.config)
}

func (c *common) openDB(ctx context.Context) (DB, error) {
	return Open(ctx, c.db)
}

func (c *common) openDBReadOnly(ctx context.Context) (DB, error) {
	if _, err := os.Stat(c.db); err != nil && !isPostgres(c.db) {
		return nil, fmt.Errorf("database %s: %w (run `tifa crawl` or `tifa demo` first, or pass --db)", c.db, err)
	}
	return OpenReadOnly(ctx, c.db)
}

// logger writes to stderr; cron mails what it prints, so the default is
// warnings only, and TIFA_LOG=info or debug says more.
func logger(e *env) *slog.Logger {
	level := slog.LevelWarn
	switch strings.ToLower(e.getenv("TIFA_LOG")) {
	case "debug":
		level = slog.LevelDebug
	case "info":
		level = slog.LevelInfo
	case "error":
		level = slog.LevelError
	}
	return slog.New(slog.NewTextHandler(e.stderr, &slog.HandlerOptions{Level: level}))
}

// sourcesFor resolves --source ids against the configuration.
func sourcesFor(cfg *config.Config, ids []string) ([]*config.Source, error) {
	if len(ids) == 0 {
		out := make([]*config.Source, len(cfg.Sources))
		for i := range cfg.Sources {
			out[i] = &cfg.Sources[i]
		}
		return out, nil
	}
	var out []*config.Source
	for _, id := range ids {
		s, ok := cfg.Source(id)
		if !ok {
			return nil, usagef("unknown source %q; configured: %s", id, strings.Join(sourceIDs(cfg), ", "))
		}
		out = append(out, s)
	}
	return out, nil
}

func sourceIDs(cfg *config.Config) []string {
	var ids []string
	for _, s := range cfg.Sources {
		ids = append(ids, s.ID)
	}
	return ids
}
