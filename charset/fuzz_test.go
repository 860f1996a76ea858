package charset

import (
	"os"
	"path/filepath"
	"testing"
	"unicode/utf8"
)

// FuzzDecode decodes arbitrary bytes under arbitrary Content-Type headers:
// never a panic, and text that is UTF-8 whenever there is no error, the
// bytes themselves when they were UTF-8 already.
func FuzzDecode(f *testing.F) {
	files, _ := filepath.Glob("testdata/*.html")
	// Real pages: GBK bytes declared gb2312, and UTF-8 bytes declared GB2312.
	files = append(files, "../testdata/corpus/xinhua/traf_archiveorg_he_xinhuanet_content_25340717.html",
		"../testdata/corpus/people/cx_people_politics_2010_gb2312_raw.html",
		"../testdata/corpus/people/gne_culture_people_c1013_31153719.html")
	for i, name := range files {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		ct := []string{"", "text/html", "text/html; charset=gb2312", "text/html; charset=utf-8", "text/html;charset=big5"}[i%5]
		f.Add(b[:min(len(b), 8<<10)], ct)
	}
	f.Add([]byte("\xff\xfeh\x00i\x00"), "")
	f.Add([]byte("\xef\xbb\xbf\xd6\xd0"), "text/html; charset=gbk")
	f.Fuzz(func(t *testing.T, body []byte, contentType string) {
		text, name, err := Decode(body, contentType)
		if err != nil {
			return
		}
		if name == "" {
			t.Errorf("decoded without a decoder name")
		}
		if !utf8.ValidString(text) {
			t.Errorf("%s: text is not UTF-8: %q", name, text)
		}
		if utf8.Valid(body) && !hasBOM(body) && text != string(body) {
			t.Errorf("UTF-8 input changed by %s: %q -> %q", name, body, text)
		}
	})
}

func hasBOM(b []byte) bool {
	_, _, _, ok := fromBOM(b)
	return ok
}
