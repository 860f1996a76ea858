package storetest

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/tifa-project/tifa"
)

// queue enqueues n URLs of the suite's source, found in order, and returns them.
func queue(t *testing.T, e Engine, n int) []string {
	t.Helper()
	var out []string
	for i := range n {
		u := fmt.Sprintf("https://www.news.cn/f/%03d.html", i)
		if isNew, err := e.Enqueue(context.Background(), source, u, u+"?via=list", t0, time.Time{}); !isNew || err != nil {
			t.Fatalf("enqueue %s: %v, %v", u, isNew, err)
		}
		out = append(out, u)
	}
	return out
}

func claim(t *testing.T, e Engine, worker string, n int, now time.Time) []string {
	t.Helper()
	got, err := e.Claim(context.Background(), tifa.Claim{Source: source, Worker: worker, N: n, Now: now, Lease: time.Minute})
	if err != nil {
		t.Fatalf("claim by %s at %v: %v", worker, now, err)
	}
	return urls(got)
}

func urls(ps []tifa.Pending) []string {
	var out []string
	for _, p := range ps {
		out = append(out, p.URL)
	}
	return out
}

func wantURLs(t *testing.T, what string, got []string, want ...string) {
	t.Helper()
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("%s: got %v, want %v", what, got, want)
	}
}

