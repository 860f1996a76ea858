package tifa

import (
	"encoding/binary"
	"errors"
)

// EncodeSpans packs spans (in text order) as varints: the gap from the
// previous start shifted left once with the nested flag in the low bit, then
// the length. A mention costs two to four bytes.
func EncodeSpans(spans []Span) []byte {
	buf := make([]byte, 0, 3*len(spans))
	prev := 0
	for _, s := range spans {
		gap := s.Start - prev
		if gap < 0 {
			gap = 0 // out of order input: keep what can be kept rather than fail the article
		}
		v := uint64(gap) << 1
		if s.Nested {
			v |= 1
		}
		buf = binary.AppendUvarint(buf, v)
		buf = binary.AppendUvarint(buf, uint64(s.End-s.Start))
		prev = prev + gap
	}
	return buf
}

var errBadSpans = errors.New("corrupt mention spans")

// DecodeSpans unpacks a mentions.spans blob, as both engines store it.
func DecodeSpans(b []byte) ([]Span, error) {
	var out []Span
	prev := 0
	for len(b) > 0 {
		v, n := binary.Uvarint(b)
		if n <= 0 {
			return nil, errBadSpans
		}
		b = b[n:]
		l, n := binary.Uvarint(b)
		if n <= 0 {
			return nil, errBadSpans
		}
		b = b[n:]
		start := prev + int(v>>1)
		out = append(out, Span{Start: start, End: start + int(l), Nested: v&1 == 1})
		prev = start
	}
	return out, nil
}
