package dashboard

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/tifa-project/tifa"
	"github.com/tifa-project/tifa/report"
)

// maxTerms keeps a chart readable and a request cheap.
const maxTerms = 10

// defaultTerms is how many of the most mentioned terms the first view
// charts: enough for a story, few enough to read.
const defaultTerms = 3

// paramError is a request parameter the caller got wrong: a 400 with a
// message, never a query built from the value.
type paramError struct{ msg string }

func (e *paramError) Error() string { return e.msg }

func badParam(format string, args ...any) error {
	return &paramError{fmt.Sprintf(format, args...)}
}

// view is one validated request: what to count and how to show it. Every
// route takes the same parameters, so a download repeats the page exactly.
type view struct {
	Query   report.Query
	Measure report.Measure
	Limit   int    // snippets
	Shape   string // CSV: long or wide
}

// known lists every parameter a route accepts; others are mistakes
// (a misspelt "terms" would otherwise silently show the default).
var known = map[string]bool{"term": true, "source": true, "from": true, "to": true, "by": true,
	"measure": true, "originals": true, "front": true, "limit": true, "shape": true}

// request parses a request's query strictly: url.URL.Query drops pairs it
// cannot parse (a ';' in a value), which would show the default instead of
// saying what was wrong.
func (s *Server) request(r *http.Request) (view, error) {
	vals, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		return view{}, badParam("query string: %v", err)
	}
	return s.parseView(r.Context(), vals)
}

// parseView checks the parameters against the configuration and fills in
// the defaults (the most mentioned terms over everything stored, by week).
func (s *Server) parseView(ctx context.Context, vals url.Values) (view, error) {
	v := view{Measure: report.Share, Limit: 20, Shape: "long", Query: report.Query{By: report.Week}}
	for k, vs := range vals {
		if !known[k] {
			return v, badParam("unknown parameter %q; the dashboard takes term, source, from, to, by, measure, originals, front, limit and shape", k)
		}
		if len(vs) > 1 && k != "term" && k != "source" {
			return v, badParam("parameter %q given %d times; give it once", k, len(vs))
		}
	}
	var err error
	f := &v.Query.Filter
	if f.Terms, err = s.terms(vals["term"]); err != nil {
		return v, err
	}
	if f.Sources, err = s.sources(vals["source"]); err != nil {
		return v, err
	}
	f.From, f.To = vals.Get("from"), vals.Get("to")
	if err := (tifa.Range{From: f.From, To: f.To}).Check(); err != nil {
		return v, badParam("%v", err) // a URL's parameters are named as the domain names them
	}
	if by := vals.Get("by"); by != "" {
		if _, err := report.PeriodOf("2024-01-01", by); err != nil {
			return v, badParam("by %q: use day, week or month", by)
		}
		v.Query.By = by
	}
	if m := vals.Get("measure"); m != "" {
		if v.Measure, err = report.ParseMeasure(m); err != nil {
			return v, badParam("%v", err)
		}
	}
	if v.Query.Originals, err = boolParam("originals", vals.Get("originals")); err != nil {
		return v, err
	}
	// front=1 is tifa's --front-page: People's Daily page-01 articles only.
	if v.Query.FrontPage, err = boolParam("front", vals.Get("front")); err != nil {
		return v, err
	}
	if l := vals.Get("limit"); l != "" {
		if v.Limit, err = strconv.Atoi(l); err != nil || v.Limit < 1 || v.Limit > 200 {
			return v, badParam("limit %q: a number from 1 to 200", l)
		}
	}
	if sh := vals.Get("shape"); sh != "" {
		if sh != "long" && sh != "wide" {
			return v, badParam("shape %q: use long or wide", sh)
		}
		v.Shape = sh
	}
	if err := s.defaults(ctx, &v); err != nil {
		return v, err
	}
	if f.From != "" && f.To != "" {
		if err := report.CheckRange(f.From, f.To, v.Query.By); err != nil {
			return v, badParam("%v", err)
		}
	}
	return v, nil
}

