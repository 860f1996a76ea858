package alert

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

var update = flag.Bool("update", false, "rewrite the golden files")

func TestEvaluateConstructed(t *testing.T) {
	db := constructedDB(t)
	ctx := context.Background()
	got := map[string]Alert{}
	for _, r := range Defaults() {
		as, err := Evaluate(ctx, db, r, Analyses{})
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range as {
			got[a.Key] = a
		}
	}
	f, ok := got["first:nqpf:xinhua"]
	if !ok {
		t.Fatalf("no first-appearance alert for nqpf; got %v", keys(got))
	}
	if len(f.Articles) != 1 || f.Articles[0].Day != "2024-05-30" || !strings.Contains(f.Articles[0].Sentence, "新质生产力") ||
		f.Articles[0].URL != "https://www.news.cn/20240530/0.html" {
		t.Errorf("first-appearance articles: got %+v", f.Articles)
	}
	r, ok := got["rising:hqd"]
	if !ok {
		t.Fatalf("no rising alert for hqd; got %v", keys(got))
	}
	if r.Numbers[0] != (Number{"articles", 14}) || len(r.Articles) != 3 || r.Articles[0].Title != "推动高质量发展" {
		t.Errorf("rising: got numbers %v articles %+v", r.Numbers, r.Articles)
	}
	if len(got) != 2 {
		t.Errorf("got %v, want only the two alerts", keys(got))
	}
}

func TestUnavailableKinds(t *testing.T) {
	db := constructedDB(t)
	for _, k := range []string{Fading, Candidate} {
		if _, err := Evaluate(context.Background(), db, Rule{Kind: k}, Analyses{}); err == nil || !strings.Contains(err.Error(), "not available yet") {
			t.Errorf("%s: got %v, want not available yet", k, err)
		}
	}
}

func keys(m map[string]Alert) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

// receiver is a webhook on loopback that fails its first fails requests.
type receiver struct {
	mu     sync.Mutex
	fails  int
	bodies [][]byte
	reply  string
}

func (r *receiver) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	b, _ := io.ReadAll(req.Body)
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.fails > 0 {
		r.fails--
		http.Error(w, "busy", http.StatusServiceUnavailable)
		return
	}
	r.bodies = append(r.bodies, b)
	io.WriteString(w, r.reply)
}

func sender(waits *[]time.Duration, attempts int) *Sender {
	return &Sender{Client: http.DefaultClient, Attempts: attempts, Backoff: time.Second, Stdout: io.Discard,
		Now:   func() time.Time { return time.Date(2024, 6, 1, 8, 0, 0, 0, time.UTC) },
		Sleep: func(_ context.Context, d time.Duration) error { *waits = append(*waits, d); return nil }}
}

var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

func TestFailsTwiceThenSucceedsOnce(t *testing.T) {
	db := constructedDB(t)
	rcv := &receiver{fails: 2, reply: `{"errcode":0,"errmsg":"ok"}`}
	srv := httptest.NewServer(rcv)
	defer srv.Close()
	var waits []time.Duration
	dests := []Destination{{Format: "wecom", URL: srv.URL + "/cgi-bin/webhook/send?key=k"}}
	rules := []Rule{{Kind: First}}
	res, err := Run(context.Background(), db, rules, dests, Analyses{}, sender(&waits, 3), false, io.Discard, quiet)
	if err != nil || res.New != 1 || res.Sent != 1 {
		t.Fatalf("first run: got %+v, %v; want 1 new, 1 sent", res, err)
	}
	if len(waits) != 2 || waits[0] != time.Second || waits[1] != 2*time.Second {
		t.Errorf("backoff: got %v, want [1s 2s]", waits)
	}
	res, err = Run(context.Background(), db, rules, dests, Analyses{}, sender(&waits, 3), false, io.Discard, quiet)
	if err != nil || res.New != 0 || res.Sent != 0 {
		t.Errorf("second run: got %+v, %v; want nothing new, nothing sent", res, err)
	}
	if len(rcv.bodies) != 1 {
		t.Errorf("receiver got %d messages, want 1", len(rcv.bodies))
	}
}

