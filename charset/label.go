package charset

import (
	"bytes"
	"mime"
	"regexp"
	"strings"

	"github.com/saintfish/chardet"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/htmlindex"
	"golang.org/x/text/encoding/simplifiedchinese"
)

// metaCharset matches both <meta charset="x"> and
// <meta http-equiv="Content-Type" content="text/html; charset=x">.
var metaCharset = regexp.MustCompile(`(?i)<meta\b[^>]*?charset\s*=\s*["']?\s*([a-z0-9_:.\-]+)`)

var headEnd = regexp.MustCompile(`(?i)</head\s*>|<body\b`)

func headerLabel(contentType string) string {
	if contentType == "" {
		return ""
	}
	_, params, err := mime.ParseMediaType(contentType)
	if err != nil {
		// Servers send broken headers such as "text/html;;charset=gbk".
		if i := indexASCIIFold(contentType, "charset="); i >= 0 {
			return strings.Trim(contentType[i+len("charset="):], `"' ;`)
		}
		return ""
	}
	return params["charset"]
}

// indexASCIIFold is the byte index of the ASCII word in s, any case, or -1.
// strings.ToLower cannot stand in for it: it turns each invalid byte of a
// hostile header into a three-byte U+FFFD, so its indexes do not fit s.
func indexASCIIFold(s, word string) int {
	for i := 0; i+len(word) <= len(s); i++ {
		if strings.EqualFold(s[i:i+len(word)], word) {
			return i
		}
	}
	return -1
}

// metaLabel searches the whole head, not only the first 1024 bytes the HTML
// standard prescans: CMS templates put long comments and scripts first.
func metaLabel(body []byte) string {
	head := body
	if loc := headEnd.FindIndex(body); loc != nil {
		head = body[:loc[0]]
	}
	m := metaCharset.FindSubmatch(head)
	if m == nil {
		return ""
	}
	return string(m[1])
}

// lookup maps a label to a decoder. It refuses UTF-8 labels because it is
// only consulted once the bytes are known not to be valid UTF-8.
func lookup(label string) (encoding.Encoding, string, bool) {
	label = strings.ToLower(strings.TrimSpace(label))
	if label == "" {
		return nil, "", false
	}
	switch label {
	case "gb2312", "gbk", "x-gbk", "gb_2312-80", "gb18030", "gb-18030", "cp936", "euc-cn":
		return simplifiedchinese.GB18030, "gb18030", true
	}
	enc, err := htmlindex.Get(label)
	if err != nil {
		return nil, "", false
	}
	name, err := htmlindex.Name(enc)
	if err != nil {
		return nil, "", false
	}
	switch name {
	case "utf-8", "replacement":
		return nil, "", false
	case "gbk":
		return simplifiedchinese.GB18030, "gb18030", true
	}
	return enc, name, true
}

// sniff guesses the encoding of undeclared bytes. Chinese text is the common
// case here, so GB18030 is the fallback when the detector has no answer.
func sniff(body []byte) (encoding.Encoding, string) {
	sample := body
	if len(sample) > 64<<10 {
		sample = sample[:64<<10]
	}
	if res, err := chardet.NewHtmlDetector().DetectBest(sample); err == nil {
		if enc, name, ok := lookup(res.Charset); ok && cleanDecode(enc, body) {
			return enc, name
		}
	}
	if cleanDecode(simplifiedchinese.GB18030, body) {
		return simplifiedchinese.GB18030, "gb18030"
	}
	return charmap.Windows1252, "windows-1252"
}

func cleanDecode(enc encoding.Encoding, body []byte) bool {
	out, err := enc.NewDecoder().Bytes(body)
	return err == nil && !bytes.ContainsRune(out, '\uFFFD')
}
