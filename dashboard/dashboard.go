// Package dashboard is tifa's local web page: the report's queries behind
// term and source pickers, a trend chart, a source breakdown, snippets and
// downloads of exactly what is shown. It only reads the database.
package dashboard

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"

	"github.com/tifa-project/tifa/calendar"
	"github.com/tifa-project/tifa/config"
	"github.com/tifa-project/tifa/report"
)

//go:embed static templates
var assets embed.FS

// Server answers the dashboard's routes. It holds no state between
// requests but the database handle, so any number may run at once.
type Server struct {
	db      Reader
	cfg     *config.Config
	log     *slog.Logger
	labels  report.Labels
	lexicon string // the version of cfg's terms, for what a download says it counted with
	page    *template.Template
	mux     *http.ServeMux
	hosts   hosts
	// Calendar holds the events the chart marks: the shipped calendar
	// unless the caller adds the configuration's events (tifa serve does);
	// nil marks none.
	Calendar *calendar.Calendar
	// HostHelp says, to a request for a host not allowed, how whoever runs
	// the dashboard allows one (tifa serve: --public --host NAME).
	HostHelp string
}

// New builds the dashboard over db, which the caller should open read-only
// (sqlite.OpenReadOnly): the dashboard never writes, and a read-only handle
// makes that a property of the connection rather than a promise. lexicon is
// the version of cfg's terms (ingest.LexiconOf), which downloads name.
func New(db Reader, cfg *config.Config, lexicon string, log *slog.Logger) (*Server, error) {
	page, err := template.New("page.html").Funcs(funcs).ParseFS(assets, "templates/*.html")
	if err != nil {
		return nil, fmt.Errorf("dashboard templates: %w", err)
	}
	static, err := fs.Sub(assets, "static")
	if err != nil {
		return nil, fmt.Errorf("dashboard assets: %w", err)
	}
	s := &Server{db: db, cfg: cfg, lexicon: lexicon, log: log, page: page, mux: http.NewServeMux(), labels: report.Labels{}, hosts: loopbackHosts(),
		Calendar: calendar.Default()}
	for _, t := range cfg.Terms {
		s.labels[t.ID] = t.Label
	}
	// GET patterns also answer HEAD; anything else gets 405 from the mux.
	s.mux.HandleFunc("GET /{$}", s.read((*Server).handlePage))
	s.mux.HandleFunc("GET /api/series", s.read((*Server).handleSeries))
	s.mux.HandleFunc("GET /api/snippets", s.read((*Server).handleSnippets))
	s.mux.HandleFunc("GET /download.csv", s.read((*Server).handleCSV))
	s.mux.HandleFunc("GET /download.xlsx", s.read((*Server).handleXLSX))
	s.mux.Handle("GET /static/", http.StripPrefix("/static/", http.FileServerFS(static)))
	return s, nil
}

// ServeHTTP adds the headers every answer carries: nothing from elsewhere
// may load (the page needs no network beyond this server), and browsers
// must not guess content types.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "no-referrer")
	if !s.hosts.allow(r.Host) {
		// A page elsewhere whose name was made to resolve to this address
		// (DNS rebinding) sends its own name: it gets nothing.
		msg := fmt.Sprintf("host %q is not this dashboard's address", r.Host)
		if s.HostHelp != "" {
			msg += " (" + s.HostHelp + ")"
		}
		http.Error(w, msg, http.StatusMisdirectedRequest)
		return
	}
	s.mux.ServeHTTP(w, r)
}

// read runs a handler under one read snapshot, carried by the request's
// context: every query of the request sees the same moment, however many
// it runs while a crawl writes.
func (s *Server) read(h func(*Server, http.ResponseWriter, *http.Request)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		err := s.db.Read(r.Context(), func(ctx context.Context) error {
			h(s, w, r.WithContext(ctx))
			return nil
		})
		if err != nil {
			s.fail(w, r, err)
		}
	}
}

// fail answers a request that could not be served: a bad parameter is the
// caller's to fix and says so; anything else is logged and kept vague.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	var pe *paramError
	var re *report.RangeError
	if errors.As(err, &pe) || errors.As(err, &re) {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	if r.Context().Err() != nil {
		return // the client left; nobody to tell
	}
	s.log.Error("dashboard request failed", "path", r.URL.Path, "query", r.URL.RawQuery, "err", err)
	http.Error(w, "internal error; the server log says more", http.StatusInternalServerError)
}
