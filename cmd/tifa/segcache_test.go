package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestTagKeepsTheSegmenterInTheUserCache runs a built tifa, as cron does:
// test binaries carry no module checksums, so only a real build names
// gse's dictionary and caches it. The first tifa tag writes one file under
// XDG_CACHE_HOME, the next reads it and counts the same; a damaged file
// is said on stderr, built over, and the count is still the same.
func TestTagKeepsTheSegmenterInTheUserCache(t *testing.T) {
	if testing.Short() {
		t.Skip("builds tifa")
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "tifa")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	cache := filepath.Join(dir, "cache")
	text := "各地因地制宜发展新质生产力，推动高质量发展。新质生产力是创新起主导作用的先进生产力。"
	tag := func() (string, string) {
		t.Helper()
		cmd := exec.Command(bin, "tag")
		cmd.Env = append(os.Environ(), "XDG_CACHE_HOME="+cache, "HOME="+dir, "TIFA_LOG=")
		cmd.Stdin = strings.NewReader(text)
		var stdout, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		if err := cmd.Run(); err != nil {
			t.Fatalf("tifa tag: %v\n%s", err, stderr.String())
		}
		return stdout.String(), stderr.String()
	}
	files := func() []string {
		t.Helper()
		m, err := filepath.Glob(filepath.Join(cache, "tifa", "segment", "*.dict"))
		if err != nil {
			t.Fatal(err)
		}
		return m
	}

	built, stderr := tag()
	if !strings.Contains(built, `"new-quality-productive-forces":2`) || stderr != "" {
		t.Fatalf("first tifa tag: %q, stderr %q; want 新质生产力 twice and nothing on stderr", built, stderr)
	}
	cached := files()
	if len(cached) != 1 {
		t.Fatalf("after the first run the cache holds %q, want one dictionary", cached)
	}
	if got, stderr := tag(); got != built || stderr != "" {
		t.Errorf("from the cache: %q, stderr %q; want %q as built", got, stderr, built)
	}

	if err := os.WriteFile(cached[0], []byte("tifaseg\x01 not a dictionary"), 0o644); err != nil {
		t.Fatal(err)
	}
	got, stderr := tag()
	if got != built || !strings.Contains(stderr, "segment cache unreadable") || !strings.Contains(stderr, cached[0]) {
		t.Errorf("over a damaged cache file: %q, stderr %q; want %q and a warning naming the file", got, stderr, built)
	}
	if got, stderr := tag(); got != built || stderr != "" || len(files()) != 1 {
		t.Errorf("after the rebuild: %q, stderr %q, files %q; want the count read back quietly from one file", got, stderr, files())
	}
}
