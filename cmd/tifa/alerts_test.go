package main

import (
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// alertsConfig is the default configuration with alert rules sized for the
// demo database, whose few articles span years.
func alertsConfig(t *testing.T, extra string) string {
	t.Helper()
	code, def, stderr := runTifa(t, "", "config", "show")
	if code != 0 {
		t.Fatalf("config show: %s", stderr)
	}
	path := filepath.Join(t.TempDir(), "tifa.yaml")
	rules := "alerts:\n  rules:\n    - kind: first\n      days: 3650\n    - kind: unhealthy\n" + extra
	if err := os.WriteFile(path, []byte(def+rules), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestAlertsOnDemo(t *testing.T) {
	db := demoDB(t)
	cfg := alertsConfig(t, "")
	code, out, stderr := runTifa(t, "", "alerts", "--config", cfg, "--db", db, "--dry-run", "--webhook", "http://127.0.0.1:9/hook", "--format", "dingtalk")
	if code != 0 {
		t.Fatalf("alerts --dry-run: exit %d: %s", code, stderr)
	}
	if !strings.Contains(stderr, "alerts (dry run): 8 true now, nothing sent; rules: first") {
		t.Errorf("alerts --dry-run does not sum up its run on stderr:\n%s", stderr)
	}
	for _, w := range []string{"high-quality-development first seen in people", "://finance.people.com.cn/n1/2024/0510/c1004-40232587.html",
		`would post to http://127.0.0.1:9/hook (dingtalk): {"markdown":`} {
		if !strings.Contains(out, w) {
			t.Errorf("dry run lacks %q:\n%s", w, out)
		}
	}
	var mu sync.Mutex
	var got []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		mu.Lock()
		got = append(got, string(b))
		mu.Unlock()
	}))
	defer srv.Close()
	for run := 0; run < 2; run++ {
		if code, _, stderr := runTifa(t, "", "alerts", "--config", cfg, "--db", db, "--webhook", srv.URL+"/hook", "--format", "json"); code != 0 {
			t.Fatalf("run %d: exit %d: %s", run, code, stderr)
		}
		if run == 0 && len(got) == 0 {
			t.Fatal("first run sent nothing")
		}
	}
	first := strings.Count(out, "  would post to ")
	if len(got) != first {
		t.Errorf("two runs sent %d messages, want %d (each alert once)", len(got), first)
	}
}

func TestAlertsFinalFailureExits(t *testing.T) {
	db := demoDB(t)
	cfg := alertsConfig(t, "    - kind: candidate\n")
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "no such hook", http.StatusNotFound)
	}))
	defer srv.Close()
	code, _, stderr := runTifa(t, "", "alerts", "--config", cfg, "--db", db, "--webhook", srv.URL, "--format", "slack")
	if code == 0 || !strings.Contains(stderr, "kept and retried on the next run") || strings.Contains(stderr, "not available yet") {
		t.Errorf("got exit %d, stderr:\n%s", code, stderr)
	}
}

func TestAlertsConfigErrors(t *testing.T) {
	db := demoDB(t)
	// --format without --webhook would otherwise be dropped without a word.
	if code, _, stderr := runTifa(t, "", "alerts", "--db", db, "--format", "wecom", "--dry-run"); code != 2 || !strings.Contains(stderr, "give --webhook URL too") {
		t.Errorf("--format without --webhook: exit %d, stderr:\n%s", code, stderr)
	}
	if code, _, stderr := runTifa(t, "", "alerts", "--db", db, "--webhook", "http://127.0.0.1:1/hook", "--format", "wechat", "--dry-run"); code != 2 || !strings.Contains(stderr, `unknown alert format "wechat"`) {
		t.Errorf("--format wechat: exit %d, stderr:\n%s", code, stderr)
	}
	cfg := alertsConfig(t, "    - kind: risng\n")
	code, _, stderr := runTifa(t, "", "alerts", "--config", cfg, "--db", db, "--dry-run")
	if code == 0 || !strings.Contains(stderr, `alerts.rules[2].kind: "risng" is not a rule kind`) || !strings.Contains(stderr, "tifa.yaml:") {
		t.Errorf("got exit %d, stderr:\n%s", code, stderr)
	}
}
