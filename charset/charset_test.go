package charset

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestDecodeFixtures(t *testing.T) {
	want := readFile(t, filepath.Join("testdata", "expected.txt"))
	want = strings.TrimSpace(want)
	tests := []struct {
		file        string
		contentType string
		wantName    string
	}{
		{"constructed_gbk_declared_gb2312.html", "", "gb18030"},
		{"constructed_utf8_declared_gb2312.html", "", "utf-8"},
		{"constructed_utf8_declared_gb2312.html", "text/html; charset=gbk", "utf-8"},
		{"constructed_gbk_meta_after_1024.html", "", "gb18030"},
		{"constructed_gbk_undeclared.html", "", "gb18030"},
		{"constructed_gbk_undeclared.html", "text/html; charset=GBK", "gb18030"},
		{"constructed_gbk_undeclared.html", "text/html; charset=no-such-charset", "gb18030"},
		{"constructed_gbk_undeclared.html", "text/html; charset=utf-8", "gb18030"},
		{"constructed_utf8_bom_declared_gbk.html", "text/html; charset=gbk", "utf-8"},
		{"constructed_gbk_beyond_gb2312.html", "", "gb18030"},
		{"constructed_gbk_beyond_gb2312.html", "text/html; charset=GB2312", "gb18030"},
	}
	for _, tt := range tests {
		t.Run(tt.file+"/"+tt.contentType, func(t *testing.T) {
			raw := []byte(readFile(t, filepath.Join("testdata", tt.file)))
			text, name, err := Decode(raw, tt.contentType)
			if err != nil {
				t.Fatalf("Decode: %v", err)
			}
			if name != tt.wantName {
				t.Errorf("name: got %q, want %q", name, tt.wantName)
			}
			if !strings.Contains(text, want) {
				t.Errorf("text does not contain the expected sentence; got %.200q", text)
			}
			if strings.ContainsRune(text, '\uFFFD') {
				t.Errorf("text contains U+FFFD")
			}
			if strings.HasPrefix(text, "\uFEFF") {
				t.Errorf("text starts with a BOM")
			}
		})
	}
}

// TestBeyondGB2312 checks characters a strict GB2312 decoder would lose: a
// page labelled gb2312 is really GBK, so 朱镕基 must survive.
func TestBeyondGB2312(t *testing.T) {
	raw := []byte(readFile(t, filepath.Join("testdata", "constructed_gbk_beyond_gb2312.html")))
	text, _, err := Decode(raw, "")
	if err != nil {
		t.Fatal(err)
	}
	if want := "朱镕基、王喆、李堃"; !strings.Contains(text, want) {
		t.Errorf("got %.300q, want it to contain %q", text, want)
	}
}

func TestMetaLabel(t *testing.T) {
	tests := []struct {
		name string
		html string
		want string
	}{
		{"charset attr", `<html><head><meta charset="GBK"></head>`, "GBK"},
		{"http-equiv", `<head><meta http-equiv="Content-Type" content="text/html; charset=gb2312" /></head>`, "gb2312"},
		{"content first", `<head><META content="text/html; charset=big5" http-equiv=Content-Type></head>`, "big5"},
		{"after 1024 bytes", "<head><!--" + strings.Repeat("x", 2000) + `--><meta charset=gbk></head>`, "gbk"},
		{"only in body is ignored", `<head></head><body><meta charset="big5"></body>`, ""},
		{"none", `<html><head><title>x</title></head>`, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := metaLabel([]byte(tt.html)); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestLookup(t *testing.T) {
	tests := []struct {
		label, want string
		ok          bool
	}{
		{"gb2312", "gb18030", true},
		{"GBK", "gb18030", true},
		{"x-gbk", "gb18030", true},
		{"GB_2312-80", "gb18030", true},
		{"big5", "big5", true},
		{"utf-8", "", false},
		{"no-such-charset", "", false},
		{"", "", false},
	}
	for _, tt := range tests {
		_, got, ok := lookup(tt.label)
		if got != tt.want || ok != tt.ok {
			t.Errorf("lookup(%q): got %q %v, want %q %v", tt.label, got, ok, tt.want, tt.ok)
		}
	}
}

func TestDecodeRealGBKPage(t *testing.T) {
	raw := []byte(readFile(t, filepath.Join("..", "testdata", "corpus", "people", "cx_people_politics_2010_gb2312_raw.html")))
	text, name, err := Decode(raw, "")
	if err != nil {
		t.Fatalf("Decode: %v", err)
	}
	if name != "gb18030" {
		t.Errorf("name: got %q, want gb18030", name)
	}
	if n := strings.Count(text, "\uFFFD"); n != 0 {
		t.Errorf("got %d U+FFFD, want 0", n)
	}
	if want := "揪揪耳朵"; !strings.Contains(text, want) {
		t.Errorf("text does not contain %q", want)
	}
}

func TestDecodeEmpty(t *testing.T) {
	text, name, err := Decode(nil, "")
	if err != nil || text != "" || name != "utf-8" {
		t.Errorf("got %q %q %v, want empty utf-8 text", text, name, err)
	}
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
