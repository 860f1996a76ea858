package postgres

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/tifa-project/tifa"
)

// t0 is these tests' clock: claims compare the times they are given.
var t0 = time.Date(2026, 11, 27, 8, 0, 0, 0, time.UTC)

func enqueue(t *testing.T, db *DB, source string, urls ...string) {
	t.Helper()
	for _, u := range urls {
		if _, err := db.Enqueue(context.Background(), source, u, u, t0, time.Time{}); err != nil {
			t.Fatal(err)
		}
	}
}

func claimHostsOf(t *testing.T, db *DB, source, worker string, n int, now time.Time) []string {
	t.Helper()
	got, err := db.ClaimHosts(context.Background(), tifa.Claim{Source: source, Worker: worker, N: n, Now: now, Lease: time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, p := range got {
		out = append(out, p.URL)
		if err := db.Done(context.Background(), p.URL); err != nil { // fetched and stored
			t.Fatal(err)
		}
	}
	return out
}

// Two workers claim at once from one host: one gets its URL, the other
// nothing, and the host's next allowed time has moved by its delay.
func TestClaimHostsOneHostTwoWorkers(t *testing.T) {
	ctx := context.Background()
	a, dsn := openTest(t)
	b := worker(t, dsn, "machine-b:2")
	enqueue(t, a, "s", "http://one.example/1", "http://one.example/2", "http://one.example/3")
	if err := a.SetHostDelay(ctx, "one.example", time.Hour); err != nil {
		t.Fatal(err)
	}
	for round := 0; round < 20; round++ { // many rounds: the race has a chance to show
		if _, err := a.db.Exec(ctx, `UPDATE hosts SET next_allowed = '-infinity'; UPDATE frontier SET leased_to = '', lease_until = NULL`); err != nil {
			t.Fatal(err)
		}
		var wg sync.WaitGroup
		got := make([][]tifa.Pending, 2)
		errs := make([]error, 2)
		start := make(chan struct{})
		for i, w := range []*DB{a, b} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				got[i], errs[i] = w.ClaimHosts(ctx, tifa.Claim{Source: "s", Worker: fmt.Sprint("w", i), N: 5, Now: t0, Lease: time.Minute})
			}()
		}
		close(start)
		wg.Wait()
		for _, err := range errs {
			if err != nil {
				t.Fatal(err)
			}
		}
		if n := len(got[0]) + len(got[1]); n != 1 {
			t.Fatalf("round %d: claims got %v and %v; want one URL in all (one host, delay an hour)", round, got[0], got[1])
		}
		var next time.Time
		if err := a.db.QueryRow(ctx, `SELECT next_allowed FROM hosts WHERE host = 'one.example'`).Scan(&next); err != nil {
			t.Fatal(err)
		}
		if !next.Equal(t0.Add(time.Hour)) {
			t.Fatalf("round %d: host next allowed at %v; want %v, the claim's time plus the delay", round, next.UTC(), t0.Add(time.Hour))
		}
	}
}

