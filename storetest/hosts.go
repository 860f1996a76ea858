package storetest

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/tifa-project/tifa"
)

func reserve(t *testing.T, e Engine, host string, delay time.Duration, now time.Time) time.Time {
	t.Helper()
	at, err := e.ReserveHost(context.Background(), host, delay, now)
	if err != nil {
		t.Fatalf("reserve %s at %v: %v", host, now, err)
	}
	return at
}

func wantTurn(t *testing.T, what string, got, want time.Time) {
	t.Helper()
	if !got.Equal(want) {
		t.Errorf("%s: turn at %v, want %v", what, got.UTC(), want.UTC())
	}
}

var hostCases = []Case{
	{"host/turns are a delay apart", func(t *testing.T, e Engine) {
		d := 2 * time.Second
		wantTurn(t, "first request", reserve(t, e, "www.news.cn", d, t0), t0)
		wantTurn(t, "second at once", reserve(t, e, "www.news.cn", d, t0), t0.Add(d))
		wantTurn(t, "third at once", reserve(t, e, "www.news.cn", d, t0.Add(time.Second)), t0.Add(2*d))
		// Long after, the host is free at once again.
		wantTurn(t, "after a pause", reserve(t, e, "www.news.cn", d, t0.Add(time.Hour)), t0.Add(time.Hour))
	}},
	{"host/hosts are apart, names case-blind", func(t *testing.T, e Engine) {
		d := time.Second
		reserve(t, e, "www.news.cn", d, t0)
		wantTurn(t, "another host", reserve(t, e, "paper.people.com.cn", d, t0), t0)
		wantTurn(t, "same host in capitals", reserve(t, e, "WWW.News.CN", d, t0), t0.Add(d))
	}},
	{"host/no delay orders nothing", func(t *testing.T, e Engine) {
		wantTurn(t, "first", reserve(t, e, "www.news.cn", 0, t0), t0)
		wantTurn(t, "second", reserve(t, e, "www.news.cn", 0, t0), t0)
	}},
	{"host/a hold keeps every worker off", func(t *testing.T, e Engine) {
		ctx := context.Background()
		until := t0.Add(30 * time.Second) // Retry-After: 30
		if err := e.HoldHost(ctx, "www.news.cn", until); err != nil {
			t.Fatal(err)
		}
		if err := e.HoldHost(ctx, "www.news.cn", t0.Add(time.Second)); err != nil { // a shorter hold does not shorten it
			t.Fatal(err)
		}
		wantTurn(t, "during the hold", reserve(t, e, "www.news.cn", time.Second, t0), until)
		wantTurn(t, "the next", reserve(t, e, "www.news.cn", time.Second, t0), until.Add(time.Second))
	}},
	{"host/empty name refused", func(t *testing.T, e Engine) {
		if _, err := e.ReserveHost(context.Background(), "", time.Second, t0); err == nil {
			t.Error("reserved a turn at no host")
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
