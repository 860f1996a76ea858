package ingest

import (
	"context"
	"errors"
	"fmt"
	"log/slog"

	"github.com/tifa-project/tifa"
	"github.com/tifa-project/tifa/archive"
	"github.com/tifa-project/tifa/config"
)

// Tally counts what became of archived responses.
type Tally struct {
	Read, Skipped, Inserted, Updated, Unchanged, Empty, Errors int
	// Damaged are the files read only in part: what was read, what was
	// skipped and where.
	Damaged []*archive.ReadError
}

func (t Tally) String() string {
	s := fmt.Sprintf("records=%d articles=%d new=%d updated=%d unchanged=%d skipped=%d empty=%d errors=%d",
		t.Read, t.Inserted+t.Updated+t.Unchanged, t.Inserted, t.Updated, t.Unchanged, t.Skipped, t.Empty, t.Errors)
	if len(t.Damaged) > 0 {
		lost := 0
		for _, re := range t.Damaged {
			lost += re.Skipped()
		}
		s += fmt.Sprintf(" damaged_files=%d lost_records=%d", len(t.Damaged), lost)
	}
	return s
}

// Err says what failed: each damaged file (records read, skipped, where),
// then the records that could not be stored.
func (t Tally) Err() error {
	var errs []error
	for _, re := range t.Damaged {
		errs = append(errs, re)
	}
	if t.Errors > 0 {
		what := "records"
		if t.Errors == 1 {
			what = "record"
		}
		errs = append(errs, fmt.Errorf("%d %s failed; see the messages above", t.Errors, what))
	}
	return errors.Join(errs...)
}

// Archived ingests the last response of each URL in set as if crawled when
// it was fetched: the further pages of a multi-page article are read from
// the set, never fetched. owner says which source a URL is an article of;
// false skips it. stored, if not nil, is called with each record stored
// (new, updated or unchanged). What happened is added to t, failures
// logged; only the context's end is an error.
func (in *Ingester) Archived(ctx context.Context, log *slog.Logger, set *archive.Set, t *Tally,
	owner func(url string) (*config.Source, bool), stored func(*config.Source, archive.Record)) error {
	t.Read += set.Records
	t.Damaged = append(t.Damaged, set.Damaged...)
	t.Errors += set.Unreadable
	return set.Each(ctx, func(rec archive.Record) error {
		src, ok := owner(rec.URL)
		if !ok || rec.Status < 200 || rec.Status > 299 {
			t.Skipped++
			return nil
		}
		res, err := in.Ingest(ctx, src, tifa.Page{URL: rec.URL, Body: rec.Body, ContentType: rec.Header.Get("Content-Type"), Fetched: rec.Fetched}, set.Fetch)
		switch {
		case ctx.Err() != nil:
			return ctx.Err()
		case errors.Is(err, tifa.ErrNoArticle):
			t.Empty++
			log.Warn("no article text", "url", rec.URL, "err", err)
			return nil
		case err != nil:
			t.Errors++
			log.Error("ingest", "url", rec.URL, "err", err)
			return nil
		}
		switch res.Outcome {
		case tifa.Inserted:
			t.Inserted++
		case tifa.Unchanged:
			t.Unchanged++
		default:
			t.Updated++
		}
		if stored != nil {
			stored(src, rec)
		}
		return nil
	})
}
