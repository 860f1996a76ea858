package main

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/tifa-project/tifa/ingest"
	"github.com/tifa-project/tifa/tagger"
)

func runTag(ctx context.Context, e *env, args []string) error {
	fs := flagSet(e, "tag", "[--config FILE] [--explain] [FILE|-]",
		"Count the configured terms in a text (standard input by default) and print JSON\n"+
			"{\"term-id\": count, ...}, terms with no mention left out.")
	var c common
	c.registerConfig(fs)
	explain := fs.Bool("explain", false, "print every candidate match, accepted or rejected, with the reason")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 1 {
		return usagef("give at most one file")
	}
	name := "-"
	if fs.NArg() == 1 {
		name = fs.Arg(0)
	}
	cfg, err := c.loadConfig()
	if err != nil {
		return err
	}
	text, err := readInput(e, name, cfg.Limits.BodyBytes())
	if err != nil {
		return err
	}
	tg, err := ingest.NewTagger(cfg, e.segs)
	if err != nil {
		return err
	}
	enc := json.NewEncoder(e.stdout)
	enc.SetEscapeHTML(false)
	if *explain {
		for _, c := range tg.Explain(string(text)) {
			verdict := "accepted"
			if !c.Accepted {
				verdict = "rejected"
			}
			fmt.Fprintf(e.stdout, "%s\t%s\t%q\t@%d\t%s\n", verdict, c.Term, c.Form, c.Start, c.Reason)
		}
		return nil
	}
	return enc.Encode(tagger.Counts(tg.Tag(string(text))))
}
