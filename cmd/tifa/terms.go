package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"strings"
	"text/tabwriter"

	"github.com/tifa-project/tifa/config"
	"github.com/tifa-project/tifa/ingest"
	"github.com/tifa-project/tifa/tagger"
)

func runTerms(ctx context.Context, e *env, args []string) error {
	subs := map[string]string{
		"list": "List the terms: id, forms, categories, and with a database the mentions it holds.",
		"show": "Show one term (by id, label or form): its forms, the traditional forms matched too, its notes,\n" +
			"and with a database what it holds and the lexicon versions that had the term.",
		"check": "Review the lexicon: repeated forms, forms two terms share, forms inside other forms (counted\n" +
			"as nested), and what the segmenter does to short forms. Exits 1 when a form would not load.",
		"versions": "The lexicon versions the database recorded, the current one first, with the articles counted\n" +
			"with each: what tifa retag --version can bring back.",
	}
	if len(args) == 0 || subs[args[0]] == "" {
		if len(args) > 0 && (args[0] == "-h" || args[0] == "--help") {
			fmt.Fprintln(e.stderr, "usage: tifa terms list|show ID|check|versions [--config FILE] [--db FILE]")
			return errHelp
		}
		return usagef("say what to do: tifa terms list|show ID|check|versions")
	}
	sub := args[0]
	fs := flagSet(e, "terms "+sub, "[--config FILE] [--db FILE]"+map[string]string{"show": " ID"}[sub],
		subs[sub]+"\nThe terms are --config's; without it, the database's (when it exists), else the embedded default's.")
	var c common
	c.register(fs, e)
	pos, err := parseInterleaved(fs, args[1:])
	if err != nil {
		return err
	}
	if want := map[string]int{"show": 1}[sub]; len(pos) != want {
		if want == 1 {
			return usagef("give one term (id, label or form)")
		}
		return usagef("unexpected argument %q", pos[0])
	}
	k, err := termsCatalog(ctx, e, fs, &c, sub == "versions")
	if err != nil {
		return err
	}
	switch sub {
	case "list":
		return listTerms(e, k)
	case "show":
		return showTerm(e, k, pos[0])
	case "versions":
		return listVersions(e, k)
	}
	return checkTerms(e, k.cfg)
}

// termsCatalog is where terms come from: --config, else the database when
// there is one, else the embedded default (what a crawl would count with).
func termsCatalog(ctx context.Context, e *env, fs *flag.FlagSet, c *common, needDB bool) (*catalog, error) {
	dbGiven := e.getenv("TIFA_DB") != ""
	fs.Visit(func(f *flag.Flag) { dbGiven = dbGiven || f.Name == "db" })
	if _, err := os.Stat(c.db); c.config != "" || (err != nil && !dbGiven && !needDB) {
		if needDB {
			return nil, usagef("terms versions reads the database: drop --config")
		}
		cfg, err := c.loadConfig()
		if err != nil {
			return nil, err
		}
		return &catalog{cfg: cfg, fromConfig: true, current: ingest.LexiconOf(cfg).Version, origin: cfg.Name}, nil
	}
	db, err := c.openDBReadOnly(ctx)
	if err != nil {
		return nil, err
	}
	defer db.Close()
	k, err := loadCatalog(ctx, c, db)
	if err != nil {
		return nil, err
	}
	return k, k.loadTotals(ctx, db)
}

func listTerms(e *env, k *catalog) error {
	withDB := k.db != ""
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	header := "id\tforms\tcategories"
	if withDB {
		header += "\tmentions\tarticles"
	}
	fmt.Fprintln(tw, header)
	for _, t := range k.cfg.Terms {
		fmt.Fprintf(tw, "%s\t%s\t%s", t.ID, strings.Join(append(append([]string(nil), t.Zh...), t.En...), " / "), strings.Join(t.Categories, ","))
		if withDB {
			tt := k.totals[t.ID]
			fmt.Fprintf(tw, "\t%d\t%d", tt.Mentions, tt.Articles)
		}
		fmt.Fprintln(tw)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	_, err := fmt.Fprintf(e.stdout, "%d terms; lexicon version %s (%s)\n", len(k.cfg.Terms), or(k.current, "unknown"), or(k.origin, k.cfg.Name))
	return err
}

func showTerm(e *env, k *catalog, name string) error {
	ids, err := k.resolveTerms([]string{name})
	if err != nil {
		return err
	}
	t, _ := k.cfg.Term(ids[0])
	fmt.Fprintf(e.stdout, "id:         %s\nlabel:      %s\nchinese:    %s\nenglish:    %s\ncategories: %s\n",
		t.ID, t.Label, strings.Join(t.Zh, " / "), strings.Join(t.En, " / "), strings.Join(t.Categories, ", "))
	fmt.Fprintln(e.stdout, "matching:   traditional script, full-width and quoted forms count too; English is case-insensitive, hyphen = space")
	if t.Ambiguous {
		fmt.Fprintln(e.stdout, "ambiguous:  yes, every form is boundary-checked with gse")
	}
	if t.Notes != "" {
		fmt.Fprintf(e.stdout, "notes:      %s\n", t.Notes)
	}
	if k.db == "" {
		return nil
	}
	tt := k.totals[t.ID]
	fmt.Fprintf(e.stdout, "stored:     %d mentions in %d articles\n", tt.Mentions, tt.Articles)
	var in []string
	for _, lx := range k.lexicons {
		if _, ok := lx.Term(t.ID); ok {
			in = append(in, lx.Version)
		}
	}
	_, err = fmt.Fprintf(e.stdout, "lexicons:   %s\n", or(strings.Join(in, ", "), "none recorded"))
	return err
}

func listVersions(e *env, k *catalog) error {
	if len(k.lexicons) == 0 {
		_, err := fmt.Fprintf(e.stdout, "The %s records no lexicon (it was made before tifa recorded them); the next crawl or retag --config records its own.\n", k.cfg.Name)
		return err
	}
	articles := map[string]int{}
	for _, v := range k.versions {
		articles[v.Version] = v.Articles
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "version\tterms\tarticles\tfirst used\tlast used\tfrom")
	for i, lx := range k.lexicons {
		first, last := "-", "-"
		if !lx.FirstUse.IsZero() {
			first, last = lx.FirstUse.Format("2006-01-02 15:04Z"), lx.LastUse.Format("2006-01-02 15:04Z")
		}
		mark := ""
		if i == 0 && !lx.FirstUse.IsZero() {
			mark = " (current)"
		}
		fmt.Fprintf(tw, "%s%s\t%d\t%d\t%s\t%s\t%s\n", lx.Version, mark, len(lx.Terms), articles[lx.Version], first, last, lx.Origin)
	}
	return tw.Flush()
}

func checkTerms(e *env, cfg *config.Config) error {
	var terms []tagger.Term
	for _, t := range ingest.Terms(cfg) {
		// A term the database holds counts of but no record describes has
		// no forms to check.
		if len(t.Zh)+len(t.En) > 0 {
			terms = append(terms, t)
		}
	}
	// The check asks gse as the tagger will see it: with the lexicon pinned.
	seg, err := e.segs.New(tagger.FormsOf(terms))
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

func or(s, def string) string {
	if s == "" {
		return def
	}
	return s
}
