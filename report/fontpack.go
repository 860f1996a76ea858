package report

import (
	"encoding/binary"
	"errors"
)

var errFontFile = errors.New("not a TrueType or OpenType font or collection")

// standalone copies the first font of a TrueType collection, or a single
// font, into a fresh font file whose tables start on four-byte boundaries.
// golang.org/x/image/font/sfnt insists on that alignment as the spec says,
// and WenQuanYi Micro Hei, the CJK font Debian installs smallest, breaks it.
func standalone(data []byte) ([]byte, error) {
	be := binary.BigEndian
	if len(data) < 12 {
		return nil, errFontFile
	}
	dir := 0
	if string(data[:4]) == "ttcf" {
		if len(data) < 16 || be.Uint32(data[8:12]) == 0 {
			return nil, errFontFile
		}
		dir = int(be.Uint32(data[12:16]))
	}
	if dir+12 > len(data) {
		return nil, errFontFile
	}
	n := int(be.Uint16(data[dir+4 : dir+6]))
	recs := dir + 12
	if recs+16*n > len(data) {
		return nil, errFontFile
	}
	head := 12 + 16*n
	out := make([]byte, head, len(data))
	copy(out[:12], data[dir:dir+12])
	for i := 0; i < n; i++ {
		rec := data[recs+16*i : recs+16*i+16]
		off, length := int(be.Uint32(rec[8:12])), int(be.Uint32(rec[12:16]))
		if off < 0 || length < 0 || off+length > len(data) {
			return nil, errFontFile
		}
		for len(out)%4 != 0 {
			out = append(out, 0)
		}
		o := out[12+16*i : 12+16*i+16]
		copy(o[:8], rec[:8]) // tag and checksum
		be.PutUint32(o[8:12], uint32(len(out)))
		be.PutUint32(o[12:16], uint32(length))
		out = append(out, data[off:off+length]...)
	}
	return out, nil
}
