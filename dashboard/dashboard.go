// Package dashboard is tifa's local web page: the report's queries behind
// term and source pickers, a trend chart, a source breakdown, snippets and
// downloads of exactly what is shown. It only reads the database.
package dashboard

import (
	"embed"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"

	"github.com/tifa-project/tifa/config"
	"github.com/tifa-project/tifa/report"
	"github.com/tifa-project/tifa/store"
)

//go:embed static templates
var assets embed.FS

// Server answers the dashboard's routes. It holds no state between
// requests but the database handle, so any number may run at once.
type Server struct {
	db     *store.DB
	cfg    *config.Config
	log    *slog.Logger
	labels report.Labels
	page   *template.Template
	mux    *http.ServeMux
}

// New builds the dashboard over db, which the caller should open with
// store.OpenReadOnly: the dashboard never writes, and a read-only handle
// makes that a property of the connection rather than a promise.
func New(db *store.DB, cfg *config.Config, log *slog.Logger) (*Server, error) {
	page, err := template.New("page.html").Funcs(funcs).ParseFS(assets, "templates/*.html")
	if err != nil {
		return nil, fmt.Errorf("dashboard templates: %w", err)
	}
	static, err := fs.Sub(assets, "static")
	if err != nil {
		return nil, fmt.Errorf("dashboard assets: %w", err)
	}
	s := &Server{db: db, cfg: cfg, log: log, page: page, mux: http.NewServeMux(), labels: report.Labels{}}
	for _, t := range cfg.Terms {
		s.labels[t.ID] = t.Label
	}
	// GET patterns also answer HEAD; anything else gets 405 from the mux.
	s.mux.HandleFunc("GET /{$}", s.handlePage)
	s.mux.HandleFunc("GET /api/series", s.handleSeries)
	s.mux.HandleFunc("GET /api/snippets", s.handleSnippets)
	s.mux.HandleFunc("GET /download.csv", s.handleCSV)
	s.mux.HandleFunc("GET /download.xlsx", s.handleXLSX)
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
	s.mux.ServeHTTP(w, r)
}

// fail answers a request that could not be served: a bad parameter is the
// caller's to fix and says so; anything else is logged and kept vague.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	var pe *paramError
	if errors.As(err, &pe) {
		http.Error(w, pe.Error(), http.StatusBadRequest)
		return
	}
	if r.Context().Err() != nil {
		return // the client left; nobody to tell
	}
	s.log.Error("dashboard request failed", "path", r.URL.Path, "query", r.URL.RawQuery, "err", err)
	http.Error(w, "internal error; the server log says more", http.StatusInternalServerError)
}
