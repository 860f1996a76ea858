package sqlite

import (
	"reflect"
	"testing"
)

func TestSpansRoundTrip(t *testing.T) {
	in := []Span{{0, 15, false}, {3, 15, true}, {300, 312, false}, {100000, 100012, true}}
	b := encodeSpans(in)
	out, err := decodeSpans(b)
	if err != nil || !reflect.DeepEqual(out, in) {
		t.Fatalf("got %v, %v; want %v", out, err, in)
	}
	if len(b) > 4*len(in)+4 {
		t.Errorf("%d spans took %d bytes, want compact", len(in), len(b))
	}
	if _, err := decodeSpans([]byte{0x80}); err == nil {
		t.Error("truncated varint: want an error")
	}
}