// The delay holds: with a delay, a second claim finds nothing until the
// delay has passed; without, it takes the next URL; one URL per host, several
// hosts at once; a hold (Retry-After) keeps a host off.
func TestClaimHostsRespectsHostDelay(t *testing.T) {
	ctx := context.Background()
	db, _ := openTest(t)
	enqueue(t, db, "s", "http://slow.example/1", "http://slow.example/2", "http://fast.example/1", "http://fast.example/2")
	if err := db.SetHostDelay(ctx, "Slow.Example", time.Hour); err != nil {
		t.Fatal(err)
	}
	if got := claimHostsOf(t, db, "s", "w1", 10, t0); fmt.Sprint(got) != "[http://slow.example/1 http://fast.example/1]" {
		t.Fatalf("first claim = %v; want the oldest URL of each host", got)
	}
	if got := claimHostsOf(t, db, "s", "w1", 10, t0.Add(time.Second)); fmt.Sprint(got) != "[http://fast.example/2]" {
		t.Fatalf("second claim = %v; want only fast.example/2 (slow.example waits an hour)", got)
	}
	if got := claimHostsOf(t, db, "s", "w2", 10, t0.Add(59*time.Minute)); len(got) != 0 {
		t.Fatalf("claim within the hour = %v; want nothing", got)
	}
	if got := claimHostsOf(t, db, "s", "w2", 10, t0.Add(time.Hour)); fmt.Sprint(got) != "[http://slow.example/2]" {
		t.Fatalf("claim after the hour = %v; want slow.example/2", got)
	}
	enqueue(t, db, "s", "http://fast.example/3")
	if err := db.HoldHost(ctx, "fast.example", t0.Add(2*time.Hour)); err != nil {
		t.Fatal(err)
	}
	if got := claimHostsOf(t, db, "s", "w2", 10, t0.Add(90*time.Minute)); len(got) != 0 {
		t.Fatalf("claim while held = %v; want nothing", got)
	}
	if _, err := db.Enqueue(ctx, "t", "http://other.example/y", "http://other.example/y", t0, time.Time{}); err != nil {
		t.Fatal(err)
	}
	if got := claimHostsOf(t, db, "t", "w2", 10, t0); fmt.Sprint(got) != "[http://other.example/y]" {
		t.Fatalf("claim of source t = %v; want its one URL", got)
	}
}

// Many workers drain one frontier of several hosts: every URL is claimed
// exactly once.
func TestClaimHostsDrainsOnceAcrossWorkers(t *testing.T) {
	ctx := context.Background()
	db, dsn := openTest(t)
	var urls []string
	for h := 0; h < 5; h++ {
		for i := 0; i < 20; i++ {
			urls = append(urls, fmt.Sprintf("http://h%d.example/%d", h, i))
		}
	}
	enqueue(t, db, "s", urls...)
	var mu sync.Mutex
	seen := map[string]string{}
	var wg sync.WaitGroup
	for w := 0; w < 4; w++ {
		wk := worker(t, dsn, fmt.Sprintf("w%d", w))
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				got, err := wk.ClaimHosts(ctx, tifa.Claim{Source: "s", Worker: wk.Worker, N: 3, Now: t0, Lease: time.Minute})
				if err != nil {
					t.Error(err)
					return
				}
				if len(got) == 0 {
					var left int
					if err := wk.db.QueryRow(ctx, `SELECT COUNT(*) FROM frontier`).Scan(&left); err != nil {
						t.Error(err)
						return
					}
					if left == 0 {
						return
					}
					continue // others hold the rest, for now
				}
				for _, p := range got {
					mu.Lock()
					if prev, ok := seen[p.URL]; ok {
						t.Errorf("%s claimed by %s and %s", p.URL, prev, wk.Worker)
					}
					seen[p.URL] = wk.Worker
					mu.Unlock()
					if err := wk.Done(ctx, p.URL); err != nil {
						t.Error(err)
						return
					}
				}
			}
		}()
	}
	wg.Wait()
	if len(seen) != len(urls) {
		t.Errorf("claimed %d URLs, want %d", len(seen), len(urls))
	}
}

func TestEnqueueAndDue(t *testing.T) {
	ctx := context.Background()
	db, _ := openTest(t)
	fd := time.Date(2026, 1, 9, 0, 0, 0, 0, time.UTC)
	if fresh, err := db.Enqueue(ctx, "s", "https://a.example/1", "http://a.example/1", t0, time.Time{}); err != nil || !fresh {
		t.Fatalf("Enqueue = %v, %v; want new", fresh, err)
	}
	if fresh, err := db.Enqueue(ctx, "s", "https://a.example/1", "http://a.example/1", t0, fd); err != nil || fresh {
		t.Fatalf("Enqueue again = %v, %v; want not new", fresh, err)
	}
	due, err := db.Due(ctx, "s", t0, 0, 10)
	if err != nil || len(due) != 1 || !due[0].FeedDate.Equal(fd) || due[0].FetchURL != "http://a.example/1" {
		t.Fatalf("Due = %+v, %v; want the URL dated by the feed", due, err)
	}
}
