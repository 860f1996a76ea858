package ingest

import (
	"context"
	"runtime"
	"sync"

	"github.com/tifa-project/tifa"
	"github.com/tifa-project/tifa/tagger"
)

// RetagStats is what a retag did.
type RetagStats struct {
	Articles int
	Bytes    int64 // of text tagged
}

// Retagger is the store a retag reads articles from and writes counts to,
// one batch per transaction, remembering where it is.
type Retagger interface {
	RetagStart(ctx context.Context, j tifa.RetagJob) error
	RetagNext(ctx context.Context, j tifa.RetagJob, limit int) ([]tifa.Stored, error)
	RetagApply(ctx context.Context, j tifa.RetagJob, batch []tifa.Retagged) error
	RetagDone(ctx context.Context, j tifa.RetagJob) error
}

// readAhead is how many batches Retag reads at once: while one is written,
// the next is tagged, so the writer (one core, in SQLite) and the tagger
// (the others) work at the same time instead of in turn.
const readAhead = 2

// Retag recounts stored articles with t, in batches of batchSize, each batch
// one transaction, so a kill loses at most the batches read and not yet
// written, and the next run resumes after the last one written. With terms,
// only those terms are recounted. progress, if not nil, is called after
// each batch.
func Retag(ctx context.Context, db Retagger, t *tagger.Tagger, terms []string, batchSize int, progress func(RetagStats)) (RetagStats, error) {
	job := tifa.RetagJob{Version: t.Version(), Terms: terms}
	var st RetagStats
	if err := db.RetagStart(ctx, job); err != nil {
		return st, err
	}
	for {
		if err := ctx.Err(); err != nil {
			return st, err
		}
		read, err := db.RetagNext(ctx, job, batchSize*readAhead)
		if err != nil {
			return st, err
		}
		if len(read) == 0 {
			return st, db.RetagDone(ctx, job)
		}
		var batches [][]tifa.Stored
		for len(read) > 0 {
			n := min(batchSize, len(read))
			batches, read = append(batches, read[:n]), read[n:]
		}
		if err := retagBatches(ctx, db, job, t, batches, &st, progress); err != nil {
			return st, err
		}
	}
}

// retagBatches writes the batches in order, tagging each next one while
// the one before is written.
func retagBatches(ctx context.Context, db Retagger, job tifa.RetagJob, t *tagger.Tagger, batches [][]tifa.Stored,
	st *RetagStats, progress func(RetagStats)) error {
	tagged := tagAll(t, batches[0])
	for i, batch := range batches {
		if err := ctx.Err(); err != nil {
			return err
		}
		var next []tifa.Retagged
		done := make(chan struct{})
		go func() {
			defer close(done)
			if i+1 < len(batches) {
				next = tagAll(t, batches[i+1])
			}
		}()
		err := db.RetagApply(ctx, job, tagged)
		<-done // the tagger ends before this returns, written or not
		if err != nil {
			return err
		}
		st.Articles += len(batch)
		for _, a := range batch {
			st.Bytes += int64(len(a.Title) + len(a.Body))
		}
		if progress != nil {
			progress(*st)
		}
		tagged = next
	}
	return nil
}

// tagAll tags a batch on every core; the tagger is safe for concurrent use.
func tagAll(t *tagger.Tagger, batch []tifa.Stored) []tifa.Retagged {
	out := make([]tifa.Retagged, len(batch))
	workers := min(runtime.GOMAXPROCS(0), len(batch))
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < len(batch); i += workers {
				out[i] = tifa.Retagged{Stored: batch[i], Counts: Count(t, batch[i].Title, batch[i].Body)}
			}
		}()
	}
	wg.Wait()
	return out
}
