package main

import (
	"bufio"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"
)

// TestServerCutsIdleAndSlowConnections: an idle keep-alive connection and
// one whose request headers never finish are closed by the server, so
// thousands of them cannot pile up. The timeouts are short so the server
// acts at once; the test waits for the close, not for a time.
func TestServerCutsIdleAndSlowConnections(t *testing.T) {
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "ok") })
	short := 50 * time.Millisecond
	srv := httpServer(h, timeouts{header: short, read: short, write: time.Second, idle: short})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go srv.Serve(ln)
	defer srv.Close()
	for _, tt := range []struct{ name, send string }{
		{"idle keep-alive", "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"},
		{"headers never finished", "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: "},
	} {
		conn, err := net.Dial("tcp", ln.Addr().String())
		if err != nil {
			t.Fatal(err)
		}
		// Only a guard against a hang if the server never closes.
		conn.SetReadDeadline(time.Now().Add(30 * time.Second))
		io.WriteString(conn, tt.send)
		r := bufio.NewReader(conn)
		if strings.HasPrefix(tt.name, "idle") {
			res, err := http.ReadResponse(r, nil)
			if err != nil {
				t.Fatal(err)
			}
			io.Copy(io.Discard, res.Body)
			res.Body.Close()
		}
		_, err = io.Copy(io.Discard, r)
		if ne, ok := err.(net.Error); ok && ne.Timeout() {
			t.Errorf("%s: the server kept the connection open", tt.name)
		}
		conn.Close()
	}
	if d := defaultTimeouts(); d.header <= 0 || d.read <= 0 || d.write <= 0 || d.idle <= 0 {
		t.Errorf("default timeouts %+v: every one must be set", d)
	}
}

func TestServeHostNeedsPublic(t *testing.T) {
	code, _, stderr := runTifa(t, "", "serve", "--host", "dash.example.org")
	if code != 2 || !strings.Contains(stderr, "--public") {
		t.Errorf("serve --host without --public: exit %d, %q; want 2 and a hint at --public", code, stderr)
	}
}
