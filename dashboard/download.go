package dashboard

import (
	"bytes"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/tifa-project/tifa/report"
)

// handleCSV is /download.csv: the long CSV of tifa export csv for the
// page's view (shape=wide: the chart's table, as --shape wide writes it).
func (s *Server) handleCSV(w http.ResponseWriter, r *http.Request) {
	v, err := s.request(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	q := v.Query
	q.Merged = v.Shape == "wide"
	ser, err := report.Build(r.Context(), s.db, q)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	// Written whole before the first byte goes out, so an error is still a
	// 500 rather than a truncated file that looks complete.
	var b bytes.Buffer
	if v.Shape == "wide" {
		err = report.WriteWideCSV(&b, ser, v.Measure, s.labels, report.UTF8)
	} else {
		err = report.WriteCSVEncoded(&b, ser, report.UTF8)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.attach(w, "text/csv; charset=utf-8", filename(v, "csv"), b.Bytes())
}

// handleXLSX is /download.xlsx: the workbook of tifa export xlsx, About
// sheet filled as that command fills it.
func (s *Server) handleXLSX(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	v, err := s.request(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	ser, err := report.Build(ctx, s.db, v.Query)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	cov, err := s.db.Coverage(ctx, v.Query.Filter)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	about := report.About{Generated: time.Now(), Lexicon: s.lexicon, Coverage: cov, Labels: s.labels, Measure: v.Measure}
	var b bytes.Buffer
	if err := report.WriteXLSX(&b, ser, about); err != nil {
		s.fail(w, r, err)
		return
	}
	s.attach(w, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", filename(v, "xlsx"), b.Bytes())
}

func (s *Server) attach(w http.ResponseWriter, contentType, name string, body []byte) {
	h := w.Header()
	h.Set("Content-Type", contentType)
	h.Set("Content-Disposition", fmt.Sprintf("attachment; filename=%q", name))
	h.Set("Content-Length", fmt.Sprint(len(body)))
	w.Write(body)
}

// filename names a download after what it holds, in ASCII (term ids are),
// so it sorts and survives every browser: tifa-TERM-FROM-TO-BY.csv.
func filename(v view, ext string) string {
	q := v.Query
	parts := []string{"tifa"}
	switch n := len(q.Terms); {
	case n == 1:
		parts = append(parts, q.Terms[0])
	case n > 1:
		parts = append(parts, fmt.Sprintf("%s-and-%d-more", q.Terms[0], n-1))
	}
	if q.From != "" || q.To != "" {
		parts = append(parts, orOpen(q.From)+"_"+orOpen(q.To))
	}
	parts = append(parts, q.By)
	if q.Originals {
		parts = append(parts, "originals")
	}
	if q.FrontPage {
		parts = append(parts, "front-page")
	}
	return strings.Join(parts, "-") + "." + ext
}

func orOpen(day string) string {
	if day == "" {
		return "open"
	}
	return day
}
