package storetest

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/tifa-project/tifa"
)

// take takes host's turn for holder and says how long it must wait
// instead, 0 when taken.
func take(t *testing.T, e Engine, host, holder string, hold time.Duration) time.Duration {
	t.Helper()
	return takeOf(t, e, host, holder, 1, hold)
}

// takeOf is take at a host of slots requests in flight.
func takeOf(t *testing.T, e Engine, host, holder string, slots int, hold time.Duration) time.Duration {
	t.Helper()
	wait, err := e.TakeHost(context.Background(), host, holder, slots, hold)
	if err != nil {
		t.Fatalf("take %s for %s: %v", host, holder, err)
	}
	return wait
}

func end(t *testing.T, e Engine, host, holder string, delay time.Duration) {
	t.Helper()
	if err := e.EndHost(context.Background(), host, holder, delay); err != nil {
		t.Fatalf("end turn at %s of %s: %v", host, holder, err)
	}
}

// Host turns run on the store's clock, so these cases use real time, in
// short spans.
var hostCases = []Case{
	{"host/a held turn keeps a second taker off", func(t *testing.T, e Engine) {
		if w := take(t, e, "www.news.cn", "w1", time.Minute); w != 0 {
			t.Fatalf("first taker waits %v, want the turn", w)
		}
		// The holder is slow to send and slower to hear back: however long
		// the claim is past, nobody else sends meanwhile.
		w := take(t, e, "www.news.cn", "w2", time.Minute)
		if w <= 0 || w > time.Minute {
			t.Errorf("second taker while the turn is held: wait %v, want the turn refused until at most the hold's end, a minute", w)
		}
		if w := take(t, e, "WWW.News.CN", "w3", time.Minute); w == 0 {
			t.Error("the same host in capitals was taken while held")
		}
		if w := take(t, e, "paper.people.com.cn", "w2", time.Minute); w != 0 {
			t.Errorf("another host waits %v, want its own turn", w)
		}
	}},
	{"host/an ended turn opens the host a delay after the answer", func(t *testing.T, e Engine) {
		const delay = 300 * time.Millisecond
		take(t, e, "www.news.cn", "w1", time.Minute)
		time.Sleep(100 * time.Millisecond) // the request and its answer take time
		answered := time.Now()
		end(t, e, "www.news.cn", "w1", delay)
		w := take(t, e, "www.news.cn", "w2", time.Minute)
		// Counted from the take, what is left would be at most the delay
		// less the 100 ms before the answer.
		if least := delay - time.Since(answered) - 5*time.Millisecond; w < least || w > delay {
			t.Fatalf("right after the answer: wait %v, want the delay %v counted from the answer (at least %v left), not from the take", w, delay, least)
		}
		for time.Since(answered) < delay {
			time.Sleep(10 * time.Millisecond)
		}
		time.Sleep(20 * time.Millisecond) // the store's clock and this one read a few ms apart
		if w := take(t, e, "www.news.cn", "w2", time.Minute); w != 0 {
			t.Errorf("a delay after the answer: wait %v, want the turn", w)
		}
	}},
	{"host/a turn ends only by its holder", func(t *testing.T, e Engine) {
		take(t, e, "www.news.cn", "w1", time.Minute)
		end(t, e, "www.news.cn", "w2", 0)
		if w := take(t, e, "www.news.cn", "w3", time.Minute); w == 0 {
			t.Error("a turn ended by someone other than its holder: the host was taken again")
		}
		end(t, e, "www.news.cn", "w1", 0)
		if w := take(t, e, "www.news.cn", "w3", time.Minute); w != 0 {
			t.Errorf("after the holder ended its turn without delay: wait %v, want the turn", w)
		}
	}},
	{"host/a lapsed hold is taken over", func(t *testing.T, e Engine) {
		// The holder was killed mid-request: its turn lapses at the hold's end.
		take(t, e, "www.news.cn", "dead", 100*time.Millisecond)
		if w := take(t, e, "www.news.cn", "w2", time.Minute); w == 0 || w > 100*time.Millisecond {
			t.Fatalf("during the hold: wait %v, want at most the hold left", w)
		}
		time.Sleep(120 * time.Millisecond)
		if w := take(t, e, "www.news.cn", "w2", time.Minute); w != 0 {
			t.Fatalf("after the hold lapsed: wait %v, want the turn taken over", w)
		}
		// The dead holder's late end (it was only slow) does not end the new turn.
		end(t, e, "www.news.cn", "dead", 0)
		if w := take(t, e, "www.news.cn", "w3", time.Minute); w == 0 {
			t.Error("the old holder's end released the turn that was taken over")
		}
	}},
	{"host/a hold keeps every worker off", func(t *testing.T, e Engine) {
		ctx := context.Background()
		until := time.Now().Add(30 * time.Second) // Retry-After: 30
		if err := e.HoldHost(ctx, "www.news.cn", until); err != nil {
			t.Fatal(err)
		}
		if err := e.HoldHost(ctx, "www.news.cn", time.Now()); err != nil { // a shorter hold does not shorten it
			t.Fatal(err)
		}
		if w := take(t, e, "www.news.cn", "w1", time.Minute); w < 29*time.Second || w > 30*time.Second {
			t.Errorf("during a Retry-After of 30 s: wait %v, want the rest of it", w)
		}
		// Ending a turn with a short delay does not shorten the hold either.
		take(t, e, "paper.people.com.cn", "w1", time.Minute)
		if err := e.HoldHost(ctx, "paper.people.com.cn", until); err != nil {
			t.Fatal(err)
		}
		end(t, e, "paper.people.com.cn", "w1", time.Second)
		if w := take(t, e, "paper.people.com.cn", "w2", time.Minute); w < 29*time.Second {
			t.Errorf("a turn ended during a Retry-After: wait %v, want the rest of it", w)
		}
	}},
	{"host/parallel 2: two requests in flight from any workers, a third waits", func(t *testing.T, e Engine) {
		if w := takeOf(t, e, "www.news.cn", "a/1", 2, time.Minute); w != 0 {
			t.Fatalf("first of two slots: wait %v, want it", w)
		}
		if w := takeOf(t, e, "www.news.cn", "b/1", 2, time.Minute); w != 0 {
			t.Fatalf("second of two slots, another worker: wait %v, want it", w)
		}
		if w := takeOf(t, e, "www.news.cn", "c/1", 2, time.Minute); w <= 0 || w > time.Minute {
			t.Fatalf("a third request while both slots are held: wait %v, want it refused until at most a hold's end", w)
		}
		// One answer came: its slot opens a delay later, the other stays held.
		const delay = 300 * time.Millisecond
		end(t, e, "www.news.cn", "a/1", delay)
		if w := takeOf(t, e, "www.news.cn", "c/1", 2, time.Minute); w <= 0 || w > delay {
			t.Fatalf("right after one answer: wait %v, want the answered slot's delay, at most %v", w, delay)
		}
		time.Sleep(delay + 20*time.Millisecond)
		if w := takeOf(t, e, "www.news.cn", "c/1", 2, time.Minute); w != 0 {
			t.Fatalf("a delay after the answer: wait %v, want the answered slot", w)
		}
		if w := takeOf(t, e, "www.news.cn", "d/1", 2, time.Minute); w == 0 {
			t.Fatal("a third request in flight at a host of parallel 2")
		}
		// Raised to 3 (the configuration changed): a third slot opens.
		if w := takeOf(t, e, "www.news.cn", "d/1", 3, time.Minute); w != 0 {
			t.Fatalf("parallel raised to 3: wait %v, want the new slot", w)
		}
		// Lowered to 1 while three are in flight: nothing more until one
		// of the slots kept (slot 0) ends.
		if w := takeOf(t, e, "www.news.cn", "e/1", 1, time.Minute); w == 0 {
			t.Fatal("parallel lowered to 1 with three in flight: a fourth was sent")
		}
	}},
	{"host/a hold closes every slot", func(t *testing.T, e Engine) {
		ctx := context.Background()
		if w := takeOf(t, e, "www.news.cn", "a/1", 4, time.Minute); w != 0 {
			t.Fatalf("first slot: wait %v", w)
		}
		if err := e.HoldHost(ctx, "www.news.cn", time.Now().Add(10*time.Second)); err != nil {
			t.Fatal(err)
		}
		if w := takeOf(t, e, "www.news.cn", "b/1", 4, time.Minute); w < 9*time.Second || w > 10*time.Second {
			t.Errorf("three slots free during a Retry-After of 10 s: wait %v, want the rest of it", w)
		}
	}},
	{"host/empty name or holder refused", func(t *testing.T, e Engine) {
		if _, err := e.TakeHost(context.Background(), "", "w1", 1, time.Second); err == nil {
			t.Error("took a turn at no host")
		}
		if _, err := e.TakeHost(context.Background(), "www.news.cn", "", 1, time.Second); err == nil {
			t.Error("took a turn for nobody")
		}
	}},
}

var lockCases = []Case{
	{"lock/exclusive until unlocked", func(t *testing.T, e Engine) {
		ctx := context.Background()
		l, err := e.TryLock(ctx, "crawl")
		if err != nil {
			t.Fatal(err)
		}
		if l2, err := e.TryLock(ctx, "crawl"); !errors.Is(err, tifa.ErrLocked) {
			if l2 != nil {
				l2.Unlock()
			}
			t.Fatalf("second lock: %v, want ErrLocked", err)
		}
		if err := l.Unlock(); err != nil {
			t.Fatal(err)
		}
		l3, err := e.TryLock(ctx, "crawl")
		if err != nil {
			t.Fatalf("lock after unlock: %v", err)
		}
		l3.Unlock()
	}},
	{"lock/a cancelled context takes no lock", func(t *testing.T, e Engine) {
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		if l, err := e.TryLock(ctx, "retag"); err == nil {
			l.Unlock()
			t.Error("took a lock with a cancelled context")
		}
	}},
}
