package tifa

import (
	"reflect"
	"testing"
)

func TestSpansRoundTrip(t *testing.T) {
	in := []Span{{Start: 0, End: 15, Nested: false}, {Start: 3, End: 15, Nested: true}, {Start: 300, End: 312, Nested: false}, {Start: 100000, End: 100012, Nested: true}}
	b := EncodeSpans(in)
	out, err := DecodeSpans(b)
	if err != nil || !reflect.DeepEqual(out, in) {
		t.Fatalf("got %v, %v; want %v", out, err, in)
	}
	if len(b) > 4*len(in)+4 {
		t.Errorf("%d spans took %d bytes, want compact", len(in), len(b))
	}
	if _, err := DecodeSpans([]byte{0x80}); err == nil {
		t.Error("truncated varint: want an error")
	}
}