var frontierCases = []Case{
	{"frontier/enqueue once, dated by the feed", func(t *testing.T, e Engine) {
		ctx := context.Background()
		u := "https://www.news.cn/f/1.html"
		if isNew, err := e.Enqueue(ctx, source, u, u, t0, time.Time{}); !isNew || err != nil {
			t.Fatalf("first enqueue: %v, %v", isNew, err)
		}
		feed := time.Date(2026, 11, 26, 10, 0, 0, 0, tifa.China)
		if isNew, err := e.Enqueue(ctx, source, u, u, t0, feed); isNew || err != nil {
			t.Errorf("second enqueue: %v, %v; want not new", isNew, err)
		}
		if waiting, gone, err := e.FrontierSize(ctx, source); waiting != 1 || gone != 0 || err != nil {
			t.Errorf("frontier size %d, %d, %v; want 1 waiting", waiting, gone, err)
		}
		got, err := e.Claim(ctx, tifa.Claim{Source: source, Worker: "w1", N: 5, Now: t0, Lease: time.Minute})
		if err != nil || len(got) != 1 {
			t.Fatalf("claim: %+v, %v", got, err)
		}
		if p := got[0]; p.URL != u || p.FetchURL != u || p.Source != source || p.Attempts != 0 || !p.FeedDate.Equal(feed) {
			t.Errorf("claimed %+v; want %s dated %v by the feed", p, u, feed)
		}
	}},
	{"frontier/claim leases in the order found, never twice", func(t *testing.T, e Engine) {
		us := queue(t, e, 3)
		wantURLs(t, "first claim", claim(t, e, "w1", 2, t0), us[0], us[1])
		wantURLs(t, "second worker", claim(t, e, "w2", 2, t0), us[2])
		wantURLs(t, "third claim", claim(t, e, "w3", 2, t0))
		if waiting, _, _ := e.FrontierSize(context.Background(), source); waiting != 3 {
			t.Errorf("%d waiting; leased URLs are still waiting to be stored, want 3", waiting)
		}
	}},
	{"frontier/claims are per source", func(t *testing.T, e Engine) {
		ctx := context.Background()
		queue(t, e, 1)
		if _, err := e.Enqueue(ctx, "people", "http://paper.people.com.cn/a.html", "http://paper.people.com.cn/a.html", t0, time.Time{}); err != nil {
			t.Fatal(err)
		}
		got, err := e.Claim(ctx, tifa.Claim{Source: "people", Worker: "w1", N: 5, Now: t0, Lease: time.Minute})
		if err != nil || len(got) != 1 || got[0].Source != "people" {
			t.Errorf("claim of people: %+v, %v", got, err)
		}
	}},
	{"frontier/claim needs a worker, a count and a lease", func(t *testing.T, e Engine) {
		queue(t, e, 1)
		for _, c := range []tifa.Claim{{Source: source, N: 1, Now: t0, Lease: time.Minute}, {Source: source, Worker: "w", Now: t0, Lease: time.Minute},
			{Source: source, Worker: "w", N: 1, Now: t0}} {
			if got, err := e.Claim(context.Background(), c); err == nil {
				t.Errorf("claim %+v: %v, want an error", c, got)
			}
		}
	}},
	{"frontier/done takes the URL away", func(t *testing.T, e Engine) {
		ctx := context.Background()
		us := queue(t, e, 2)
		claim(t, e, "w1", 1, t0)
		if err := e.Done(ctx, us[0]); err != nil {
			t.Fatal(err)
		}
		if waiting, _, _ := e.FrontierSize(ctx, source); waiting != 1 {
			t.Errorf("%d waiting after done, want 1", waiting)
		}
		wantURLs(t, "claim long after", claim(t, e, "w2", 5, t0.Add(time.Hour)), us[1])
	}},
	{"frontier/retry waits its turn, gone never comes back", func(t *testing.T, e Engine) {
		ctx := context.Background()
		us := queue(t, e, 2)
		claim(t, e, "w1", 2, t0)
		if err := e.Retry(ctx, us[0], t0.Add(10*time.Minute), errTest, false); err != nil {
			t.Fatal(err)
		}
		if err := e.Retry(ctx, us[1], t0.Add(10*time.Minute), errors.New("HTTP 404"), true); err != nil {
			t.Fatal(err)
		}
		wantURLs(t, "before the retry time", claim(t, e, "w2", 5, t0.Add(5*time.Minute)))
		got, err := e.Claim(ctx, tifa.Claim{Source: source, Worker: "w2", N: 5, Now: t0.Add(10 * time.Minute), Lease: time.Minute})
		if err != nil || len(got) != 1 || got[0].URL != us[0] || got[0].Attempts != 1 {
			t.Errorf("at the retry time: %+v, %v; want %s after 1 attempt", got, err, us[0])
		}
		if waiting, gone, _ := e.FrontierSize(ctx, source); waiting != 1 || gone != 1 {
			t.Errorf("frontier size %d waiting, %d gone; want 1 and 1", waiting, gone)
		}
	}},
	{"frontier/release by the holder only", func(t *testing.T, e Engine) {
		ctx := context.Background()
		us := queue(t, e, 1)
		claim(t, e, "w1", 1, t0)
		if err := e.Release(ctx, "w2", us[0]); err != nil {
			t.Fatal(err)
		}
		wantURLs(t, "after another worker's release", claim(t, e, "w2", 1, t0))
		if err := e.Release(ctx, "w1", us[0]); err != nil {
			t.Fatal(err)
		}
		wantURLs(t, "after the holder's release", claim(t, e, "w2", 1, t0), us[0])
	}},
	{"frontier/an expired lease returns to the queue", func(t *testing.T, e Engine) {
		us := queue(t, e, 1)
		claim(t, e, "w1", 1, t0) // leased for a minute
		wantURLs(t, "while leased", claim(t, e, "w2", 1, t0.Add(59*time.Second)))
		wantURLs(t, "once expired", claim(t, e, "w2", 1, t0.Add(61*time.Second)), us[0])
		wantURLs(t, "taken over", claim(t, e, "w1", 1, t0.Add(62*time.Second)))
	}},
	{"frontier/renew keeps a live worker's leases", func(t *testing.T, e Engine) {
		ctx := context.Background()
		us := queue(t, e, 2)
		claim(t, e, "w1", 2, t0)
		if n, err := e.Renew(ctx, "w1", t0.Add(50*time.Second), time.Minute); n != 2 || err != nil {
			t.Errorf("renew: %d, %v; want 2 leases", n, err)
		}
		wantURLs(t, "after the first lease would have ended", claim(t, e, "w2", 2, t0.Add(61*time.Second)))
		wantURLs(t, "after the renewed lease", claim(t, e, "w2", 2, t0.Add(111*time.Second)), us[0], us[1])
		if n, _ := e.Renew(ctx, "w1", t0.Add(112*time.Second), time.Minute); n != 0 {
			t.Errorf("w1 renewed %d leases w2 holds", n)
		}
	}},
	{"frontier/reaper returns expired leases only", func(t *testing.T, e Engine) {
		ctx := context.Background()
		us := queue(t, e, 2)
		claim(t, e, "w1", 1, t0)
		claim(t, e, "w2", 1, t0.Add(30*time.Second))
		if n, err := e.ReapLeases(ctx, source, t0.Add(70*time.Second)); n != 1 || err != nil {
			t.Errorf("reap: %d, %v; want w1's one lease", n, err)
		}
		// Reaped, the URL is claimable even at a time its lease had not ended.
		wantURLs(t, "after the reaper", claim(t, e, "w3", 2, t0.Add(time.Second)), us[0])
		if n, _ := e.ReapLeases(ctx, "people", t0.Add(time.Hour)); n != 0 {
			t.Errorf("reaping another source took %d of this one's leases", n)
		}
	}},
	{"frontier/one turn per run", func(t *testing.T, e Engine) {
		ctx := context.Background()
		us := queue(t, e, 1)
		run := t0
		got, _ := e.Claim(ctx, tifa.Claim{Source: source, Worker: "w1", N: 1, Now: run, Lease: time.Minute, Since: run})
		wantURLs(t, "first claim", urls(got), us[0])
		if err := e.Retry(ctx, us[0], run, errTest, false); err != nil { // due again at once
			t.Fatal(err)
		}
		got, _ = e.Claim(ctx, tifa.Claim{Source: source, Worker: "w1", N: 1, Now: run.Add(time.Second), Lease: time.Minute, Since: run})
		wantURLs(t, "same run", urls(got))
		next := run.Add(time.Hour)
		got, _ = e.Claim(ctx, tifa.Claim{Source: source, Worker: "w1", N: 1, Now: next, Lease: time.Minute, Since: next})
		wantURLs(t, "next run", urls(got), us[0])
	}},
	{"frontier/one turn per run on the store's clock", func(t *testing.T, e Engine) {
		// What a crawl sharing the frontier does: its run starts at the
		// store's time and its claims take the store's time, so a worker
		// whose own clock is off neither skips a URL nor fetches it twice.
		ctx := context.Background()
		us := queue(t, e, 1)
		run, err := e.Clock(ctx)
		if err != nil || run.Sub(time.Now()).Abs() > time.Minute {
			t.Fatalf("store's clock: %v, %v; want about now (%v)", run, err, time.Now())
		}
		got, _ := e.Claim(ctx, tifa.Claim{Source: source, Worker: "w1", N: 1, Lease: time.Minute, Since: run})
		wantURLs(t, "first claim", urls(got), us[0])
		if err := e.Retry(ctx, us[0], t0, errTest, false); err != nil { // due again at once
			t.Fatal(err)
		}
		got, _ = e.Claim(ctx, tifa.Claim{Source: source, Worker: "w2", N: 1, Lease: time.Minute, Since: run})
		wantURLs(t, "same run", urls(got))
		time.Sleep(5 * time.Millisecond) // past the claim's millisecond
		next, err := e.Clock(ctx)
		if err != nil || !next.After(run) {
			t.Fatalf("store's clock later: %v, %v; want after %v", next, err, run)
		}
		got, _ = e.Claim(ctx, tifa.Claim{Source: source, Worker: "w2", N: 1, Lease: time.Minute, Since: next})
		wantURLs(t, "next run", urls(got), us[0])
	}},
	{"frontier/a dead worker's lease is taken over within the run", func(t *testing.T, e Engine) {
		ctx := context.Background()
		us := queue(t, e, 2)
		run := t0
		got, _ := e.Claim(ctx, tifa.Claim{Source: source, Worker: "w1", N: 1, Now: run.Add(time.Second), Lease: time.Minute, Since: run})
		wantURLs(t, "w1's claim", urls(got), us[0])
		got, _ = e.Claim(ctx, tifa.Claim{Source: source, Worker: "w2", N: 1, Now: run.Add(2 * time.Second), Lease: time.Minute, Since: run})
		wantURLs(t, "w2's claim", urls(got), us[1])
		if err := e.Done(ctx, us[1]); err != nil {
			t.Fatal(err)
		}
		// w2 is through but w1 still holds a URL: w2 waits for it rather than
		// leave, so a killed w1 costs a lease, not a run.
		if n, err := e.Leased(ctx, source, "w2"); n != 1 || err != nil {
			t.Errorf("leased to others, as w2 sees it: %d, %v; want w1's 1", n, err)
		}
		if n, _ := e.Leased(ctx, source, "w1"); n != 0 {
			t.Errorf("leased to others, as w1 sees it: %d, want 0", n)
		}
		if n, _ := e.Leased(ctx, "people", "w2"); n != 0 {
			t.Errorf("leased in another source: %d, want 0", n)
		}
		got, _ = e.Claim(ctx, tifa.Claim{Source: source, Worker: "w2", N: 1, Now: run.Add(59 * time.Second), Lease: time.Minute, Since: run})
		wantURLs(t, "while w1's lease lives", urls(got))
		got, _ = e.Claim(ctx, tifa.Claim{Source: source, Worker: "w2", N: 1, Now: run.Add(62 * time.Second), Lease: time.Minute, Since: run})
		wantURLs(t, "once w1's lease ran out, in the same run", urls(got), us[0])
	}},
	{"frontier/leases on the store's clock", func(t *testing.T, e Engine) {
		ctx := context.Background()
		us := queue(t, e, 1)
		// No Now: the store's clock dates the lease, so workers whose clocks
		// disagree still agree on when it ends.
		lease := time.Second
		got, err := e.Claim(ctx, tifa.Claim{Source: source, Worker: "w1", N: 1, Lease: lease})
		if err != nil {
			t.Fatal(err)
		}
		wantURLs(t, "first claim", urls(got), us[0])
		got, _ = e.Claim(ctx, tifa.Claim{Source: source, Worker: "w2", N: 1, Lease: lease})
		wantURLs(t, "while leased", urls(got))
		time.Sleep(600 * time.Millisecond)
		if n, err := e.Renew(ctx, "w1", time.Time{}, lease); n != 1 || err != nil {
			t.Fatalf("renew: %d, %v; want 1", n, err)
		}
		time.Sleep(600 * time.Millisecond) // past the first lease, not the renewed one
		got, _ = e.Claim(ctx, tifa.Claim{Source: source, Worker: "w2", N: 1, Lease: lease})
		wantURLs(t, "after the renewal", urls(got))
		time.Sleep(600 * time.Millisecond)
		got, _ = e.Claim(ctx, tifa.Claim{Source: source, Worker: "w2", N: 1, Lease: lease})
		wantURLs(t, "once the renewed lease ran out", urls(got), us[0])
	}},
	{"frontier/requeue brings back a stored or given-up URL", func(t *testing.T, e Engine) {
		ctx := context.Background()
		us := queue(t, e, 1)
		claim(t, e, "w1", 1, t0)
		if err := e.Retry(ctx, us[0], t0.Add(time.Hour), errors.New("HTTP 404"), true); err != nil {
			t.Fatal(err)
		}
		stored := "https://www.news.cn/s/1.html"
		a := article(stored, "2026-11-20", body(3))
		a.Key = stored
		save(t, e, a, nil, lexV1, tifa.Inserted)
		for _, u := range []string{us[0], stored} {
			if err := e.Requeue(ctx, source, u, u, t0); err != nil {
				t.Fatal(err)
			}
		}
		wantURLs(t, "after requeue", claim(t, e, "w2", 5, t0.Add(time.Second)), us[0], stored)
	}},
	{"frontier/validators kept with the body, forgotten without", func(t *testing.T, e Engine) {
		ctx := context.Background()
		u := "https://www.news.cn/list/"
		if v, err := e.Validators(ctx, u); err != nil || v.ETag != "" || v.Body != nil {
			t.Errorf("validators of an unknown page: %+v, %v; want none", v, err)
		}
		v := tifa.Validators{ETag: `"abc"`, LastModified: "Thu, 26 Nov 2026 08:00:00 GMT", Body: []byte("<html>列表</html>"), ContentType: "text/html", Sig: "sig1"}
		if err := e.SetValidators(ctx, u, v); err != nil {
			t.Fatal(err)
		}
		got, err := e.Validators(ctx, u)
		if err != nil || got.ETag != v.ETag || got.LastModified != v.LastModified || string(got.Body) != string(v.Body) || got.ContentType != v.ContentType || got.Sig != v.Sig {
			t.Errorf("validators read back %+v, %v; want %+v", got, err, v)
		}
		if err := e.SetValidators(ctx, u, tifa.Validators{Body: []byte("new")}); err != nil {
			t.Fatal(err)
		}
		if got, err := e.Validators(ctx, u); err != nil || got.ETag != "" || len(got.Body) != 0 {
			t.Errorf("after a response without validators: %+v, %v; want none kept", got, err)
		}
	}},
}
