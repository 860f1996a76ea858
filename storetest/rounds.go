package storetest

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"github.com/tifa-project/tifa"
)

// begin begins worker's discovery of the suite's source and says whether
// it is worker's, and the discovery standing otherwise.
func begin(t *testing.T, e Engine, worker string, round, hold time.Duration) (tifa.Discovery, bool) {
	t.Helper()
	d, mine, err := e.BeginDiscovery(context.Background(), source, worker, round, hold)
	if err != nil {
		t.Fatalf("begin discovery for %s: %v", worker, err)
	}
	return d, mine
}

func discovery(t *testing.T, e Engine) tifa.Discovery {
	t.Helper()
	d, err := e.Discovery(context.Background(), source)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// Discoveries run on the store's clock, like host turns: real time, short spans.
var roundCases = []Case{
	{"round/one discovery per round: the first to begin reads the listings", func(t *testing.T, e Engine) {
		ctx := context.Background()
		if d := discovery(t, e); d != (tifa.Discovery{}) {
			t.Fatalf("before any: %+v, want none", d)
		}
		if _, mine := begin(t, e, "w1", time.Minute, time.Minute); !mine {
			t.Fatal("the first worker did not get the discovery")
		}
		d, mine := begin(t, e, "w2", time.Minute, time.Minute)
		if mine || d.Worker != "w1" || !d.Running {
			t.Fatalf("second worker while w1 reads: mine=%v %+v, want w1's running discovery", mine, d)
		}
		if err := e.EndDiscovery(ctx, source, "w2", true); err != nil {
			t.Fatal(err)
		}
		if d := discovery(t, e); !d.Running {
			t.Errorf("another worker's end finished w1's discovery: %+v", d)
		}
		if err := e.EndDiscovery(ctx, source, "w1", true); err != nil {
			t.Fatal(err)
		}
		d = discovery(t, e)
		if d.Running || d.Finished.IsZero() || d.Worker != "w1" || time.Since(d.Finished).Abs() > time.Minute {
			t.Fatalf("after w1 ended complete: %+v, want finished now by w1", d)
		}
		// Within the round the listings read serve every later crawl.
		if d, mine := begin(t, e, "w3", time.Minute, time.Minute); mine || d.Worker != "w1" {
			t.Errorf("a crawl within the round: mine=%v %+v, want w1's reading to serve it", mine, d)
		}
		// Another source is a discovery of its own.
		if _, mine, err := e.BeginDiscovery(ctx, "people", "w3", time.Minute, time.Minute); err != nil || !mine {
			t.Errorf("another source: mine=%v, %v; want its own discovery", mine, err)
		}
	}},
	{"round/the next round reads again", func(t *testing.T, e Engine) {
		begin(t, e, "w1", 100*time.Millisecond, time.Minute)
		if err := e.EndDiscovery(context.Background(), source, "w1", true); err != nil {
			t.Fatal(err)
		}
		time.Sleep(150 * time.Millisecond)
		if d, mine := begin(t, e, "w2", 100*time.Millisecond, time.Minute); !mine {
			t.Fatalf("a round after: %+v, want the listings read again", d)
		}
	}},
	{"round/a lapsed or interrupted discovery is taken over", func(t *testing.T, e Engine) {
		ctx := context.Background()
		// The reader was killed: its hold lapses unrenewed.
		begin(t, e, "dead", time.Minute, 200*time.Millisecond)
		if err := e.RenewDiscovery(ctx, source, "dead", 200*time.Millisecond); err != nil {
			t.Fatal(err)
		}
		if d, mine := begin(t, e, "w2", time.Minute, time.Minute); mine || !d.Running {
			t.Fatalf("while the hold is renewed: mine=%v %+v, want the dead worker's running discovery", mine, d)
		}
		time.Sleep(250 * time.Millisecond)
		d := discovery(t, e)
		if d.Running || !d.Finished.IsZero() || d.Worker != "dead" {
			t.Fatalf("after the hold lapsed: %+v, want neither running nor finished", d)
		}
		if _, mine := begin(t, e, "w2", time.Minute, time.Minute); !mine {
			t.Fatal("a lapsed discovery was not taken over")
		}
		// The dead worker's late renewal and end leave w2's alone.
		if err := e.RenewDiscovery(ctx, source, "dead", time.Hour); err != nil {
			t.Fatal(err)
		}
		if err := e.EndDiscovery(ctx, source, "dead", true); err != nil {
			t.Fatal(err)
		}
		if d := discovery(t, e); !d.Running || d.Worker != "w2" {
			t.Fatalf("after the old reader's late end: %+v, want w2's running", d)
		}
		// Interrupted, w2's reading lapses at once for the next crawl.
		if err := e.EndDiscovery(ctx, source, "w2", false); err != nil {
			t.Fatal(err)
		}
		if d := discovery(t, e); d.Running || !d.Finished.IsZero() {
			t.Fatalf("after an interrupted end: %+v, want lapsed", d)
		}
		if _, mine := begin(t, e, "w3", time.Minute, time.Minute); !mine {
			t.Error("an interrupted discovery was not taken over")
		}
	}},
	{"round/racing crawls: one reads the listings", func(t *testing.T, e Engine) {
		var mine, errs atomic.Int32
		race(func(i int) {
			_, m, err := e.BeginDiscovery(context.Background(), source, fmt.Sprintf("w%d", i), time.Minute, time.Minute)
			if err != nil {
				errs.Add(1)
			}
			if m {
				mine.Add(1)
			}
		})
		if mine.Load() != 1 || errs.Load() != 0 {
			t.Errorf("%d of %d racing crawls began the discovery (%d errors), want exactly one", mine.Load(), racers, errs.Load())
		}
	}},
	{"round/empty source or worker refused", func(t *testing.T, e Engine) {
		if _, _, err := e.BeginDiscovery(context.Background(), "", "w1", time.Minute, time.Minute); err == nil {
			t.Error("began a discovery of no source")
		}
		if _, _, err := e.BeginDiscovery(context.Background(), source, "", time.Minute, time.Minute); err == nil {
			t.Error("began a discovery for nobody")
		}
	}},
}