func TestFailureKeptAndRetriedNextRun(t *testing.T) {
	db := constructedDB(t)
	rcv := &receiver{fails: 2, reply: "ok"}
	srv := httptest.NewServer(rcv)
	defer srv.Close()
	var waits []time.Duration
	dests := []Destination{{Format: "slack", URL: srv.URL}}
	rules := []Rule{{Kind: First}}
	res, err := Run(context.Background(), db, rules, dests, Analyses{}, sender(&waits, 2), false, io.Discard, quiet)
	if err == nil || res.Failed != 1 {
		t.Fatalf("first run: got %+v, %v; want one failure and an error", res, err)
	}
	res, err = Run(context.Background(), db, rules, dests, Analyses{}, sender(&waits, 2), false, io.Discard, quiet)
	if err != nil || res.New != 0 || res.Sent != 1 {
		t.Fatalf("second run: got %+v, %v; want the kept delivery sent", res, err)
	}
	if len(rcv.bodies) != 1 {
		t.Errorf("receiver got %d messages, want 1", len(rcv.bodies))
	}
}

func TestBotErrcodeIsFailure(t *testing.T) {
	rcv := &receiver{reply: `{"errcode":93000,"errmsg":"invalid webhook url"}`}
	srv := httptest.NewServer(rcv)
	defer srv.Close()
	var waits []time.Duration
	_, err := sender(&waits, 1).Send(context.Background(), Destination{Format: "dingtalk", URL: srv.URL}, sample)
	if err == nil || !strings.Contains(err.Error(), "errcode 93000") {
		t.Errorf("got %v, want the bot's errcode reported", err)
	}
}

func TestDryRunRecordsNothing(t *testing.T) {
	db := constructedDB(t)
	var out bytes.Buffer
	var waits []time.Duration
	dests := []Destination{{Format: "teams", URL: "http://127.0.0.1:1/hook"}}
	if _, err := Run(context.Background(), db, nil, dests, Analyses{}, sender(&waits, 1), true, &out, quiet); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "nqpf first seen in xinhua") || !strings.Contains(out.String(), "would post to http://127.0.0.1:1/hook (teams)") {
		t.Errorf("dry run printed:\n%s", out.String())
	}
	p, err := db.PendingAlerts(context.Background())
	if err != nil || len(p) != 0 {
		t.Errorf("dry run recorded %d deliveries (%v), want none", len(p), err)
	}
}

var sample = Alert{Key: "rising:nqpf", Kind: Rising, Term: "nqpf", Title: "nqpf rising: 4.0× its baseline share",
	Summary:  "5 articles mentioned nqpf from 2024-05-25 to 2024-05-31, against baseline 2024-05-04 to 2024-05-24.",
	Numbers:  []Number{{"articles", 5}, {"ratio", 4}},
	Articles: []Article{{Day: "2024-05-30", Source: "xinhua", Title: "加快发展新质生产力", URL: "https://www.news.cn/20240530/0.html", Sentence: "因地制宜发展新质生产力。"}}}

func TestPayloadGolden(t *testing.T) {
	for _, f := range []string{"json", "slack", "teams", "wecom", "dingtalk"} {
		t.Run(f, func(t *testing.T) {
			b, err := Body(f, sample)
			if err != nil {
				t.Fatal(err)
			}
			var pretty bytes.Buffer
			if err := json.Indent(&pretty, b, "", "  "); err != nil {
				t.Fatal(err)
			}
			path := filepath.Join("testdata", f+".golden")
			if *update {
				os.MkdirAll("testdata", 0o755)
				os.WriteFile(path, pretty.Bytes(), 0o644)
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(pretty.Bytes(), want) {
				t.Errorf("got\n%s\nwant\n%s", pretty.Bytes(), want)
			}
		})
	}
}

func TestDingTalkSign(t *testing.T) {
	u, err := dingtalkSign("https://oapi.dingtalk.com/robot/send?access_token=abc", "SECxyz", time.UnixMilli(1700000000000))
	if err != nil {
		t.Fatal(err)
	}
	// sign computed independently: printf '1700000000000\nSECxyz' | openssl dgst -sha256 -hmac SECxyz -binary | base64
	if !strings.Contains(u, "timestamp=1700000000000") || !strings.Contains(u, "access_token=abc") ||
		!strings.Contains(u, "sign="+url.QueryEscape("0PUR1j8g85Xg3vlFV/UrEcxXfF5HpCAGzcjrNfyJoyg=")) {
		t.Errorf("got %s", u)
	}
}
