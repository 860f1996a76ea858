package main

import (
	"context"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/tifa-project/tifa/report"
)

func runChart(ctx context.Context, e *env, args []string) error {
	fs := flagSet(e, "chart", "--term ID ... -o FILE.png|FILE.svg [--source ID ...] [--from D] [--to D] [--by day|week|month] [--measure M] [--font FILE]",
		"A line chart of the terms over time, one line per term summed over the sources, for a slide:\n"+
			"each period is a marker at its date; a period without stored articles breaks the line.\n"+
			"Chinese labels use an installed CJK font (fonts-wqy-microhei first), else the GB2312 subset of\n"+
			"Droid Sans Fallback compiled into tifa; TIFA_FONT_DIR replaces /usr/share/fonts as the place to look.\n"+
			"An SVG carries its text as outlines, so it looks the same where no font is installed.\n"+
			"Calendar events in the range (shipped and the configuration's events:) are shaded, with a dashed\n"+
			"line at their first day and their Chinese name; --no-events leaves them out.")
	var r reportFlags
	r.register(fs, e)
	out := fs.String("o", "", "output `file`, .png or .svg")
	measure := fs.String("measure", string(report.Share), "share, mentions, articles or per10k")
	fontPath := fs.String("font", "", "a TTF/OTF/TTC `file` with Chinese glyphs (default: the first installed of "+strings.Join(report.SystemFonts(report.SystemFontDir), ", ")+", else the embedded subset)")
	width := fs.Int("width", 1600, "width in `pixels`")
	height := fs.Int("height", 900, "height in `pixels`")
	noEvents := fs.Bool("no-events", false, "do not mark calendar events")
	title := fs.String("title", "", "chart title (default: the terms' labels, the measure, the period and the range)")
	o := outputFlags{encoding: report.UTF8}
	var m report.Measure
	var format string
	a, err := startAnalysis(ctx, fs, args, &r, &o, func(q report.Query) (err error) {
		format = strings.TrimPrefix(strings.ToLower(filepath.Ext(*out)), ".")
		if *out == "" || (format != "png" && format != "svg") {
			return usagef("-o FILE.png or -o FILE.svg is required")
		}
		if len(q.Terms) == 0 {
			return usagef("name the terms to draw with --term")
		}
		if *width < 200 || *height < 150 {
			return usagef("--width and --height must be at least 200 by 150")
		}
		m, err = parseMeasure(*measure)
		return err
	})
	if err != nil {
		return err
	}
	defer a.db.Close()
	fontDir := e.getenv("TIFA_FONT_DIR")
	if fontDir == "" {
		fontDir = report.SystemFontDir
	}
	fnt, err := report.LoadFont(*fontPath, fontDir)
	if err != nil {
		return err
	}
	a.q.Merged = true
	s, err := report.Build(ctx, a.db, a.q)
	if err != nil {
		return err
	}
	c := report.Chart{Measure: m, Labels: labels(a.cfg), Font: fnt, Width: *width, Height: *height, Title: *title}
	if !*noEvents {
		if c.Events, err = eventMarks(&r.common); err != nil {
			return err
		}
	}
	var missing []rune
	err = writeFileAtomic(*out, func(w io.Writer) (err error) {
		missing, err = report.WriteChart(w, s, format, c)
		return err
	})
	if err != nil {
		return err
	}
	if len(missing) > 0 {
		fmt.Fprintf(e.stderr, "tifa chart: warning: font %s has no glyph for %q, drawn as boxes; pass --font FILE with a font that has them (apt-get install fonts-wqy-microhei)\n",
			fnt.Path, string(missing))
	}
	marked, err := c.Marked(s)
	if err != nil {
		return err
	}
	if _, err = fmt.Fprintf(e.stdout, "wrote %s: %d×%d %s, %d terms, %d periods; font %s\n", *out, *width, *height, strings.ToUpper(format), len(s.Terms), len(s.Periods), fnt.Path); err != nil {
		return err
	}
	if len(marked) > 0 {
		var names []string
		for _, m := range marked {
			names = append(names, m.Label+" "+m.Start)
		}
		_, err = fmt.Fprintf(e.stdout, "events marked: %s\n", strings.Join(names, ", "))
	}
	return err
}
