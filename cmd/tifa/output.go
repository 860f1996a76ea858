package main

import (
	"flag"
	"io"

	"github.com/tifa-project/tifa/report"
)

// outputFlags say where a report goes and in what form: every report can be
// a CSV, for Excel, as well as a table.
type outputFlags struct {
	csv      bool
	encoding string
	out      string
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
	return nil
}

// write sends the output to standard output or, atomically, to the file.
func (o *outputFlags) write(e *env, fn func(io.Writer) error) error {
	if o.out == "-" || o.out == "" {
		return fn(e.stdout)
	}
	return writeFileAtomic(o.out, fn)
}

// grid writes a finished report as a table or CSV.
func (o *outputFlags) grid(e *env, g *report.Grid) error {
	return o.write(e, func(w io.Writer) error {
		if o.csv {
			return g.WriteCSV(w, o.encoding)
		}
		return g.WriteText(w)
	})
}
