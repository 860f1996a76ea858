package dashboard

import (
	"context"
	"fmt"

	"github.com/tifa-project/tifa/report"
)

// frontRow sits under the breakdown's total: of the mentions counted, the
// share in People's Daily print-edition articles on page 01 (版次 01), the
// weight the paper itself gave a term.
type frontRow struct {
	Articles int // front-page articles stored in the range
	Terms    []frontShare
}

type frontShare struct {
	Term     string  `json:"term"`
	Mentions int     `json:"front_mentions"`
	Of       int     `json:"mentions"`
	Share    float64 `json:"front_share"`
	Shown    string  `json:"shown"`
}

// frontPage counts the view's terms on the front page over its range and
// sets them beside total, the breakdown's last row (all sources, or the
// only one); nil when the view has no terms or nothing is stored.
func (s *Server) frontPage(ctx context.Context, v view, total *sourceRow) (*frontRow, error) {
	if total == nil || len(v.Query.Terms) == 0 || v.Query.FrontPage {
		return nil, nil // a front-page view is all front page
	}
	q := v.Query
	q.FrontPage, q.Merged = true, true
	t, err := report.WindowTotals(ctx, s.db, q, report.Window{From: q.From, To: q.To})
	if err != nil {
		return nil, fmt.Errorf("dashboard front page: %w", err)
	}
	fr := &frontRow{Articles: t.Store[""].Total}
	for _, ts := range total.Terms {
		c := t.Cells[report.TermSource{Term: ts.Term}]
		sh := frontShare{Term: ts.Term, Mentions: c.Mentions, Of: ts.Mentions, Shown: "-"}
		if ts.Mentions > 0 {
			sh.Share = float64(c.Mentions) / float64(ts.Mentions)
			sh.Shown = report.Share.Show(sh.Share)
		}
		fr.Terms = append(fr.Terms, sh)
	}
	return fr, nil
}
