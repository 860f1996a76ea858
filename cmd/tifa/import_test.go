package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestImportDamaged imports a wget WARC whose second response (the Xinhua
// article, the gzip member at offset 1951) was half written: the records
// after it are imported, and the command says which file, how many records
// were read and skipped, and where, and exits 1.
func TestImportDamaged(t *testing.T) {
	data, err := os.ReadFile("../../archive/testdata/wget-news.warc.gz")
	if err != nil {
		t.Fatal(err)
	}
	const member, next = 1951, 26548 // where that gzip member starts and the next one
	damaged := append(append([]byte{}, data[:member+12000]...), data[next:]...)
	dir := t.TempDir()
	p := filepath.Join(dir, "damaged.warc.gz")
	if err := os.WriteFile(p, damaged, 0o644); err != nil {
		t.Fatal(err)
	}
	cfgPath := archiveConfig(t, filepath.Join(dir, "archive"))
	code, out, stderr := runTifa(t, "", "import", "warc", "--config", cfgPath, "--db", filepath.Join(dir, "tifa.db"), p)
	want := "import: records=3 articles=1 new=1 updated=0 unchanged=0 skipped=2 empty=0 errors=0 damaged_files=1 lost_records=1"
	if code != 1 || strings.TrimSpace(out) != want {
		t.Errorf("exit %d\ngot  %s\nwant %s", code, strings.TrimSpace(out), want)
	}
	msg := "tifa import: read " + p + ": 3 response records read, 1 record skipped in 1 damaged stretch: at offset 1951, 12000 bytes, resumed at 13951"
	if !strings.Contains(stderr, msg) || strings.Contains(stderr, "records failed") {
		t.Errorf("stderr:\n%s\nwant a line starting %q", stderr, msg)
	}
}