// terms resolves term ids (repeated or comma-separated) against the lexicon.
func (s *Server) terms(vals []string) ([]string, error) {
	ids := split(vals)
	for _, id := range ids {
		if _, ok := s.cfg.Term(id); !ok {
			return nil, badParam("unknown term %q; the configured terms are listed in the picker and by tifa terms list", id)
		}
	}
	if len(ids) > maxTerms {
		return nil, badParam("%d terms: the dashboard shows at most %d at a time", len(ids), maxTerms)
	}
	return ids, nil
}

// sources resolves source ids against the configuration.
func (s *Server) sources(vals []string) ([]string, error) {
	ids := split(vals)
	for _, id := range ids {
		if _, ok := s.cfg.Source(id); !ok {
			return nil, badParam("unknown source %q; the configured sources are listed in the picker and by tifa config show", id)
		}
	}
	return ids, nil
}

// split takes repeated and comma-separated values, without repeats.
func split(vals []string) []string {
	var out []string
	seen := map[string]bool{}
	for _, v := range vals {
		for _, id := range strings.Split(v, ",") {
			if id = strings.TrimSpace(id); id != "" && !seen[id] {
				seen[id] = true
				out = append(out, id)
			}
		}
	}
	return out
}

func boolParam(name, v string) (bool, error) {
	switch v {
	case "", "0", "false", "off":
		return false, nil
	case "1", "true", "on":
		return true, nil
	}
	return false, badParam("%s %q: use 1 or 0", name, v)
}

// defaults fills what the request left open, so that the page, its links
// and its downloads all name the same explicit range and terms: the whole
// stored range, and the terms most mentioned in it (a first view of the
// first configured term may well be a flat line).
func (s *Server) defaults(ctx context.Context, v *view) error {
	f := &v.Query.Filter
	if f.From == "" || f.To == "" {
		first, last, err := s.stored(ctx, f.Sources)
		if err != nil {
			return err
		}
		if last != "" {
			if f.To == "" {
				f.To = max(last, f.From)
			}
			if f.From == "" {
				f.From = min(first, f.To)
			}
		}
	}
	if len(f.Terms) > 0 {
		return nil
	}
	if f.From != "" {
		// All articles, reprints included, even for an originals view:
		// ranking needs the stored aggregates only.
		top, err := s.db.MostMentioned(ctx, tifa.Filter{Sources: f.Sources, From: f.From, To: f.To}, 4*defaultTerms)
		if err != nil {
			return fmt.Errorf("dashboard default terms: %w", err)
		}
		for _, id := range top {
			if _, ok := s.cfg.Term(id); ok && len(f.Terms) < defaultTerms {
				f.Terms = append(f.Terms, id)
			}
		}
	}
	if len(f.Terms) == 0 && len(s.cfg.Terms) > 0 {
		f.Terms = []string{s.cfg.Terms[0].ID} // nothing mentioned yet
	}
	return nil
}

// stored is the first and last day with stored articles of the sources.
func (s *Server) stored(ctx context.Context, sources []string) (first, last string, err error) {
	cov, err := s.db.Coverage(ctx, tifa.Filter{Sources: sources})
	if err != nil {
		return "", "", fmt.Errorf("dashboard coverage: %w", err)
	}
	for _, c := range cov {
		if first == "" || c.First < first {
			first = c.First
		}
		last = max(last, c.Last)
	}
	return first, last, nil
}

// values turns a view back into query parameters, for links and downloads.
func (v view) values() url.Values {
	q := v.Query
	out := url.Values{}
	for _, t := range q.Terms {
		out.Add("term", t)
	}
	for _, src := range q.Sources {
		out.Add("source", src)
	}
	if q.From != "" {
		out.Set("from", q.From)
	}
	if q.To != "" {
		out.Set("to", q.To)
	}
	out.Set("by", q.By)
	out.Set("measure", string(v.Measure))
	if q.Originals {
		out.Set("originals", "1")
	}
	if q.FrontPage {
		out.Set("front", "1")
	}
	return out
}
