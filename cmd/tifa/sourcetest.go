package main

import (
	"context"
	"fmt"
	"io"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/tifa-project/tifa"
	"github.com/tifa-project/tifa/config"
	"github.com/tifa-project/tifa/crawler"
)

func runSourcesTest(ctx context.Context, e *env, args []string) error {
	fs := flagSet(e, "sources test", "ID [--config FILE] [--articles N]",
		"Try a source while writing it: fetch its start pages, feeds and sitemaps as a crawl would\n"+
			"(robots.txt, delay), list every link found and which pattern took it (article, listing, none),\n"+
			"point out near misses, then extract a few article links and show what would be stored.\n"+
			"Writes nothing to the database. Exits 1 when no link matched an article pattern.")
	var c common
	c.register(fs, e)
	articles := fs.Int("articles", 3, "extract this many sample `N` articles")
	pos, err := parseInterleaved(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("give one source ID")
	}
	if *articles < 0 {
		return usagef("--articles must not be negative")
	}
	cfg, err := c.loadConfig()
	if err != nil {
		return err
	}
	srcs, err := sourcesFor(cfg, list{pos[0]})
	if err != nil {
		return err
	}
	src := srcs[0]
	// No database: a test must leave the crawl's state as it was.
	cr, err := newCrawler(e, cfg, nil, nil, nil)
	if err != nil {
		return err
	}
	p, err := cr.Test(ctx, src, *articles)
	if err != nil {
		return err
	}
	printProbe(e.stdout, src, p)
	if why := p.NoArticleReason(); why != "" {
		return fmt.Errorf("source %s: %s", src.ID, why)
	}
	return nil
}

// printProbe writes the pages, their links by verdict, and the samples.
func printProbe(w io.Writer, src *config.Source, p *crawler.Probe) {
	fmt.Fprintf(w, "source %s\n", src.ID)
	for _, pat := range src.Article {
		fmt.Fprintf(w, "  article pattern  %s\n", pat)
	}
	for _, pat := range src.Listings {
		fmt.Fprintf(w, "  listing pattern  %s\n", pat)
	}
	fmt.Fprintf(w, "  hosts            %s\n", strings.Join(src.Hosts, " "))
	fmt.Fprintln(w)
	byPage := map[string][]crawler.ProbeLink{}
	for _, l := range p.Links {
		byPage[l.From] = append(byPage[l.From], l)
	}
	verdicts := map[string]int{}
	for _, pg := range p.Pages {
		if pg.Error != "" {
			fmt.Fprintf(w, "page %s: %s\n", pg.URL, pg.Error)
			continue
		}
		fmt.Fprintf(w, "page %s (HTTP %d, new links: %d)\n", pg.URL, pg.Status, len(byPage[pg.URL]))
		for _, l := range byPage[pg.URL] {
			printLink(w, l, verdicts)
		}
		delete(byPage, pg.URL)
	}
	// Links of feeds and sitemaps, whose items are not <a> on a page.
	var rest []string
	for from := range byPage {
		rest = append(rest, from)
	}
	sort.Strings(rest)
	for _, from := range rest {
		if from != "" {
			fmt.Fprintf(w, "links first seen on %s\n", from)
		} else {
			fmt.Fprintln(w, "feed and sitemap items")
		}
		for _, l := range byPage[from] {
			printLink(w, l, verdicts)
		}
	}
	fmt.Fprintf(w, "\n%d article links, %d listing links, %d others (%d near misses)\n",
		verdicts[crawler.LinkArticle], verdicts[crawler.LinkListing], verdicts[crawler.LinkNone], verdicts["near"])
	for i, s := range p.Samples {
		fmt.Fprintf(w, "\nsample %d of %d: %s\n", i+1, len(p.Samples), s.URL)
		printSample(w, s)
	}
}

func printLink(w io.Writer, l crawler.ProbeLink, verdicts map[string]int) {
	verdicts[l.Verdict]++
	fmt.Fprintf(w, "  %-8s %s\n", l.Verdict, l.URL)
	if l.NearMiss != "" {
		verdicts["near"]++
		fmt.Fprintf(w, "           near miss, %s\n", l.NearMiss)
	}
}

func printSample(w io.Writer, s crawler.ProbeSample) {
	if s.Answered != "" && s.Answered != s.URL {
		fmt.Fprintf(w, "  answered   %s\n", s.Answered)
	}
	if s.Error != "" {
		fmt.Fprintf(w, "  FAILED     %s\n", s.Error)
		return
	}
	a := s.Article
	fmt.Fprintf(w, "  title      %s\n", a.Title)
	if a.Published.IsZero() {
		fmt.Fprintln(w, "  published  (the page gives no date: a crawl would date it by the feed, or by the crawl itself)")
	} else {
		fmt.Fprintf(w, "  published  %s (from the %s)\n", a.Published.In(tifa.China).Format(time.DateTime), a.PublishedSource)
	}
	fmt.Fprintf(w, "  method     %s\n", a.Method)
	fmt.Fprintf(w, "  body       %d characters, %d paragraphs\n", utf8.RuneCountInString(a.Body), strings.Count(a.Body, "\n")+1)
	lines := strings.Split(a.Body, "\n")
	for _, l := range lines[:min(3, len(lines))] {
		if utf8.RuneCountInString(l) > 60 {
			l = string([]rune(l)[:60]) + "…"
		}
		fmt.Fprintf(w, "    | %s\n", l)
	}
	var terms []string
	for t, n := range s.Terms {
		terms = append(terms, fmt.Sprintf("%s=%d", t, n))
	}
	sort.Strings(terms)
	if len(terms) == 0 {
		terms = []string{"(none of the configured terms)"}
	}
	fmt.Fprintf(w, "  terms      %s\n", strings.Join(terms, " "))
}
