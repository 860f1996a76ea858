package main

import (
	"context"
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/tifa-project/tifa/ingest"
	"github.com/tifa-project/tifa/segment"
	"github.com/tifa-project/tifa/tagger"
)

func runTerms(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 || (args[0] != "list" && args[0] != "show" && args[0] != "check") {
		if len(args) > 0 && (args[0] == "-h" || args[0] == "--help") {
			fmt.Fprintln(e.stderr, "usage: tifa terms list|show ID|check [--config FILE]")
			return errHelp
		}
		return usagef("say what to do: tifa terms list|show ID|check")
	}
	sub := args[0]
	fs := flagSet(e, "terms "+sub, "[--config FILE]"+map[string]string{"show": " ID"}[sub],
		map[string]string{
			"list":  "List the configured terms: id, label, forms, categories.",
			"show":  "Show one term: its forms as configured, the traditional forms matched too, and its notes.",
			"check": "Review the lexicon: repeated forms, forms two terms share, forms inside other forms (counted\nas nested), and what the segmenter does to short forms. Exits 1 when a form would not load.",
		}[sub])
	var c common
	c.register(fs, e)
	if err := parse(fs, args[1:]); err != nil {
		return err
	}
	cfg, err := c.loadConfig()
	if err != nil {
		return err
	}
	terms := ingest.Terms(cfg)
	switch sub {
	case "list":
		if fs.NArg() > 0 {
			return usagef("unexpected argument %q", fs.Arg(0))
		}
		tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "id\tforms\tcategories")
		for _, t := range cfg.Terms {
			fmt.Fprintf(tw, "%s\t%s\t%s\n", t.ID, strings.Join(append(append([]string(nil), t.Zh...), t.En...), " / "), strings.Join(t.Categories, ","))
		}
		if err := tw.Flush(); err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "%d terms; lexicon version %s\n", len(cfg.Terms), tagger.VersionOf(terms))
		return nil
	case "show":
		if fs.NArg() != 1 {
			return usagef("give one term id")
		}
		t, ok := cfg.Term(fs.Arg(0))
		if !ok {
			return usagef("unknown term %q; list them with tifa terms list", fs.Arg(0))
		}
		fmt.Fprintf(e.stdout, "id:         %s\nlabel:      %s\nchinese:    %s\nenglish:    %s\ncategories: %s\n",
			t.ID, t.Label, strings.Join(t.Zh, " / "), strings.Join(t.En, " / "), strings.Join(t.Categories, ", "))
		fmt.Fprintln(e.stdout, "matching:   traditional script, full-width and quoted forms count too; English is case-insensitive, hyphen = space")
		if t.Ambiguous {
			fmt.Fprintln(e.stdout, "ambiguous:  yes, every form is boundary-checked with gse")
		}
		if t.Notes != "" {
			fmt.Fprintf(e.stdout, "notes:      %s\n", t.Notes)
		}
		return nil
	}
	if fs.NArg() > 0 {
		return usagef("unexpected argument %q", fs.Arg(0))
	}
	// The check asks gse as the tagger will see it: with the lexicon pinned.
	seg, err := segment.New(tagger.FormsOf(terms))
	if err != nil {
		return err
	}
	findings, err := tagger.Check(terms, seg)
	if err != nil {
		return err
	}
	errs := 0
	for _, f := range findings {
		fmt.Fprintf(e.stdout, "%-5s %s: %s\n", f.Level, f.Term, f.Msg)
		if f.Level == "error" {
			errs++
		}
	}
	fmt.Fprintf(e.stdout, "%d terms checked, %d findings, %d errors\n", len(terms), len(findings), errs)
	if errs > 0 {
		return errSilent
	}
	return nil
}
