package dashboard

import (
	"bytes"
	"context"
	"encoding/json"
	"html"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/tifa-project/tifa"
	"github.com/tifa-project/tifa/report"
)

func get(t *testing.T, h http.Handler, target string) *httptest.ResponseRecorder {
	t.Helper()
	w := httptest.NewRecorder()
	h.ServeHTTP(w, httptest.NewRequest(http.MethodGet, "http://127.0.0.1"+target, nil))
	return w
}

func TestBadParams(t *testing.T) {
	s, _, _ := fixture(t)
	for _, tc := range []struct{ name, query, want string }{
		{"unknown term", "term=no-such-term", `unknown term "no-such-term"`},
		{"sql in term", "term=x%27%20OR%201%3D1--", `unknown term "x' OR 1=1--"`},
		{"semicolon", "term=x%27;DROP%20TABLE%20articles", "query string"},
		{"unknown source", "source=bbc", `unknown source "bbc"`},
		{"bad from", "from=2024-13-01", `from "2024-13-01" is not a day`},
		{"bad to", "to=yesterday", `to "yesterday" is not a day`},
		{"reversed", "from=2024-05-01&to=2024-01-01", "from 2024-05-01 is after to 2024-01-01"},
		{"bad by", "by=year", `by "year"`},
		{"bad measure", "measure=sum", `measure "sum"`},
		{"bad originals", "originals=maybe", `originals "maybe"`},
		{"bad front", "front=yes-please", `front "yes-please"`},
		{"bad limit", "limit=0", `limit "0"`},
		{"bad shape", "shape=tall", `shape "tall"`},
		{"unknown parameter", "terms=high-quality-development", `unknown parameter "terms"`},
		{"repeated", "from=2024-01-01&from=2024-02-01", `"from" given 2 times`},
		{"too many terms", "term=" + manyTerms(s), "at most 10"},
	} {
		for _, path := range []string{"/", "/api/series", "/api/snippets", "/download.csv", "/download.xlsx"} {
			t.Run(tc.name+" "+path, func(t *testing.T) {
				w := get(t, s, path+"?"+tc.query)
				if w.Code != http.StatusBadRequest {
					t.Fatalf("got %d, want 400; body %s", w.Code, w.Body)
				}
				// The page escapes the message as HTML; the API routes send it as text.
				if body := html.UnescapeString(w.Body.String()); !strings.Contains(body, tc.want) {
					t.Errorf("got a body without %q", tc.want)
				}
			})
		}
	}
}

// manyTerms names more configured terms than a request may ask for.
func manyTerms(s *Server) string {
	var ids []string
	for _, term := range s.cfg.Terms[:maxTerms+1] {
		ids = append(ids, term.ID)
	}
	return strings.Join(ids, ",")
}

func TestReadOnlyMethods(t *testing.T) {
	s, _, _ := fixture(t)
	w := httptest.NewRecorder()
	s.ServeHTTP(w, httptest.NewRequest(http.MethodPost, "http://127.0.0.1/download.csv", nil))
	if w.Code != http.StatusMethodNotAllowed {
		t.Errorf("POST: got %d, want 405", w.Code)
	}
	if w := get(t, s, "/nothing-here"); w.Code != http.StatusNotFound {
		t.Errorf("GET /nothing-here: got %d, want 404", w.Code)
	}
}

func TestDownloads(t *testing.T) {
	s, db, _ := fixture(t)
	const params = "term=high-quality-development&term=new-quality-productive-forces&from=2024-01-01&to=2024-05-31&by=month"
	q := report.Query{By: report.Month, Filter: tifa.Filter{Terms: []string{"high-quality-development", "new-quality-productive-forces"}, From: "2024-01-01", To: "2024-05-31"}}
	for _, tc := range []struct {
		name, path, contentType, filename string
		want                              func(*report.Series) []byte
	}{
		{"long csv", "/download.csv?" + params, "text/csv; charset=utf-8", "tifa-high-quality-development-and-1-more-2024-01-01_2024-05-31-month.csv",
			func(ser *report.Series) []byte { var b bytes.Buffer; report.WriteCSV(&b, ser); return b.Bytes() }},
		{"wide csv", "/download.csv?shape=wide&measure=mentions&" + params, "text/csv; charset=utf-8", "tifa-high-quality-development-and-1-more-2024-01-01_2024-05-31-month.csv",
			func(ser *report.Series) []byte {
				var b bytes.Buffer
				report.WriteWideCSV(&b, ser, report.Mentions, s.labels, report.UTF8)
				return b.Bytes()
			}},
		{"xlsx", "/download.xlsx?" + params, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "tifa-high-quality-development-and-1-more-2024-01-01_2024-05-31-month.xlsx", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := get(t, s, tc.path)
			if w.Code != http.StatusOK {
				t.Fatalf("got %d, want 200: %s", w.Code, w.Body)
			}
			if got := w.Header().Get("Content-Type"); got != tc.contentType {
				t.Errorf("Content-Type: got %q, want %q", got, tc.contentType)
			}
			if got, want := w.Header().Get("Content-Disposition"), `attachment; filename="`+tc.filename+`"`; got != want {
				t.Errorf("Content-Disposition: got %q, want %q", got, want)
			}
			if tc.want == nil {
				if !bytes.HasPrefix(w.Body.Bytes(), []byte("PK")) {
					t.Errorf("xlsx does not start as a zip file: %q", w.Body.Bytes()[:min(8, w.Body.Len())])
				}
				return
			}
			q := q
			q.Merged = strings.Contains(tc.path, "shape=wide")
			ser, err := report.Build(context.Background(), db, q)
			if err != nil {
				t.Fatal(err)
			}
			if want := tc.want(ser); !bytes.Equal(w.Body.Bytes(), want) {
				t.Errorf("got\n%s\nwant (as tifa export writes it)\n%s", w.Body, want)
			}
		})
	}
}

