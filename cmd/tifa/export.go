package main

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/tifa-project/tifa"
	"github.com/tifa-project/tifa/report"
)

func runExport(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 || (args[0] != "csv" && args[0] != "xlsx") {
		if len(args) > 0 && (args[0] == "-h" || args[0] == "--help") {
			fmt.Fprintln(e.stderr, "usage: tifa export csv|xlsx [report filters] [-o FILE]")
			return errHelp
		}
		return usagef("say what to export: tifa export csv or tifa export xlsx")
	}
	if args[0] == "xlsx" {
		return runExportXLSX(ctx, e, args[1:])
	}
	fs := flagSet(e, "export csv", "[--term ID ...] [--source ID ...] [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--by day|week|month] [--originals] [--shape long|wide] [--measure M] [--encoding utf-8|gb18030] [-o FILE]",
		"The report's numbers as CSV. --shape long (the default): one row per (period, term, source), columns\n"+
			strings.Join(report.CSVHeader, ",")+" (fixed; new ones only ever added at the end).\n"+
			"--shape wide: one row per period, a column per term (\"id label\") holding --measure summed over the\n"+
			"sources; an empty cell is a period with no stored articles. UTF-8 with a BOM so Excel shows Chinese,\n"+
			"or --encoding gb18030 for old Excel on Chinese Windows. Cells beginning with = + - @ tab or CR get a\n"+
			"leading ' so a spreadsheet does not run them.")
	var r reportFlags
	r.register(fs, e)
	shape := fs.String("shape", "long", "long or wide")
	measure := fs.String("measure", string(report.Share), "with --shape wide: share, mentions, articles or per10k")
	o := outputFlags{format: "csv"}
	fs.StringVar(&o.encoding, "encoding", report.UTF8, "`encoding`: utf-8 (with a BOM) or gb18030")
	fs.StringVar(&o.out, "o", "-", "output `file` (- for standard output)")
	var m report.Measure
	a, err := startAnalysis(ctx, fs, args[1:], &r, &o, func(report.Query) (err error) {
		if *shape != "long" && *shape != "wide" {
			return usagef("--shape %q: use long or wide", *shape)
		}
		m, err = parseMeasure(*measure)
		return err
	})
	if err != nil {
		return err
	}
	defer a.db.Close()
	a.q.Merged = *shape == "wide"
	s, err := report.Build(ctx, a.db, a.q)
	if err != nil {
		return err
	}
	if err := warnStale(e.stderr, a.cat); err != nil {
		return err
	}
	rows := len(s.Cells)
	if *shape == "wide" {
		rows = len(s.Periods)
	}
	return o.write(e, rows, func(w io.Writer) error {
		if *shape == "wide" {
			return report.WriteWideCSV(w, s, m, labels(a.cfg), o.encoding)
		}
		return report.WriteCSVEncoded(w, s, o.encoding)
	})
}

func runExportXLSX(ctx context.Context, e *env, args []string) error {
	fs := flagSet(e, "export xlsx", "-o FILE.xlsx [--term ID ...] [--source ID ...] [--from D] [--to D] [--by day|week|month] [--originals] [--measure M]",
		"An Excel workbook: Data (the long CSV's rows, typed), Trend (--measure per period and term with a\n"+
			"native line chart) and About (filters, lexicon version, sources and their coverage, generated time).")
	var r reportFlags
	r.register(fs, e)
	measure := fs.String("measure", string(report.Share), "the Trend sheet's measure: share, mentions, articles or per10k")
	o := outputFlags{encoding: report.UTF8, format: "xlsx"}
	fs.StringVar(&o.out, "o", "", "output `file` (.xlsx)")
	var m report.Measure
	a, err := startAnalysis(ctx, fs, args, &r, &o, func(report.Query) (err error) {
		if o.out == "" || o.out == "-" {
			return usagef("-o FILE.xlsx is required")
		}
		m, err = parseMeasure(*measure)
		return err
	})
	if err != nil {
		return err
	}
	defer a.db.Close()
	s, err := report.Build(ctx, a.db, a.q)
	if err != nil {
		return err
	}
	cov, err := a.db.Coverage(ctx, tifa.Filter{Sources: a.q.Sources})
	if err != nil {
		return err
	}
	about := report.About{Generated: time.Now(), Lexicon: a.cat.current, Coverage: cov, Labels: labels(a.cfg), Measure: m}
	if err := warnStale(e.stderr, a.cat); err != nil {
		return err
	}
	if err := writeFileAtomic(o.out, func(w io.Writer) error { return report.WriteXLSX(w, s, about) }); err != nil {
		return err
	}
	_, err = fmt.Fprintf(e.stdout, "wrote %d rows (Data) and %d periods × %d terms (Trend) to %s\n", len(s.Cells), len(s.Periods), len(s.Terms), o.out)
	return err
}
