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
	RetagAfter(ctx context.Context, j tifa.RetagJob, after int64, limit int) ([]tifa.Stored, error)
	RetagApply(ctx context.Context, j tifa.RetagJob, batch []tifa.Retagged) error
	RetagDone(ctx context.Context, j tifa.RetagJob) error
}

// Retag recounts stored articles with t, in batches of batchSize, each batch
// one transaction, so a kill loses at most the batches read and not yet
// written, and the next run resumes after the last one written. With terms,
// only those terms are recounted. progress, if not nil, is called after
// each batch.
//
// Reading, tagging and writing are three stages, a batch apart: while one
// batch is written (one core, in SQLite), the next is tagged (the others)
// and the one after read, on a connection of its own. In turn, reading
// and the first batch's tagging stood in the writer's way (a retag at 56
// MB/s spent a fifth of its time waiting on them).
func Retag(ctx context.Context, db Retagger, t *tagger.Tagger, terms []string, batchSize int, progress func(RetagStats)) (RetagStats, error) {
	job := tifa.RetagJob{Version: t.Version(), Terms: terms}
	var st RetagStats
	if err := db.RetagStart(ctx, job); err != nil {
		return st, err
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	read := make(chan []tifa.Stored, 1)
	tagged := make(chan []tifa.Retagged, 1)
	var readErr error
	var wg sync.WaitGroup
	wg.Add(2)
	go func() {
		defer wg.Done()
		defer close(read)
		// The reader keeps its own place: the saved one moves only as
		// batches are written.
		var after int64
		for {
			batch, err := db.RetagAfter(ctx, job, after, batchSize)
			if err != nil || len(batch) == 0 {
				readErr = err
				return
			}
			after = batch[len(batch)-1].ID
			select {
			case read <- batch:
			case <-ctx.Done():
				return
			}
		}
	}()
	go func() {
		defer wg.Done()
		defer close(tagged)
		for batch := range read {
			select {
			case tagged <- tagAll(t, batch):
			case <-ctx.Done():
				return
			}
		}
	}()
	err := write(ctx, db, job, tagged, &st, progress)
	cancel()
	for range tagged { // let the stages end
	}
	wg.Wait()
	if err == nil {
		err = readErr
	}
	if err != nil {
		return st, err
	}
	return st, db.RetagDone(context.WithoutCancel(ctx), job)
}

// write applies the tagged batches in order.
func write(ctx context.Context, db Retagger, job tifa.RetagJob, tagged <-chan []tifa.Retagged, st *RetagStats, progress func(RetagStats)) error {
	for batch := range tagged {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := db.RetagApply(ctx, job, batch); err != nil {
			return err
		}
		st.Articles += len(batch)
		for _, a := range batch {
			st.Bytes += int64(len(a.Title) + len(a.Body))
		}
		if progress != nil {
			progress(*st)
		}
	}
	return ctx.Err()
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
