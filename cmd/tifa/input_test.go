package main

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"
)

const defaultBodyLimit = 10 << 20 // limits.body by default

// flood is standard input that never ends, as `cat dump | tifa tag -` is to
// a process that reads it whole. It fails the test's way once it has given
// far more than any limit allows, so a reader without a bound fails fast
// instead of exhausting memory.
type flood struct{ n, stop int64 }

var errFlooded = errors.New("flood: read far past the limit")

func (f *flood) Read(p []byte) (int, error) {
	if f.n >= f.stop {
		return 0, errFlooded
	}
	line := "各地因地制宜发展新质生产力，推动产业升级。\n"
	n := 0
	for n < len(p) {
		n += copy(p[n:], line)
	}
	f.n += int64(n)
	return n, nil
}

// TestHugeStdinIsRefused: `tifa tag -` and `tifa extract -` read at most
// limits.body from standard input and say so, instead of reading it all.
func TestHugeStdinIsRefused(t *testing.T) {
	for _, args := range [][]string{{"tag", "-"}, {"extract", "-"}} {
		in := &flood{stop: 4 * defaultBodyLimit}
		var out, errb bytes.Buffer
		code := run(context.Background(), args, in, &out, &errb)
		if code != 1 || !strings.Contains(errb.String(), "standard input: more than 10485760 bytes (limits.body") {
			t.Errorf("tifa %v: exit %d, stderr %q; want 1 and the limit named", args, code, errb.String())
		}
		if in.n > defaultBodyLimit+1<<20 {
			t.Errorf("tifa %v read %d bytes of standard input, want at most the limit and one buffer", args, in.n)
		}
	}
}
