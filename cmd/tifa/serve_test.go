package main

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestCheckLoopback(t *testing.T) {
	for _, tt := range []struct {
		addr   string
		public bool
		ok     bool
	}{
		{"127.0.0.1:8080", false, true},
		{"127.0.0.2:8080", false, true},
		{"[::1]:8080", false, true},
		{"localhost:8080", false, true},
		{":8080", false, false}, // every interface
		{"0.0.0.0:8080", false, false},
		{"192.168.1.5:8080", false, false},
		{"example.com:8080", false, false},
		{"0.0.0.0:8080", true, true},
		{"8080", false, false},
	} {
		err := checkLoopback(tt.addr, tt.public)
		if (err == nil) != tt.ok {
			t.Errorf("checkLoopback(%q, public=%v): got %v, want ok=%v", tt.addr, tt.public, err, tt.ok)
		}
	}
	code, _, stderr := runTifa(t, "", "serve", "--addr", "0.0.0.0:8080")
	if code != 2 || !strings.Contains(stderr, "--public") {
		t.Errorf("serve on 0.0.0.0: exit %d, stderr %q; want 2 and a hint at --public", code, stderr)
	}
}

// syncBuffer lets the test read what the server goroutine prints.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestServe starts tifa serve on the demo database, asks it for the page and
// a bad term, and stops it as Ctrl-C would.
func TestServe(t *testing.T) {
	db := demoDB(t)
	// A CONSTRUCTED event of the user's: the chart marks it beside the shipped ones.
	_, def, _ := runTifa(t, "", "config", "show")
	cfg := filepath.Join(t.TempDir(), "tifa.yaml")
	if err := os.WriteFile(cfg, []byte(def+"events:\n  - id: henan-briefing\n    name: 河南发布会\n    start: 2024-05-09\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var out, errb syncBuffer
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, []string{"serve", "--db", db, "--config", cfg, "--addr", "127.0.0.1:0"}, strings.NewReader(""), &out, &errb)
	}()
	addr := regexp.MustCompile(`http://127\.0\.0\.1:\d+/`)
	var base string
	for deadline := time.Now().Add(10 * time.Second); base == "" && time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		base = addr.FindString(out.String())
	}
	if base == "" {
		t.Fatalf("no address printed; stdout %q, stderr %q", out.String(), errb.String())
	}
	for _, tt := range []struct {
		path string
		code int
		want string
	}{
		{"", http.StatusOK, "counting all articles, reprints included"},
		{"api/series?term=high-quality-development&by=month", http.StatusOK, `"term":"high-quality-development"`},
		{"?term=high-quality-development&by=day&from=2024-05-01&to=2024-05-31", http.StatusOK, `data-event="henan-briefing" data-start="2024-05-09"`},
		{"?term=high-quality-development&by=month&from=2024-01-01&to=2024-05-31", http.StatusOK, `data-event="two-sessions-2024"`},
		{"api/series?term=robert%27);DROP%20TABLE%20articles;--", http.StatusBadRequest, "query string"},
		{"api/series?term=robert%27)", http.StatusBadRequest, `unknown term "robert')"`},
	} {
		res, err := http.Get(base + tt.path)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != tt.code || !strings.Contains(string(body), tt.want) {
			t.Errorf("GET /%s: got %d %.200q, want %d with %q", tt.path, res.StatusCode, body, tt.code, tt.want)
		}
	}
	cancel()
	select {
	case code := <-done:
		if code != 0 {
			t.Errorf("serve after Ctrl-C: exit %d, stderr %q; want 0", code, errb.String())
		}
	case <-time.After(10 * time.Second):
		t.Fatal("serve did not stop after its context ended")
	}
}
