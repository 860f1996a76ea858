package archive

import (
	"context"
	"net/http"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/tifa-project/tifa/config"
)

func page(u string, fetched time.Time, body string) Record {
	return Record{Source: "xinhua", URL: u, Fetched: fetched, Status: 200,
		Header: http.Header{"Content-Type": {"text/html; charset=utf-8"}}, Body: []byte(body)}
}

// TestIndexLastFetchWins: of a URL fetched several times, in one file or
// across days, Each gives the last response once and Fetch answers with it;
// a damaged file keeps what was read, an unreadable one is counted.
func TestIndexLastFetchWins(t *testing.T) {
	ctx := context.Background()
	cfg := config.Archive{Dir: t.TempDir()}
	w := mustWriter(t, cfg)
	day1 := time.Date(2026, 3, 5, 1, 0, 0, 0, time.UTC)
	day2 := day1.Add(24 * time.Hour)
	for _, rec := range []Record{
		page("http://www.news.cn/a.html", day1, "a first"),
		page("http://www.news.cn/b.html", day1.Add(time.Minute), "b only"),
		page("http://www.news.cn/a.html", day1.Add(2*time.Minute), "a second"),
		page("http://www.news.cn/c.html", day2, "c first"),
		page("http://www.news.cn/a.html", day2.Add(time.Minute), "a last"),
	} {
		if err := w.Write(ctx, rec); err != nil {
			t.Fatal(err)
		}
	}
	files, err := Files(cfg, "xinhua", "", "")
	if err != nil || len(files) != 2 {
		t.Fatalf("files %v, %v", files, err)
	}
	// A third day whose last record was cut by a full disk, and a file
	// that is not there.
	data, _ := writeDay(t, 3)
	damaged := filepath.Join(t.TempDir(), "2026-03-07.warc.gz")
	if err := os.WriteFile(damaged, data[:len(data)-30], 0o644); err != nil {
		t.Fatal(err)
	}
	missing := filepath.Join(t.TempDir(), "2026-03-08.warc.gz")
	set, err := Index(ctx, nil, append(files, damaged, missing))
	if err != nil {
		t.Fatal(err)
	}
	if set.Records != 5+2 || len(set.Damaged) != 1 || set.Damaged[0].Records != 2 || set.Unreadable != 1 {
		t.Errorf("records %d, damaged %v, unreadable %d; want 7, one file with 2 records read, 1",
			set.Records, set.Damaged, set.Unreadable)
	}
	got := map[string]string{}
	var order []string
	err = set.Each(ctx, func(rec Record) error {
		if _, dup := got[rec.URL]; dup {
			t.Errorf("%s given twice", rec.URL)
		}
		got[rec.URL] = string(rec.Body)
		order = append(order, rec.URL)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for u, want := range map[string]string{"http://www.news.cn/a.html": "a last", "http://www.news.cn/b.html": "b only", "http://www.news.cn/c.html": "c first"} {
		if got[u] != want {
			t.Errorf("%s: got %q, want %q", u, got[u], want)
		}
	}
	if want := []string{"http://www.news.cn/b.html", "http://www.news.cn/c.html", "http://www.news.cn/a.html"}; !reflect.DeepEqual(order[:3], want) {
		t.Errorf("order %q, want file order %q first", order, want)
	}
	for _, u := range []string{"http://www.news.cn/a.html", "http://www.news.cn/b.html", "http://www.news.cn/a.html"} {
		body, ct, err := set.Fetch(ctx, u)
		if err != nil || string(body) != got[u] || ct != "text/html; charset=utf-8" {
			t.Errorf("Fetch %s: got %q %q %v, want %q", u, body, ct, err, got[u])
		}
	}
	if _, _, err := set.Fetch(ctx, "http://www.news.cn/elsewhere.html"); err == nil || !strings.Contains(err.Error(), "not in the archive") {
		t.Errorf("Fetch of a URL not archived: got %v, want an error saying it is not in the archive", err)
	}
}

// TestDedupWritesOnce: a response is copied into the archive once, by one
// Dedup or by a later one reading the day file, while another fetch of the
// same URL, or another body, is a new record.
func TestDedupWritesOnce(t *testing.T) {
	ctx := context.Background()
	cfg := config.Archive{Dir: t.TempDir()}
	w := mustWriter(t, cfg)
	at := time.Date(2026, 3, 5, 1, 0, 0, 0, time.UTC)
	recs := []Record{
		page("http://www.news.cn/a.html", at, "a"),
		page("http://www.news.cn/a.html", at, "a"),
		page("http://www.news.cn/a.html", at.Add(time.Minute), "a"),
		page("http://www.news.cn/b.html", at, "b"),
		page("http://www.news.cn/b.html", at, "b edited"),
	}
	for range 2 { // the second round is a second import of the same file
		d := NewDedup(w)
		for _, rec := range recs {
			if err := d.Write(ctx, rec); err != nil {
				t.Fatal(err)
			}
		}
	}
	files, err := Files(cfg, "xinhua", "", "")
	if err != nil || len(files) != 1 {
		t.Fatalf("files %v, %v", files, err)
	}
	var got []string
	for _, r := range readAll(t, files[0]) {
		got = append(got, r.URL+" "+r.Fetched.UTC().Format(time.TimeOnly)+" "+string(r.Body))
	}
	want := []string{"http://www.news.cn/a.html 01:00:00 a", "http://www.news.cn/a.html 01:01:00 a",
		"http://www.news.cn/b.html 01:00:00 b", "http://www.news.cn/b.html 01:00:00 b edited"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("archived %q, want %q", got, want)
	}
	if err := NewDedup(nil).Write(ctx, recs[0]); err != nil {
		t.Errorf("no archive: got %v, want nothing written and no error", err)
	}
}
