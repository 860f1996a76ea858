package discover

import (
	"context"
	"sync"
	"sync/atomic"
)

// The counting passes run as a pipeline on two cores: the goroutine
// reading the store splits each article into runs and hashes its strings
// (and, in pass two, asks the sketch which to count), and hands batches to
// two goroutines that each own half the work by hash: half the sketch's
// blocks in pass one, half the exact table's strings in pass two. Nothing
// is shared for writing, so there are no locks, and since each goroutine
// sees its strings in reading order the counts are those of one goroutine.

// item is a string pass two counts exactly.
type item struct {
	key string
	h   uint64
	sup uint16
	doc int32
	bit uint64
}

// batch is what the reading goroutine hands to both counting goroutines;
// the second to finish it puts it back for reuse.
type batch struct {
	hs    []uint64 // pass one
	items []item   // pass two
	refs  atomic.Int32
}

// batchSize is the hashes or items per batch: large enough that handing
// over costs little, small enough that the batches in flight stay a few
// megabytes.
const batchSize = 1 << 16

// pipeline runs fill in the calling goroutine over every document of the
// window and work(part, batch) in two goroutines.
func (c *counter) pipeline(ctx context.Context, corpus Corpus, fill func(Doc, *batch), work func(int, *batch)) error {
	free := make(chan *batch, 4)
	var ins [2]chan *batch
	var wg sync.WaitGroup
	for p := range ins {
		ins[p] = make(chan *batch, 2)
		wg.Add(1)
		go func() {
			defer wg.Done()
			for b := range ins[p] {
				work(p, b)
				if b.refs.Add(-1) == 0 {
					select {
					case free <- b:
					default:
					}
				}
			}
		}()
	}
	get := func() *batch {
		select {
		case b := <-free:
			b.hs, b.items = b.hs[:0], b.items[:0]
			return b
		default:
			return &batch{}
		}
	}
	send := func(b *batch) {
		b.refs.Store(int32(len(ins)))
		for _, in := range ins {
			in <- b
		}
	}
	b := get()
	err := corpus.EachDoc(ctx, c.o.Window, func(d Doc) error {
		fill(d, b)
		if len(b.hs) >= batchSize || len(b.items) >= batchSize {
			send(b)
			b = get()
		}
		return ctx.Err()
	})
	if len(b.hs) > 0 || len(b.items) > 0 {
		send(b)
	}
	for _, in := range ins {
		close(in)
	}
	wg.Wait()
	return err
}

// sketchPass is pass one: every string of 2 to maxLen+1 characters into
// the sketch.
func (c *counter) sketchPass(ctx context.Context, corpus Corpus) error {
	return c.pipeline(ctx, corpus, c.sketchDoc, func(p int, b *batch) {
		for _, h := range b.hs {
			if part(h) == p {
				c.sk.add(h)
			}
		}
	})
}

// countPass is pass two: exact counts of the strings that pass the
// support, then the two tables merged.
func (c *counter) countPass(ctx context.Context, corpus Corpus) error {
	err := c.pipeline(ctx, corpus, c.countDoc, func(p int, b *batch) {
		t := c.tables[p]
		for i := range b.items {
			if x := &b.items[i]; int(x.h>>63) == p {
				t.add(x.key, x.sup, x.doc, x.bit)
			}
		}
	})
	c.merge()
	return err
}
