package config

import (
	"net/url"
	"strings"
	"testing"
)

func TestOwnsURL(t *testing.T) {
	src := &Source{
		Hosts:    []string{"127.0.0.1", ".example.org"},
		Start:    []string{"http://127.0.0.1:8080/list/"},
		Sitemaps: []string{"https://news.example.org:8443/sitemap.xml"},
	}
	for _, tc := range []struct {
		url  string
		want bool
	}{
		{"http://127.0.0.1:8080/a/1.html", true},
		{"http://127.0.0.1:8081/a/1.html", false}, // another service on the same machine
		{"https://127.0.0.1:8080/a/1.html", false},
		{"http://127.0.0.1/a/1.html", true}, // a listed host's standard port
		{"https://127.0.0.1/a/1.html", true},
		{"http://127.0.0.2:8080/a/1.html", false}, // another address
		{"https://news.example.org:8443/x", true},
		{"https://NEWS.example.org:8443/x", true},
		{"http://news.example.org:8443/x", false},
		{"https://other.example.org:8443/x", false},
		{"https://other.example.org/x", true},
		{"ftp://127.0.0.1:8080/x", false},
		{"file:///etc/passwd", false},
	} {
		u, err := url.Parse(tc.url)
		if err != nil {
			t.Fatal(err)
		}
		if got := src.OwnsURL(u); got != tc.want {
			t.Errorf("OwnsURL(%s) = %v, want %v", tc.url, got, tc.want)
		}
	}
}

func TestLimitsParse(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want int64
		ok   bool
	}{
		{"10MiB", 10 << 20, true}, {"500KiB", 500 << 10, true}, {"1048576", 1 << 20, true},
		{"2 GiB", 2 << 30, true}, {"0", 0, false}, {"-5", 0, false}, {"10MB", 0, false}, {"lots", 0, false},
	} {
		got, err := ParseSize(tc.in)
		if (err == nil) != tc.ok || got != tc.want {
			t.Errorf("ParseSize(%q) = %d, %v; want %d, ok=%v", tc.in, got, err, tc.want, tc.ok)
		}
	}
	var l Limits
	if l.BodyBytes() != DefaultBodyLimit || l.RobotsBytes() != DefaultRobotsLimit || l.FrontierURLs() != DefaultFrontierLimit || l.SitemapURLsPerRun() != DefaultSitemapURLsLimit {
		t.Errorf("zero Limits do not give the defaults: %+v", l)
	}
}

func TestLimitsInConfig(t *testing.T) {
	const base = `
sources:
  - id: s
    start: [http://127.0.0.1:8080/]
    hosts: [127.0.0.1]
    article: ['^http://127\.0\.0\.1:8080/a/']
terms:
  - id: t
    zh: [新质生产力]
`
	cfg, err := Parse(strings.NewReader(base+"limits: {body: 1MiB, robots: 100KiB, frontier: 7, sitemap_urls: 9}\n"), "limits.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if l := cfg.Limits; l.BodyBytes() != 1<<20 || l.RobotsBytes() != 100<<10 || l.FrontierURLs() != 7 || l.SitemapURLsPerRun() != 9 {
		t.Errorf("limits %+v", l)
	}
	for _, bad := range []string{"limits: {body: 0}", "limits: {body: -1MiB}", "limits: {frontier: -5}", "limits: {robots: lots}"} {
		_, err := Parse(strings.NewReader(base+bad+"\n"), "limits.yaml")
		if err == nil || !strings.Contains(err.Error(), "limits.yaml") || !strings.Contains(err.Error(), "positive") {
			t.Errorf("%s: err = %v; want the file named and a positive value asked for", bad, err)
		}
	}
}

// A host written with its port, as copied from the address bar, is the host:
// the source's start page on that port is its own, and its articles are
// followed.
func TestHostWrittenWithPort(t *testing.T) {
	cfg, err := Parse(strings.NewReader(`
sources:
  - id: s
    start: [http://127.0.0.1:8080/]
    hosts: ["127.0.0.1:8080"]
    article: ['^http://127\.0\.0\.1:8080/a/']
terms:
  - id: t
    zh: [新质生产力]
`), "port.yaml")
	if err != nil {
		t.Fatalf("hosts: [127.0.0.1:8080] refused: %v", err)
	}
	s := cfg.Sources[0]
	for raw, want := range map[string]bool{
		"http://127.0.0.1:8080/a/1.html": true,
		"http://127.0.0.1:9090/a/1.html": false, // another service on the machine
	} {
		u, _ := url.Parse(raw)
		if got := s.OwnsURL(u); got != want {
			t.Errorf("OwnsURL(%s) = %v, want %v (hosts %v)", raw, got, want, s.Hosts)
		}
	}
}
