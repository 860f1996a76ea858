package dashboard

import (
	"net"
	"strings"
)

// hosts are the Host headers the dashboard answers: loopback names and
// addresses always, and the names and addresses it was told it is reached
// by. A web page cannot choose the Host header its browser sends, so a page
// on another site whose name now resolves to 127.0.0.1 is refused.
type hosts struct{ names map[string]bool }

func loopbackHosts() hosts {
	return hosts{names: map[string]bool{"localhost": true}}
}

// AllowHosts adds names (or addresses) the dashboard is reached by, with
// or without a port: the address it listens on, and with --public the
// names users type. Call it before serving.
func (s *Server) AllowHosts(names ...string) {
	for _, n := range names {
		if h := hostOnly(n); h != "" {
			s.hosts.names[h] = true
		}
	}
}

func (h hosts) allow(host string) bool {
	name := hostOnly(host)
	if ip := net.ParseIP(name); ip != nil && ip.IsLoopback() {
		return true
	}
	return h.names[name] || strings.HasSuffix(name, ".localhost")
}

// hostOnly is a Host header or address without port or brackets, lower-case.
func hostOnly(s string) string {
	if h, _, err := net.SplitHostPort(s); err == nil {
		s = h
	}
	s = strings.TrimSuffix(strings.Trim(strings.ToLower(s), "[]"), ".")
	if ip := net.ParseIP(s); ip != nil && ip.IsUnspecified() {
		return "" // 0.0.0.0 is where to listen, never what a browser asks for
	}
	return s
}
