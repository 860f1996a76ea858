package ingest_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/tifa-project/tifa"
	"github.com/tifa-project/tifa/config"
	"github.com/tifa-project/tifa/crawler"
	"github.com/tifa-project/tifa/ingest"
	"github.com/tifa-project/tifa/replay"
	"github.com/tifa-project/tifa/sqlite"
	"github.com/tifa-project/tifa/tagger"
)

// crawlDemo crawls the demo's real pages into a fresh database with cfg.
func crawlDemo(t *testing.T, cfg *config.Config, tg *tagger.Tagger) *sqlite.DB {
	t.Helper()
	ctx := context.Background()
	site, err := replay.DemoSite(os.DirFS(".."), cfg.Starts(replay.DemoSources()...))
	if err != nil {
		t.Fatal(err)
	}
	srv, err := replay.Start(ctx, site)
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "tifa.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	var srcs []*config.Source
	for _, id := range replay.DemoSources() {
		src, _ := cfg.Source(id)
		src.Delay.Duration = time.Millisecond
		srcs = append(srcs, src)
	}
	cr := &crawler.Crawler{Config: cfg, DB: db, Transport: srv.Transport(),
		Handler: &ingest.Ingester{Store: db, Tagger: tg},
		Logger:  slog.New(slog.NewTextHandler(io.Discard, nil))}
	for _, s := range cr.Run(ctx, srcs) {
		if s.Failed || s.New == 0 {
			t.Fatalf("crawl %s: %+v", s.Source, s)
		}
	}
	return db
}

func series(t *testing.T, db *sqlite.DB) []tifa.TermDay {
	t.Helper()
	days, err := db.TermDays(context.Background(), tifa.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	return days
}

// TestRetagEqualsFreshCrawl adds a term to the default lexicon, retags a
// database crawled without it (interrupted once, then resumed) and checks the
// series equals that of a fresh crawl with the term.
func TestRetagEqualsFreshCrawl(t *testing.T) {
	before := config.Default()
	after := config.Default()
	// 中部地区崛起 (rise of central China) is in the People's Daily page of
	// 2024-05-10 four times (title "在新时代中部地区崛起中争先出彩"; body
	// "推动中部地区崛起座谈会", "推动中部地区崛起引领新航向", "推动中部地区崛起一系列
	// 政策举措"), and in no default term.
	after.Terms = append(after.Terms, config.Term{ID: "rise-of-central-china", Zh: []string{"中部地区崛起"}, En: []string{"rise of the central region"}})
	tgBefore, err := ingest.NewTagger(before, &testSegs)
	if err != nil {
		t.Fatal(err)
	}
	tgAfter, err := ingest.NewTagger(after, &testSegs)
	if err != nil {
		t.Fatal(err)
	}
	old := crawlDemo(t, before, tgBefore)
	fresh := crawlDemo(t, after, tgAfter)

	// Interrupt after the first batch of one article, as a kill would.
	ctx, cancel := context.WithCancel(context.Background())
	st, err := ingest.Retag(ctx, old, tgAfter, nil, 1, func(ingest.RetagStats) { cancel() })
	if !errors.Is(err, context.Canceled) || st.Articles != 1 {
		t.Fatalf("interrupted retag: %+v, %v; want 1 article and context.Canceled", st, err)
	}
	st, err = ingest.Retag(context.Background(), old, tgAfter, nil, 2, nil)
	if want := len(replay.DemoPages) - 1; err != nil || st.Articles != want {
		t.Fatalf("resumed retag: %+v, %v; want the %d articles left", st, err, want)
	}
	if got, want := series(t, old), series(t, fresh); !reflect.DeepEqual(got, want) {
		t.Errorf("retagged series differs from a fresh crawl:\ngot  %+v\nwant %+v", got, want)
	}
	found := false
	for _, d := range series(t, old) {
		if d.Term == "rise-of-central-china" {
			found = d.Mentions == 4 && d.Day == "2024-05-10"
		}
	}
	if !found {
		t.Errorf("new term not counted 4 times on 2024-05-10: %+v", series(t, old))
	}
	// Idempotent: nothing is left to do.
	if st, err := ingest.Retag(context.Background(), old, tgAfter, nil, 100, nil); err != nil || st.Articles != 0 {
		t.Errorf("second retag: %+v, %v; want nothing to do", st, err)
	}
	if n, _ := old.StaleArticles(context.Background(), tgAfter.Version()); n != 0 {
		t.Errorf("%d articles still at the old lexicon version", n)
	}
	// Recounting one term only leaves the others as they were.
	if st, err := ingest.Retag(context.Background(), old, tgBefore, []string{"high-quality-development"}, 3, nil); err != nil || st.Articles != len(replay.DemoPages) {
		t.Errorf("retag one term: %+v, %v", st, err)
	}
	if got, want := series(t, old), series(t, fresh); !reflect.DeepEqual(got, want) {
		t.Errorf("retag of one term changed the series:\ngot  %+v\nwant %+v", got, want)
	}
}

// TestRetagBackAndForth applies a lexicon, an earlier one, then the first
// again (what retag --version does): each full recount must do every
// article, not resume after where the same job once finished.
func TestRetagBackAndForth(t *testing.T) {
	before := config.Default()
	after := config.Default()
	after.Terms = append(after.Terms, config.Term{ID: "rise-of-central-china", Zh: []string{"中部地区崛起"}})
	tgBefore, err := ingest.NewTagger(before, &testSegs)
	if err != nil {
		t.Fatal(err)
	}
	tgAfter, err := ingest.NewTagger(after, &testSegs)
	if err != nil {
		t.Fatal(err)
	}
	db := crawlDemo(t, before, tgBefore)
	crawled := series(t, db)
	ctx := context.Background()
	for i, tg := range []*tagger.Tagger{tgAfter, tgBefore, tgAfter} {
		st, err := ingest.Retag(ctx, db, tg, nil, 2, nil)
		if err != nil || st.Articles != len(replay.DemoPages) {
			t.Fatalf("retag %d: %+v, %v; want all %d articles recounted", i+1, st, err, len(replay.DemoPages))
		}
		if i == 1 && !reflect.DeepEqual(series(t, db), crawled) {
			t.Errorf("retag back to the crawl's lexicon: series differs from the crawl's")
		}
	}
	if n, _ := db.StaleArticles(ctx, tgAfter.Version()); n != 0 {
		t.Errorf("%d articles left at the earlier lexicon after the third retag", n)
	}
}
