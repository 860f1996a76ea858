package dashboard

import (
	"bytes"
	"context"
	"errors"
	"html/template"
	"net/http"
	"net/url"

	"github.com/tifa-project/tifa/report"
)

// pageData is everything the page template shows.
type pageData struct {
	View      view
	Links     links // the view's downloads and JSON, same parameters
	Terms     []option
	Sources   []option
	Periods   []option
	Measures  []option
	Counting  string
	Stored    [2]string // first and last stored day of the selected sources
	Chart     chart
	Breakdown []sourceRow
	Front     *frontRow // the front-page share beside the breakdown's total
	Columns   []string  // the breakdown's term columns, labelled
	Snippets  snippetList
	Error     string
}

// links are built here, whole, because html/template escapes a query
// string spliced into an href as data.
type links struct {
	CSV, Wide, XLSX, Series, Snippets template.URL
}

func linksFor(v view) links {
	p := v.values().Encode()
	return links{
		CSV:      template.URL("/download.csv?" + p),
		Wide:     template.URL("/download.csv?" + p + "&shape=wide"),
		XLSX:     template.URL("/download.xlsx?" + p),
		Series:   template.URL("/api/series?" + p),
		Snippets: template.URL("/api/snippets?" + p),
	}
}

type option struct {
	Value, Label string
	Selected     bool
}

type snippetList struct{ Term, Label string }

func (s *Server) handlePage(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	v, err := s.request(r)
	status := http.StatusOK
	var d pageData
	var pe *paramError
	switch {
	case errors.As(err, &pe):
		// Show the pickers again with the defaults and say what was wrong.
		status = http.StatusBadRequest
		if v, err = s.parseView(ctx, url.Values{}); err != nil {
			s.fail(w, r, err)
			return
		}
		d = s.pickers(v)
		d.Error = pe.Error()
	case err != nil:
		s.fail(w, r, err)
		return
	default:
		if d, err = s.pageFor(ctx, v); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	// Render to a buffer: a template error must not leave half a page
	// under a 200.
	var b bytes.Buffer
	if err := s.page.Execute(&b, d); err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	b.WriteTo(w)
}

// pageFor runs the view's queries for the chart and the breakdown.
func (s *Server) pageFor(ctx context.Context, v view) (pageData, error) {
	d := s.pickers(v)
	first, last, err := s.stored(ctx, v.Query.Sources)
	if err != nil {
		return d, err
	}
	d.Stored = [2]string{first, last}
	ser, err := s.build(ctx, v)
	if err != nil {
		return d, err
	}
	d.Chart = newChart(ser, v.Measure, s.labels, s.Calendar)
	d.Breakdown = s.breakdown(ser, v.Measure)
	if n := len(d.Breakdown); n > 0 {
		if d.Front, err = s.frontPage(ctx, v, &d.Breakdown[n-1]); err != nil {
			return d, err
		}
	}
	for _, t := range ser.Terms {
		d.Columns = append(d.Columns, labelOr(s.labels, t))
	}
	// The sentences come from /api/snippets after the page shows: on a
	// large database finding the newest articles mentioning a common term
	// takes longer than everything else on the page together.
	if len(v.Query.Terms) > 0 {
		term := v.Query.Terms[0]
		d.Snippets = snippetList{Term: term, Label: labelOr(s.labels, term)}
	}
	return d, nil
}

// pickers fills the form from the configuration, with the view selected.
func (s *Server) pickers(v view) pageData {
	d := pageData{View: v, Links: linksFor(v), Counting: v.Query.Counting()}
	chosen := func(ids []string) map[string]bool {
		m := map[string]bool{}
		for _, id := range ids {
			m[id] = true
		}
		return m
	}
	terms, sources := chosen(v.Query.Terms), chosen(v.Query.Sources)
	for _, t := range s.cfg.Terms {
		d.Terms = append(d.Terms, option{t.ID, t.Label, terms[t.ID]})
	}
	for _, src := range s.cfg.Sources {
		d.Sources = append(d.Sources, option{src.ID, src.Name + "  " + src.ID, sources[src.ID]})
	}
	for _, by := range []string{report.Day, report.Week, report.Month} {
		d.Periods = append(d.Periods, option{by, by, v.Query.By == by})
	}
	for _, m := range []report.Measure{report.Share, report.Mentions, report.Articles, report.Per10k} {
		d.Measures = append(d.Measures, option{string(m), m.Title(), v.Measure == m})
	}
	return d
}
