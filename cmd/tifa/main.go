// Command tifa crawls Chinese state media, counts policy formulations in what
// it finds and reports how their use changes over time.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/tifa-project/tifa/segment"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// env is what every command gets: its arguments and standard streams, so the
// tests can run commands in-process.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	getenv         func(string) string
	// segs keeps the segmenters commands build: a process runs one
	// command, but the tests run hundreds in one process.
	segs *segment.Loader
}

type command struct {
	name, summary string
	run           func(ctx context.Context, e *env, args []string) error
}

var commands = []command{
	{"crawl", "fetch new articles from the configured sources, tag and store them (for cron)", runCrawl},
	{"sources", "check each source's last crawl for drift (sources health)", runSources},
	{"backfill", "walk a date-addressable archive (the print edition) day by day; --status shows gaps", runBackfill},
	{"demo", "crawl bundled real pages from a loopback replay site into a fresh database and report", runDemo},
	{"report", "print mentions per period for terms and sources", runReport},
	{"compare", "terms in a range against the previous range and a year earlier", runCompare},
	{"top", "the most used terms in a range", runTop},
	{"rising", "terms rising against a baseline window", runRising},
	{"fading", "terms fading or vanished against their own trailing level, per source", runFading},
	{"discover", "candidate formulations: recurring strings that are no term yet, new against a baseline", runDiscover},
	{"alerts", "evaluate alert rules and send new alerts once to the team's webhooks (for cron)", runAlerts},
	{"first", "first appearance of each term per source, and who said it first", runFirst},
	{"cooccur", "terms appearing in the same sentence or article as a term", runCooccur},
	{"snippets", "sentences mentioning a term, with title, source, date and URL", runSnippets},
	{"export", "export the report's numbers (export csv|xlsx)", runExport},
	{"serve", "a local web dashboard over the reports, with CSV/XLSX downloads", runServe},
	{"chart", "draw terms over time as a PNG or SVG line chart", runChart},
	{"retag", "recount stored articles after the lexicon changed, without crawling", runRetag},
	{"terms", "list, show or check the terms (terms list|show ID|check)", runTerms},
	{"eval", "measure extraction against saved pages (eval extract DIR ...)", runEval},
	{"extract", "extract title, date and body from one saved page, as JSON", runExtract},
	{"tag", "count term mentions in a text, as JSON", runTag},
	{"config", "print the effective configuration (config show)", runConfig},
	{"reprocess", "extract and tag archived pages again, without the network", runReprocess},
	{"import", "backfill from WARC files made elsewhere (import warc FILE...)", runImport},
	{"copy", "copy a whole database between SQLite and PostgreSQL, resumably (copy --from SRC --to DST)", runCopy},
	{"check", "check the database for damage and inconsistent counts; --repair rebuilds the aggregates", runCheck},
	{"archive", "show an archived page as fetched on a day, or prune (archive show URL|prune)", runArchive},
	{"version", "print the module version and the VCS revision tifa was built from", runVersion},
}

// subcommands are the commands that take a subcommand first: their -h
// lists these, each with its own -h for its flags.
var subcommands = map[string][]string{
	"sources": {"health"},
	"export":  {"csv", "xlsx"},
	"terms":   {"list", "show ID", "check"},
	"config":  {"show"},
	"eval":    {"extract DIR ..."},
	"import":  {"warc FILE ..."},
	"archive": {"show URL", "prune"},
}

func isHelp(arg string) bool {
	return arg == "-h" || arg == "--help" || arg == "-help" || arg == "--h" || arg == "help"
}

func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	e := &env{stdin: stdin, stdout: stdout, stderr: stderr, getenv: os.Getenv}
	// The segmenter cache only saves time, but a cache that cannot be
	// written costs every run two seconds: say so where cron mails it.
	e.segs = &segment.Loader{Log: logger(e)}
	return runEnv(ctx, e, args)
}

func runEnv(ctx context.Context, e *env, args []string) int {
	stdout, stderr := e.stdout, e.stderr
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		usage(stdout)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	for _, c := range commands {
		if c.name == args[0] {
			if subs, ok := subcommands[c.name]; ok && len(args) == 2 && isHelp(args[1]) {
				fmt.Fprintf(stderr, "usage: tifa %s %s [flags]\n\n%s\n\nRun tifa %s %s -h for a subcommand's flags.\n",
					c.name, strings.Join(subs, "|"), c.summary, c.name, strings.Fields(subs[0])[0])
				return 0
			}
			return exitCode(stderr, c.name, c.run(ctx, e, args[1:]))
		}
	}
	fmt.Fprintf(stderr, "tifa: unknown command %q; run 'tifa -h' for the list\n", args[0])
	return 2
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "usage: tifa COMMAND [flags]   (tifa COMMAND -h for a command's flags)")
	fmt.Fprintln(w)
	for _, c := range commands {
		fmt.Fprintf(w, "  %-10s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w, "\nThe database is tifa.db in the working directory unless --db or TIFA_DB says otherwise.")
}

// usageError is a mistake in how the command was called: exit status 2.
type usageError struct{ msg string }

func (u usageError) Error() string { return u.msg }

func usagef(format string, args ...any) error { return usageError{fmt.Sprintf(format, args...)} }

// errSilent ends a command with status 1 after it has said why itself.
var errSilent = errors.New("")

func exitCode(stderr io.Writer, name string, err error) int {
	var ue usageError
	switch {
	case err == nil:
		return 0
	case errors.Is(err, errHelp):
		return 0
	case errors.As(err, &ue):
		fmt.Fprintf(stderr, "tifa %s: %s (see 'tifa %s -h')\n", name, ue.msg, name)
		return 2
	case errors.Is(err, errSilent):
		return 1
	default:
		fmt.Fprintf(stderr, "tifa %s: %v\n", name, err)
		return 1
	}
}
