// Package charset turns the raw bytes of a web page into UTF-8 text.
//
// Chinese state-media pages are a minefield: the live sites serve GBK on some
// sections and UTF-8 on others, and pages saved from a browser often declare
// gb2312 while their bytes are UTF-8. Decode therefore trusts the bytes before
// the labels.
package charset

import (
	"bytes"
	"fmt"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/unicode"
)

var (
	bomUTF8    = []byte{0xEF, 0xBB, 0xBF}
	bomUTF16LE = []byte{0xFF, 0xFE}
	bomUTF16BE = []byte{0xFE, 0xFF}
)

// Decode returns body as UTF-8 text and the lower-case name of the decoder
// used ("utf-8", "gb18030", "big5", ...).
//
// The order is: byte order mark, valid UTF-8, the charset of the HTTP
// Content-Type header, a <meta> declaration anywhere in the document head,
// and finally statistical sniffing. Labels of the GB2312/GBK family are read
// as GB18030, their superset. Unknown labels fall through to the next step.
func Decode(body []byte, contentType string) (text string, name string, err error) {
	if enc, n, rest, ok := fromBOM(body); ok {
		return decodeWith(enc, n, rest)
	}
	if utf8.Valid(body) {
		return string(body), "utf-8", nil
	}
	// The bytes are not UTF-8, so a "utf-8" label is wrong whatever it says;
	// lookup skips it and we move on to the next source.
	if enc, n, ok := lookup(headerLabel(contentType)); ok {
		return decodeWith(enc, n, body)
	}
	if enc, n, ok := lookup(metaLabel(body)); ok {
		return decodeWith(enc, n, body)
	}
	enc, n := sniff(body)
	return decodeWith(enc, n, body)
}

func fromBOM(body []byte) (encoding.Encoding, string, []byte, bool) {
	switch {
	case bytes.HasPrefix(body, bomUTF8):
		return encoding.Nop, "utf-8", body[len(bomUTF8):], true
	case bytes.HasPrefix(body, bomUTF16LE):
		return unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM), "utf-16le", body[2:], true
	case bytes.HasPrefix(body, bomUTF16BE):
		return unicode.UTF16(unicode.BigEndian, unicode.IgnoreBOM), "utf-16be", body[2:], true
	}
	return nil, "", nil, false
}

func decodeWith(enc encoding.Encoding, name string, body []byte) (string, string, error) {
	if enc == encoding.Nop {
		// Invalid sequences after a UTF-8 BOM become U+FFFD, as a browser does.
		return string(bytes.ToValidUTF8(body, []byte("\uFFFD"))), name, nil
	}
	out, err := enc.NewDecoder().Bytes(body)
	if err != nil {
		return "", "", fmt.Errorf("decode %s: %w", name, err)
	}
	return string(out), name, nil
}
