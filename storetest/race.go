package storetest

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/tifa-project/tifa"
)

// racers is how many goroutines race in each race: more than a pool's
// idle connections, fewer than a server's limit.
const racers = 8

// race runs f(i) on racers goroutines released at once and waits for all.
func race(f func(i int)) {
	start := make(chan struct{})
	var wg sync.WaitGroup
	for i := range racers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			f(i)
		}()
	}
	close(start)
	wg.Wait()
}

var raceCases = []Case{
	{"race/one URL saved at once: the aggregates move once", func(t *testing.T, e Engine) {
		outcomes := make([]tifa.Outcome, racers)
		errs := make([]error, racers)
		race(func(i int) {
			a := article("https://www.news.cn/r/1.html", "2026-11-20", body(10))
			outcomes[i], errs[i] = e.SaveArticle(context.Background(), a, counts(termNQ, 2, termSW, 1), lexV1)
		})
		inserted := 0
		for i, o := range outcomes {
			if errs[i] != nil {
				t.Fatalf("racer %d: %v", i, errs[i])
			}
			switch o {
			case tifa.Inserted:
				inserted++
			case tifa.Updated:
				t.Errorf("racer %d updated an article saved with the same content", i)
			}
		}
		if inserted != 1 {
			t.Errorf("%d racers inserted, want exactly 1", inserted)
		}
		wantAggregates(t, e, "nqpf/xinhua/2026-11-20=2:0:1 sw/xinhua/2026-11-20=1:0:1", "xinhua/2026-11-20=1:10")
	}},
	{"race/one URL saved differently at once: the aggregates are the winner's", func(t *testing.T, e Engine) {
		ctx := context.Background()
		u := "https://www.news.cn/r/1.html"
		errs := make([]error, racers)
		race(func(i int) {
			_, errs[i] = e.SaveArticle(ctx, article(u, "2026-11-20", body(10+i)), counts(termNQ, i+1), lexV1)
		})
		for i, err := range errs {
			if err != nil {
				t.Fatalf("racer %d: %v", i, err)
			}
		}
		m, err := e.Mentions(ctx, u)
		if err != nil || len(m) != 1 {
			t.Fatalf("mentions %v, %v", m, err)
		}
		won := m[termNQ] - 1 // the racer whose save is stored
		a, err := e.Article(ctx, u)
		if err != nil || a.Body != body(10+won) {
			t.Fatalf("stored article %+v, %v; want racer %d's body", a, err, won)
		}
		wantAggregates(t, e, fmt.Sprintf("nqpf/xinhua/2026-11-20=%d:0:1", won+1), fmt.Sprintf("xinhua/2026-11-20=1:%d", 10+won))
	}},
	{"race/claims at once: every URL to one worker", func(t *testing.T, e Engine) {
		us := queue(t, e, 40)
		got := make([][]string, racers)
		errs := make([]error, racers)
		race(func(i int) {
			for {
				ps, err := e.Claim(context.Background(), tifa.Claim{Source: source, Worker: fmt.Sprintf("w%d", i), N: 1 + i%3, Now: t0, Lease: time.Minute})
				if err != nil || len(ps) == 0 {
					errs[i] = err
					return
				}
				got[i] = append(got[i], urls(ps)...)
			}
		})
		seen := map[string]int{}
		for i := range racers {
			if errs[i] != nil {
				t.Fatalf("worker %d: %v", i, errs[i])
			}
			for _, u := range got[i] {
				seen[u]++
			}
		}
		for _, u := range us {
			if seen[u] != 1 {
				t.Errorf("%s claimed %d times, want once", u, seen[u])
			}
		}
	}},
	{"race/one expired lease: one worker takes it over", func(t *testing.T, e Engine) {
		us := queue(t, e, 1)
		claim(t, e, "dead", 1, t0)
		later := t0.Add(2 * time.Minute)
		got := make([][]string, racers)
		race(func(i int) {
			ps, err := e.Claim(context.Background(), tifa.Claim{Source: source, Worker: fmt.Sprintf("w%d", i), N: 1, Now: later, Lease: time.Minute})
			if err == nil {
				got[i] = urls(ps)
			}
		})
		winners := 0
		for _, g := range got {
			if len(g) == 1 && g[0] == us[0] {
				winners++
			}
		}
		if winners != 1 {
			t.Errorf("%d workers took the expired lease, want 1: %v", winners, got)
		}
	}},
	{"race/one host's turn taken at once: one taker gets it", func(t *testing.T, e Engine) {
		waits := make([]time.Duration, racers)
		errs := make([]error, racers)
		race(func(i int) {
			waits[i], errs[i] = e.TakeHost(context.Background(), "www.news.cn", fmt.Sprintf("w%d", i), 1, time.Minute)
		})
		taken := 0
		for i, err := range errs {
			if err != nil {
				t.Fatalf("racer %d: %v", i, err)
			}
			if waits[i] == 0 {
				taken++
			}
		}
		if taken != 1 {
			t.Errorf("%d racers took the host's turn at once, want 1: %v", taken, waits)
		}
	}},
	{"race/a host of parallel 3 taken by many at once: exactly 3 in flight", func(t *testing.T, e Engine) {
		taken := make([]bool, racers)
		errs := make([]error, racers)
		race(func(i int) {
			// A slot another taker locks this instant is skipped, and
			// answered with a short wait: ask again, as the crawler does,
			// until the answer is a held slot's minute.
			for range 100 {
				w, err := e.TakeHost(context.Background(), "www.news.cn", fmt.Sprintf("w%d", i), 3, time.Minute)
				if err != nil || w == 0 {
					taken[i], errs[i] = err == nil, err
					return
				}
				if w > 30*time.Second {
					return
				}
				time.Sleep(5 * time.Millisecond)
			}
			errs[i] = fmt.Errorf("still told to wait briefly after 100 asks")
		})
		n := 0
		for i, err := range errs {
			if err != nil {
				t.Fatalf("racer %d: %v", i, err)
			}
			if taken[i] {
				n++
			}
		}
		if n != 3 {
			t.Errorf("%d racers hold a slot of a host of parallel 3, want 3", n)
		}
	}},
}
