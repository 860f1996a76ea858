package postgres

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"
)

func enqueue(t *testing.T, db *DB, source string, urls ...string) {
	t.Helper()
	for _, u := range urls {
		if _, err := db.Enqueue(context.Background(), source, u, u, time.Now(), time.Time{}); err != nil {
			t.Fatal(err)
		}
	}
}

// Two workers claim at once from one host: one gets its URL, the other
// nothing, and the host's next allowed time has moved by its delay.
func TestClaimOneHostTwoWorkers(t *testing.T) {
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
		got := make([][]Pending, 2)
		errs := make([]error, 2)
		start := make(chan struct{})
		for i, w := range []*DB{a, b} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				got[i], errs[i] = w.Claim(ctx, "s", 5, time.Minute)
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
		var leased int
		if err := a.db.QueryRow(ctx, `SELECT COUNT(*) FROM frontier WHERE lease_until IS NOT NULL`).Scan(&leased); err != nil || leased != 1 {
			t.Fatalf("round %d: leased rows = %d, %v; want 1", round, leased, err)
		}
		var wait time.Duration
		if err := a.db.QueryRow(ctx, `SELECT EXTRACT(EPOCH FROM next_allowed - now())::bigint * 1000000000 FROM hosts WHERE host = 'one.example'`).Scan(&wait); err != nil {
			t.Fatal(err)
		}
		if wait < 59*time.Minute || wait > time.Hour {
			t.Fatalf("round %d: host next allowed in %v; want about the hour's delay", round, wait)
		}
	}
}

