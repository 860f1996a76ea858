package dashboard

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tifa-project/tifa"
	"github.com/tifa-project/tifa/config"
	"github.com/tifa-project/tifa/ingest"
	"github.com/tifa-project/tifa/sqlite"
)

// TestHostHeader: a page on another site whose name resolves to the
// dashboard's address (DNS rebinding) sends that name as Host and is refused.
func TestHostHeader(t *testing.T) {
	s, _, _ := fixture(t)
	s.AllowHosts("0.0.0.0:8080", "dash.example.org")
	for _, tt := range []struct {
		host string
		code int
	}{
		{"127.0.0.1:8080", http.StatusOK},
		{"127.0.0.1", http.StatusOK},
		{"localhost:8080", http.StatusOK},
		{"[::1]:8080", http.StatusOK},
		{"app.localhost:8080", http.StatusOK},
		{"dash.example.org", http.StatusOK},
		{"DASH.example.org.:8080", http.StatusOK},
		{"evil.example:8080", http.StatusMisdirectedRequest},
		{"127.0.0.1.evil.example", http.StatusMisdirectedRequest},
		{"localhost.evil.example", http.StatusMisdirectedRequest},
		{"0.0.0.0:8080", http.StatusMisdirectedRequest},
		{"", http.StatusMisdirectedRequest},
	} {
		for _, path := range []string{"/api/series", "/download.csv", "/static/app.js"} {
			r := httptest.NewRequest(http.MethodGet, path, nil)
			r.Host = tt.host
			w := httptest.NewRecorder()
			s.ServeHTTP(w, r)
			if tt.code == http.StatusOK && w.Code == http.StatusMisdirectedRequest || tt.code != http.StatusOK && w.Code != tt.code {
				t.Errorf("GET %s with Host %q: got %d, want %d", path, tt.host, w.Code, tt.code)
			}
		}
	}
}

// TestAbsurdRangeIsABadRequest: a range the report refuses is the
// caller's to fix, and the answer says how.
func TestAbsurdRangeIsABadRequest(t *testing.T) {
	s, _, _ := fixture(t)
	for _, path := range []string{"/api/series", "/download.csv", "/download.csv?shape=wide", "/download.xlsx", "/"} {
		sep := "?"
		if strings.Contains(path, "?") {
			sep = "&"
		}
		w := get(t, s, path+sep+"from=0001-01-01&to=9999-12-31&by=month")
		if w.Code != http.StatusBadRequest || !strings.Contains(w.Body.String(), "more than 3660 months") {
			t.Errorf("GET %s over ten thousand years: got %d %.200q, want 400 saying more than 3660 months", path, w.Code, w.Body)
		}
	}
}

// TestSeriesReadsOneSnapshot writes articles while /api/series is read:
// every article mentions the term, so in every answer each period's
// articles mentioning it equal the articles stored, unless the two
// aggregates came from before and after a write.
func TestSeriesReadsOneSnapshot(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "tifa.db")
	w, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	cfg := config.Default()
	term := "new-quality-productive-forces"
	save := func(i int) error {
		day := time.Date(2024, 1, 1, 12, 0, 0, 0, tifa.China).AddDate(0, 0, i%300)
		a := &tifa.Article{URL: fmt.Sprintf("https://example.com/%d.html", i), Source: []string{"xinhua", "people"}[i%2],
			Title: "新质生产力", Body: fmt.Sprintf("新质生产力 %d", i), Published: day, PublishedSource: "page",
			Lang: "zh", Charset: "utf-8", Method: "test", FetchedAt: day}
		_, err := w.SaveArticle(ctx, a, []tifa.Count{{Term: term, Count: 1}}, "v1")
		return err
	}
	for i := range 600 { // many term days: a long read between the two aggregates
		if err := save(i); err != nil {
			t.Fatal(err)
		}
	}
	ro, err := sqlite.OpenReadOnly(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	s, err := New(ro, cfg, ingest.LexiconOf(cfg).Version, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := 600; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			if err := save(i); err != nil {
				t.Error(err)
				return
			}
		}
	}()
	defer func() { close(stop); wg.Wait() }()
	mixed := 0
	for range 150 {
		res := get(t, s, "/api/series?term="+term+"&by=day&measure=articles&from=2024-01-01&to=2024-12-31")
		if res.Code != http.StatusOK {
			t.Fatalf("got %d %s", res.Code, res.Body)
		}
		var out seriesJSON
		if err := json.Unmarshal(res.Body.Bytes(), &out); err != nil {
			t.Fatal(err)
		}
		for _, p := range out.Points {
			if p.Articles != p.Total {
				mixed++
				t.Errorf("%s: %d articles mention the term, %d stored; every article mentions it", p.Period, p.Articles, p.Total)
				break
			}
		}
		if mixed > 3 {
			t.Fatal("answers mix snapshots")
		}
	}
}
