package main

import (
	"flag"
	"fmt"
	"io"

	"github.com/tifa-project/tifa/report"
)

// outputFlags say where a report goes and in what form: every report can be
// a CSV, for Excel, as well as a table.
type outputFlags struct {
	csv      bool
	encoding string
	out      string
	format   string // what the command writes, when not a table or --csv
}

func (o *outputFlags) register(fs *flag.FlagSet) {
	fs.BoolVar(&o.csv, "csv", false, "write CSV instead of a table (cells beginning with = + - @ are neutralised)")
	fs.StringVar(&o.encoding, "encoding", report.UTF8, "CSV `encoding`: utf-8 (with a BOM) or gb18030 (old Excel on Chinese Windows)")
	fs.StringVar(&o.out, "o", "-", "output `file` (- for standard output; a file is written atomically)")
}

func (o *outputFlags) check() error {
	if o.encoding != report.UTF8 && o.encoding != report.GB18030 {
		return usagef("--encoding %q: use utf-8 or gb18030", o.encoding)
	}
	return checkExt(o.out, o.writes())
}

// writes is the format the output is in.
func (o *outputFlags) writes() string {
	switch {
	case o.format != "":
		return o.format
	case o.csv:
		return "csv"
	}
	return "text"
}

// write sends the output to standard output or, atomically, to the file,
// and then says on standard output what it wrote there.
func (o *outputFlags) write(e *env, rows int, fn func(io.Writer) error) error {
	if o.out == "-" || o.out == "" {
		return fn(e.stdout)
	}
	if err := writeFileAtomic(o.out, fn); err != nil {
		return err
	}
	return wrote(e, rows, o.out)
}

func wrote(e *env, rows int, path string) error {
	noun := "rows"
	if rows == 1 {
		noun = "row"
	}
	_, err := fmt.Fprintf(e.stdout, "wrote %d %s to %s\n", rows, noun, path)
	return err
}

// grid writes a finished report as a table or CSV.
func (o *outputFlags) grid(e *env, g *report.Grid) error {
	return o.write(e, len(g.Rows), func(w io.Writer) error {
		if o.csv {
			return g.WriteCSV(w, o.encoding)
		}
		return g.WriteText(w)
	})
}
