package dashboard

import (
	"encoding/json"
	"net/http"

	"github.com/tifa-project/tifa/report"
)

// seriesJSON is /api/series: the chart's points (summed over the selected
// sources, absent where no articles were stored) and the source breakdown.
type seriesJSON struct {
	Counting  string      `json:"counting"`
	Originals bool        `json:"originals"`
	Measure   string      `json:"measure"`
	By        string      `json:"by"`
	From      string      `json:"from"`
	To        string      `json:"to"`
	Periods   []string    `json:"periods"`
	Terms     []termJSON  `json:"terms"`
	Points    []pointJSON `json:"points"`
	BySource  []sourceRow `json:"by_source"`
}

type termJSON struct {
	ID    string `json:"id"`
	Label string `json:"label"`
}

type pointJSON struct {
	Period   string  `json:"period"`
	Term     string  `json:"term"`
	Mentions int     `json:"mentions"`
	Nested   int     `json:"nested"`
	Articles int     `json:"articles"`
	Total    int     `json:"articles_stored"`
	Chars    int     `json:"chars_stored"`
	Value    float64 `json:"value"`
}

func (s *Server) handleSeries(w http.ResponseWriter, r *http.Request) {
	v, err := s.request(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	ser, err := s.build(r.Context(), v)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	q := v.Query
	out := seriesJSON{Counting: q.Counting(), Originals: q.Originals, Measure: string(v.Measure), By: q.By,
		From: q.From, To: q.To, Periods: ser.Periods, Points: []pointJSON{}, BySource: s.breakdown(ser, v.Measure)}
	sums := ser.ByTerm()
	for _, t := range ser.Terms {
		out.Terms = append(out.Terms, termJSON{t, s.labels[t]})
		for _, p := range ser.Periods {
			c, ok := sums[report.PeriodTerm{Period: p, Term: t}]
			if !ok {
				continue
			}
			out.Points = append(out.Points, pointJSON{p, t, c.Mentions, c.Nested, c.Articles, c.Total, c.Chars, v.Measure.Of(c)})
		}
	}
	s.writeJSON(w, r, out)
}

type snippetJSON struct {
	Day       string `json:"day"`
	Source    string `json:"source"`
	Origin    string `json:"origin"`
	PrintPage string `json:"print_page"`
	Title     string `json:"title"`
	Sentence  string `json:"sentence"`
	URL       string `json:"url"`
}

// handleSnippets is /api/snippets: the sentences mentioning the first
// term given, newest first, as tifa snippets lists them.
func (s *Server) handleSnippets(w http.ResponseWriter, r *http.Request) {
	v, err := s.request(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	out := []snippetJSON{}
	if len(v.Query.Terms) > 0 {
		snips, err := report.Snippets(r.Context(), s.db, v.Query, v.Query.Terms[0], v.Limit)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		for _, x := range snips {
			out = append(out, snippetJSON{x.Day, x.Source, x.Origin, x.PrintPage, x.Title, x.Sentence, x.URL})
		}
	}
	s.writeJSON(w, r, out)
}

func (s *Server) writeJSON(w http.ResponseWriter, r *http.Request, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Write(b)
}
