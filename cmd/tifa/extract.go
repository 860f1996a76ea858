package main

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/tifa-project/tifa"
	"github.com/tifa-project/tifa/config"
	"github.com/tifa-project/tifa/extract"
)

// extracted is the JSON tifa extract prints; published is RFC 3339 in China
// time, or empty when the page gives no date.
type extracted struct {
	URL             string `json:"url"`
	Source          string `json:"source"`
	Title           string `json:"title"`
	Subtitle        string `json:"subtitle,omitempty"`
	Kicker          string `json:"kicker,omitempty"`
	Published       string `json:"published"`
	PublishedSource string `json:"published_source"`
	Author          string `json:"author,omitempty"`
	Editor          string `json:"editor,omitempty"`
	Origin          string `json:"origin,omitempty"`
	PrintPage       string `json:"print_page,omitempty"`
	Fingerprint     string `json:"fingerprint"` // hex, so JSON readers do not round a uint64
	Body            string `json:"body"`
	Lang            string `json:"lang"`
	Charset         string `json:"charset"`
	Method          string `json:"method"`
}

func runExtract(ctx context.Context, e *env, args []string) error {
	fs := flagSet(e, "extract", "[--url URL] [--config FILE] FILE|-",
		"Run the extractor on one saved page and print JSON: url, source, title, published (RFC 3339,\n"+
			"China time), body (paragraphs separated by newlines), lang, charset and method (the site rule\n"+
			"used, or generic). Works on pages of unknown sites too.")
	pageURL := fs.String("url", "", "the page's original `URL` (picks the site rule; default: taken from the page if it says)")
	var c common
	c.registerConfig(fs)
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usagef("give one page file, or - for standard input")
	}
	cfg, err := c.loadConfig()
	if err != nil {
		return err
	}
	raw, err := readInput(e, fs.Arg(0), cfg.Limits.BodyBytes())
	if err != nil {
		return err
	}
	art, err := extract.Extract(*pageURL, raw, "")
	if err != nil {
		return fmt.Errorf("%s: %w", fs.Arg(0), err)
	}
	enc := json.NewEncoder(e.stdout)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(toExtracted(cfg, &art.Article))
}

func toExtracted(cfg *config.Config, a *tifa.Article) extracted {
	out := extracted{
		URL: a.URL, Source: a.Source, Title: a.Title, Subtitle: a.Subtitle, Kicker: a.Kicker,
		PublishedSource: a.PublishedSource, Author: a.Author, Editor: a.Editor, Origin: a.Origin,
		PrintPage: a.PrintPage, Fingerprint: fmt.Sprintf("%016x", a.Fingerprint),
		Body: a.Body, Lang: a.Lang, Charset: a.Charset, Method: a.Method,
	}
	if out.Source == "" && a.URL != "" {
		if s, ok := cfg.SourceForURL(a.URL); ok {
			out.Source = s.ID
		}
	}
	if !a.Published.IsZero() {
		out.Published = a.Published.In(tifa.China).Format(time.RFC3339)
	}
	return out
}