func TestSeriesJSON(t *testing.T) {
	s, db, _ := fixture(t)
	w := get(t, s, "/api/series?term=high-quality-development&from=2024-01-01&to=2024-05-31&by=month&measure=mentions")
	if w.Code != http.StatusOK {
		t.Fatalf("got %d: %s", w.Code, w.Body)
	}
	var got seriesJSON
	if err := json.Unmarshal(w.Body.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	ser, err := report.Build(context.Background(), db, report.Query{By: report.Month, Merged: true,
		Filter: tifa.Filter{Terms: []string{"high-quality-development"}, From: "2024-01-01", To: "2024-05-31"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Points) != len(ser.Cells) {
		t.Fatalf("got %d points, want %d (March has no articles: no point)", len(got.Points), len(ser.Cells))
	}
	for i, c := range ser.Cells {
		p := got.Points[i]
		if p.Period != c.Period || p.Mentions != c.Mentions || p.Articles != c.Articles || p.Total != c.Total || p.Value != float64(c.Mentions) {
			t.Errorf("point %d: got %+v, want %+v", i, p, c)
		}
	}
	if got.Counting != "counting all articles, reprints included" {
		t.Errorf("counting: got %q", got.Counting)
	}
}

func TestSnippetsJSON(t *testing.T) {
	s, _, _ := fixture(t)
	w := get(t, s, "/api/snippets?term=high-level-opening-up&from=2024-01-01&to=2024-05-31")
	if w.Code != http.StatusOK {
		t.Fatalf("got %d: %s", w.Code, w.Body)
	}
	var got []snippetJSON
	if err := json.Unmarshal(w.Body.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	// Newest article first; in an article, the title before the body.
	want := []string{"坚持高水平对外开放不动摇！", "扩大高水平对外开放", "推进高水平对外开放。", "要扩大高水平对外开放。"}
	if len(got) != len(want) {
		t.Fatalf("got %d snippets %+v, want %d", len(got), got, len(want))
	}
	for i, sn := range got {
		if sn.Sentence != want[i] || sn.URL == "" {
			t.Errorf("snippet %d: got %q (%s), want %q", i, sn.Sentence, sn.URL, want[i])
		}
	}
}

func TestPage(t *testing.T) {
	s, _, _ := fixture(t)
	w := get(t, s, "/")
	if w.Code != http.StatusOK {
		t.Fatalf("got %d: %s", w.Code, w.Body)
	}
	body := w.Body.String()
	for _, want := range []string{
		"counting all articles, reprints included",
		// The first view charts the three most mentioned terms over the
		// whole stored range, most first, and the links name them.
		`value="high-quality-development" data-label="高质量发展" checked>`,
		`value="high-level-opening-up" data-label="高水平对外开放" checked>`,
		`value="new-quality-productive-forces" data-label="新质生产力" checked>`,
		`href="/download.csv?by=week&amp;from=2024-01-10&amp;measure=share&amp;term=new-quality-productive-forces&amp;term=high-quality-development&amp;term=high-level-opening-up&amp;to=2024-05-21"`,
		// ISO days in text inputs, not the browser's locale.
		`<input type="text" name="from" id="from" value="2024-01-10" placeholder="yyyy-mm-dd"`,
		"新华网",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	if got := w.Header().Get("Content-Security-Policy"); !strings.Contains(got, "default-src 'self'") {
		t.Errorf("Content-Security-Policy: got %q", got)
	}
	w = get(t, s, "/?originals=1")
	if !strings.Contains(w.Body.String(), "counting originals only") {
		t.Errorf("originals page does not say it counts originals only")
	}
}
