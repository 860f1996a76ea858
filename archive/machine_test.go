package archive

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/tifa-project/tifa/config"
)

// TestFilesPerMachine: two machines' writers in one (shared) directory
// write files of their own; Files lists both with the old single-machine
// name, Machine names the writer, and the index keeps the latest fetch of a
// URL both fetched, whatever the files' order.
func TestFilesPerMachine(t *testing.T) {
	ctx := context.Background()
	cfg := config.Archive{Dir: t.TempDir()}
	day := time.Date(2026, 3, 5, 4, 0, 0, 0, time.UTC)
	alone, _ := NewWriter(cfg, nil)
	a, _ := NewWriter(cfg, nil)
	b, _ := NewWriter(cfg, nil)
	a.ForMachine("crawl-a.example")
	b.ForMachine("crawl-b")
	const u = "http://www.news.cn/a.html"
	for _, w := range []struct {
		w    *Writer
		at   time.Time
		body string
	}{{alone, day, "old"}, {b, day.Add(time.Minute), "later"}, {a, day.Add(time.Second), "earlier"}} {
		if err := w.w.Write(ctx, Record{Source: "xinhua", URL: u, Fetched: w.at, Status: 200, Body: []byte(w.body)}); err != nil {
			t.Fatal(err)
		}
	}
	files, err := Files(cfg, "xinhua", "", "")
	if err != nil || len(files) != 3 {
		t.Fatalf("files: %v, %v; want 3", files, err)
	}
	var machines []string
	for _, f := range files {
		machines = append(machines, filepath.Base(f)+"="+Machine(f))
	}
	want := []string{"2026-03-05.crawl-a_example.warc.gz=crawl-a_example", "2026-03-05.crawl-b.warc.gz=crawl-b", "2026-03-05.warc.gz="}
	for i := range want {
		if machines[i] != want[i] {
			t.Fatalf("files and machines %v, want %v", machines, want)
		}
	}
	s, err := Index(ctx, nil, files)
	if err != nil {
		t.Fatal(err)
	}
	body, _, err := s.Fetch(ctx, u)
	if err != nil || string(body) != "later" {
		t.Errorf("the index gives %q, %v; want the latest fetch, by crawl-b", body, err)
	}
}
