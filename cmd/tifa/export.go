package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/tifa-project/tifa/report"
)

func runExport(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 || args[0] != "csv" {
		if len(args) > 0 && (args[0] == "-h" || args[0] == "--help") {
			fmt.Fprintln(e.stderr, "usage: tifa export csv [report filters] [-o FILE]")
			return errHelp
		}
		return usagef("say what to export: tifa export csv")
	}
	fs := flagSet(e, "export csv", "[--term ID ...] [--source ID ...] [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--by day|week|month] [-o FILE]",
		"The report's numbers as CSV, one row per (period, term, source), UTF-8 with a BOM so Excel shows\n"+
			"Chinese. Columns: "+fmt.Sprint(report.CSVHeader)+".")
	var r reportFlags
	r.register(fs, e)
	out := fs.String("o", "-", "output `file` (- for standard output)")
	if err := parse(fs, args[1:]); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("unexpected argument %q", fs.Arg(0))
	}
	cfg, err := r.loadConfig()
	if err != nil {
		return err
	}
	q, err := r.query(cfg)
	if err != nil {
		return err
	}
	db, err := r.openDBReadOnly(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	s, err := report.Build(ctx, db, q)
	if err != nil {
		return err
	}
	if err := warnStale(ctx, e.stderr, db, cfg); err != nil {
		return err
	}
	if *out == "-" {
		return report.WriteCSV(e.stdout, s)
	}
	return writeFileAtomic(*out, func(w io.Writer) error { return report.WriteCSV(w, s) })
}

// writeFileAtomic writes through a temporary file and renames it, so a failed
// export never leaves half a file where the analyst expects a whole one.
func writeFileAtomic(path string, write func(io.Writer) error) error {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp*")
	if err != nil {
		return fmt.Errorf("create %s: %w", path, err)
	}
	defer os.Remove(f.Name())
	if err := write(f); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := os.Rename(f.Name(), path); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}