// The delay holds: with a delay, a second claim finds nothing; without, it
// takes the next URL; a claim takes one URL per host, several hosts at once.
func TestClaimRespectsHostDelay(t *testing.T) {
	ctx := context.Background()
	db, _ := openTest(t)
	enqueue(t, db, "s", "http://slow.example/1", "http://slow.example/2", "http://fast.example/1", "http://fast.example/2")
	if err := db.SetHostDelay(ctx, "slow.example", time.Hour); err != nil {
		t.Fatal(err)
	}
	got, err := db.Claim(ctx, "s", 10, time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]bool{"http://slow.example/1": true, "http://fast.example/1": true}
	if len(got) != 2 {
		t.Fatalf("first claim of source s = %v; want one URL of each of its hosts", got)
	}
	for _, p := range got {
		if !want[p.URL] {
			t.Errorf("claimed %s; want the oldest URL of each host", p.URL)
		}
	}
	got, err = db.Claim(ctx, "s", 10, time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].URL != "http://fast.example/2" {
		t.Fatalf("second claim = %v; want only fast.example/2 (slow.example waits an hour)", got)
	}
	// A pause (Retry-After) holds a host without a delay.
	enqueue(t, db, "s", "http://fast.example/3")
	if err := db.PauseHost(ctx, "fast.example", time.Now().Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if got, err = db.Claim(ctx, "s", 10, time.Minute); err != nil || len(got) != 0 {
		t.Fatalf("claim while paused = %v, %v; want nothing", got, err)
	}
	// Another source's URLs are not this source's.
	if _, err := db.Enqueue(ctx, "t", "http://other.example/y", "http://other.example/y", time.Now(), time.Time{}); err != nil {
		t.Fatal(err)
	}
	got, err = db.Claim(ctx, "t", 10, time.Minute)
	if err != nil || len(got) != 1 || got[0].URL != "http://other.example/y" || got[0].Source != "t" {
		t.Fatalf("claim of source t = %v, %v; want its one URL", got, err)
	}
}

// A worker that dies holding a lease loses it when the lease runs out:
// another claims the URL, the dead one cannot renew it, and Reap counts
// expired leases.
func TestExpiredLeaseIsTakenOver(t *testing.T) {
	ctx := context.Background()
	a, dsn := openTest(t)
	b := worker(t, dsn, "machine-b:2")
	enqueue(t, a, "s", "http://one.example/1")
	got, err := a.Claim(ctx, "s", 1, time.Minute)
	if err != nil || len(got) != 1 {
		t.Fatalf("claim = %v, %v", got, err)
	}
	if err := a.Renew(ctx, []string{got[0].URL}, time.Minute); err != nil {
		t.Fatalf("renew of a held lease: %v", err)
	}
	if got, err := b.Claim(ctx, "s", 1, time.Minute); err != nil || len(got) != 0 {
		t.Fatalf("claim of a leased URL = %v, %v; want nothing", got, err)
	}
	// The lease runs out (as if a's machine died a while ago).
	if _, err := a.db.Exec(ctx, `UPDATE frontier SET lease_until = now() - interval '1 second'`); err != nil {
		t.Fatal(err)
	}
	got, err = b.Claim(ctx, "s", 1, time.Minute)
	if err != nil || len(got) != 1 || got[0].URL != "http://one.example/1" {
		t.Fatalf("claim after the lease ran out = %v, %v; want the URL", got, err)
	}
	if err := a.Renew(ctx, []string{got[0].URL}, time.Minute); !errors.Is(err, ErrLeaseLost) {
		t.Fatalf("renew by the worker that lost the lease: %v; want ErrLeaseLost", err)
	}
	// a's Release does not free what b holds.
	if err := a.Release(ctx, got[0].URL); err != nil {
		t.Fatal(err)
	}
	var holder string
	if err := a.db.QueryRow(ctx, `SELECT leased_to FROM frontier`).Scan(&holder); err != nil || holder != "machine-b:2" {
		t.Fatalf("holder after another's release = %q, %v", holder, err)
	}
	if n, err := a.Reap(ctx); err != nil || n != 0 {
		t.Fatalf("reap with no lease expired = %d, %v", n, err)
	}
	if _, err := a.db.Exec(ctx, `UPDATE frontier SET lease_until = now() - interval '1 second'`); err != nil {
		t.Fatal(err)
	}
	if n, err := a.Reap(ctx); err != nil || n != 1 {
		t.Fatalf("reap = %d, %v; want the 1 expired lease", n, err)
	}
	// Retry ends the lease and delays the URL; Done removes it.
	if err := b.Retry(ctx, "http://one.example/1", time.Now().Add(time.Hour), errors.New("timeout"), false); err != nil {
		t.Fatal(err)
	}
	if got, err := b.Claim(ctx, "s", 1, time.Minute); err != nil || len(got) != 0 {
		t.Fatalf("claim of a URL retried in an hour = %v, %v", got, err)
	}
	if w, g, err := b.FrontierSize(ctx, "s"); err != nil || w != 1 || g != 0 {
		t.Fatalf("frontier size = %d waiting, %d gone, %v", w, g, err)
	}
	if err := b.Done(ctx, "http://one.example/1"); err != nil {
		t.Fatal(err)
	}
	if w, _, err := b.FrontierSize(ctx, ""); err != nil || w != 0 {
		t.Fatalf("frontier after done = %d, %v", w, err)
	}
}

// Many workers drain one frontier of several hosts with no delay: every URL
// is claimed exactly once.
func TestClaimDrainsOnceAcrossWorkers(t *testing.T) {
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
				got, err := wk.Claim(ctx, "s", 3, time.Minute)
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
	now := time.Date(2026, 1, 10, 8, 0, 0, 0, time.UTC)
	fd := time.Date(2026, 1, 9, 0, 0, 0, 0, time.UTC)
	if fresh, err := db.Enqueue(ctx, "s", "https://a.example/1", "http://a.example/1", now, time.Time{}); err != nil || !fresh {
		t.Fatalf("Enqueue = %v, %v; want new", fresh, err)
	}
	if fresh, err := db.Enqueue(ctx, "s", "https://a.example/1", "http://a.example/1", now, fd); err != nil || fresh {
		t.Fatalf("Enqueue again = %v, %v; want not new", fresh, err)
	}
	due, err := db.Due(ctx, "s", now, 0, 10)
	if err != nil || len(due) != 1 || !due[0].FeedDate.Equal(fd) || due[0].FetchURL != "http://a.example/1" {
		t.Fatalf("Due = %+v, %v; want the URL dated by the feed", due, err)
	}
}
