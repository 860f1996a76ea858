package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/tifa-project/tifa/extract"
)

// evalPage is one saved page with a truth file beside it.
type evalPage struct {
	path  string // the .html file
	dir   string // the argument it was found under
	truth extract.Truth
}

// evalTally sums the scores of one extractor over many pages.
type evalTally struct {
	pages, failed             int
	f1Sum                     float64
	bodies                    int
	titleOK, titles           int
	dateOK, dates             int
	snippetsOK, snippetsTotal int
}

func (t *evalTally) add(s extract.Scores, truth extract.Truth, err error) {
	t.pages++
	if err != nil {
		t.failed++
	}
	if s.BodyChecked || (err != nil && truth.Body != nil && *truth.Body != "") {
		t.bodies++
		t.f1Sum += s.F1
	}
	if s.TitleChecked || (err != nil && truth.Title != nil && *truth.Title != "") {
		t.titles++
		if s.TitleOK {
			t.titleOK++
		}
	}
	if s.DateChecked || (err != nil && truth.Published != nil && *truth.Published != "") {
		t.dates++
		if s.DateOK {
			t.dateOK++
		}
	}
	n := len(truth.BodyMustContain) + len(truth.BodyMustNotContain)
	t.snippetsTotal += n
	if err == nil {
		t.snippetsOK += n - len(s.MissingSnippets) - len(s.ForbiddenSnippets)
	}
}

func (t *evalTally) summary() string {
	ratio := func(ok, n int) string {
		if n == 0 {
			return "-"
		}
		return fmt.Sprintf("%d/%d=%.0f%%", ok, n, 100*float64(ok)/float64(n))
	}
	f1 := "-"
	if t.bodies > 0 {
		f1 = fmt.Sprintf("%.3f (n=%d)", t.f1Sum/float64(t.bodies), t.bodies)
	}
	return fmt.Sprintf("body F1 %s  title %s  date %s  snippets %s  errors %d",
		f1, ratio(t.titleOK, t.titles), ratio(t.dateOK, t.dates), ratio(t.snippetsOK, t.snippetsTotal), t.failed)
}

func runEval(ctx context.Context, e *env, args []string) error {
	fs := flagSet(e, "eval", "extract [-q] DIR ...",
		"Measure the extractor against saved pages: every page.html with a page.truth.json beside it\n"+
			"(searched recursively) is extracted by tifa and by go-trafilatura alone, and scored on body F1\n"+
			"(bag of CJK characters and lower-cased latin words, NFKC), title (equal without punctuation\n"+
			"and spaces), date (calendar day, minute where the truth has a time) and body snippets.\n"+
			"Prints one line per page, then the mean of each figure for both extractors side by side:\n"+
			"for each DIR when there are several (a tuning and a held-out set, say), then over all.")
	quiet := fs.Bool("q", false, "print the summary only, not a line per page")
	if len(args) == 0 || args[0] != "extract" {
		if err := parse(fs, args); err != nil {
			return err
		}
		return usagef("say what to evaluate: tifa eval extract DIR ...")
	}
	if err := parse(fs, args[1:]); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		return usagef("give one or more directories of pages with .truth.json files")
	}
	pages, err := findEvalPages(fs.Args())
	if err != nil {
		return err
	}
	if len(pages) == 0 {
		return fmt.Errorf("no page with a .truth.json beside it under %s", strings.Join(fs.Args(), ", "))
	}
	var ours, theirs evalTally
	byDir := make(map[string]*[2]evalTally)
	if !*quiet {
		fmt.Fprintln(e.stdout, "page\tmethod\tf1\ttitle\tdate\tsnippets\ttrafilatura_f1\ttrafilatura_title\ttrafilatura_date")
	}
	for _, p := range pages {
		if err := ctx.Err(); err != nil {
			return err
		}
		raw, err := os.ReadFile(p.path)
		if err != nil {
			return fmt.Errorf("read page: %w", err)
		}
		url := ""
		if p.truth.URL != nil {
			url = *p.truth.URL
		}
		a, aErr := extract.Extract(url, raw, "")
		b, bErr := extract.Trafilatura(url, raw, "")
		sa, sb := scoreOrZero(a, aErr, p.truth), scoreOrZero(b, bErr, p.truth)
		ours.add(sa, p.truth, aErr)
		theirs.add(sb, p.truth, bErr)
		d := byDir[p.dir]
		if d == nil {
			d = new([2]evalTally)
			byDir[p.dir] = d
		}
		d[0].add(sa, p.truth, aErr)
		d[1].add(sb, p.truth, bErr)
		if !*quiet {
			writeEvalLine(e.stdout, p.path, a, aErr, sa, sb, bErr)
		}
	}
	if len(byDir) > 1 {
		for _, dir := range fs.Args() {
			if d := byDir[dir]; d != nil {
				fmt.Fprintf(e.stdout, "[%s] tifa:           %d pages  %s\n", dir, d[0].pages, d[0].summary())
				fmt.Fprintf(e.stdout, "[%s] go-trafilatura: %d pages  %s\n", dir, d[1].pages, d[1].summary())
			}
		}
	}
	fmt.Fprintf(e.stdout, "tifa:           %d pages  %s\n", ours.pages, ours.summary())
	fmt.Fprintf(e.stdout, "go-trafilatura: %d pages  %s\n", theirs.pages, theirs.summary())
	return nil
}

func scoreOrZero(a *extract.Result, err error, truth extract.Truth) extract.Scores {
	if err != nil {
		return extract.Scores{}
	}
	return extract.Score(&a.Article, truth)
}

func writeEvalLine(w io.Writer, path string, a *extract.Result, aErr error, sa, sb extract.Scores, bErr error) {
	method := "error"
	if aErr == nil {
		method = a.Method
	}
	snip := "-"
	if sa.MissingSnippets != nil || sa.ForbiddenSnippets != nil {
		snip = fmt.Sprintf("missing=%q forbidden=%q", sa.MissingSnippets, sa.ForbiddenSnippets)
	}
	fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", path, method,
		evalF1(sa, aErr), evalMark(sa.TitleChecked, sa.TitleOK, aErr), evalMark(sa.DateChecked, sa.DateOK, aErr), snip,
		evalF1(sb, bErr), evalMark(sb.TitleChecked, sb.TitleOK, bErr), evalMark(sb.DateChecked, sb.DateOK, bErr))
}

func evalF1(s extract.Scores, err error) string {
	switch {
	case err != nil:
		return "error"
	case !s.BodyChecked:
		return "-"
	}
	return fmt.Sprintf("%.3f", s.F1)
}

func evalMark(checked, ok bool, err error) string {
	switch {
	case err != nil:
		return "error"
	case !checked:
		return "-"
	case ok:
		return "ok"
	}
	return "wrong"
}

// findEvalPages walks dirs for *.html files with a *.truth.json beside them.
func findEvalPages(dirs []string) ([]evalPage, error) {
	var pages []evalPage
	for _, dir := range dirs {
		err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(path, ".html") {
				return err
			}
			f, err := os.Open(strings.TrimSuffix(path, ".html") + ".truth.json")
			if err != nil {
				return nil // a page without truth is not scored
			}
			defer f.Close()
			truth, err := extract.ParseTruth(f)
			if err != nil {
				return fmt.Errorf("%s: %w", path, err)
			}
			pages = append(pages, evalPage{path: path, dir: dir, truth: truth})
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("eval: %w", err)
		}
	}
	sort.Slice(pages, func(i, j int) bool { return pages[i].path < pages[j].path })
	return pages, nil
}
