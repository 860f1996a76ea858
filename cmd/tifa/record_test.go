package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/tifa-project/tifa/config"
)

// TestImportAndReprocessRecord: import and reprocess record the lexicon
// they count with and the sources they store for, like crawl and retag.
func TestImportAndReprocessRecord(t *testing.T) {
	dir := t.TempDir()
	arch := filepath.Join(dir, "archive")
	first := archiveConfig(t, arch)
	db := filepath.Join(dir, "tifa.db")
	mustRun(t, "import", "warc", "--config", first, "--db", db, "--archive", "../../archive/testdata/wget-news.warc.gz", "../../archive/testdata/wget-plain.warc")
	out := mustRun(t, "terms", "versions", "--db", db)
	if !strings.Contains(out, "(current)") || !strings.Contains(out, first) || strings.Count(out, "\n") != 2 {
		t.Errorf("after import: want one lexicon, from %s:\n%s", first, out)
	}
	// The sources are known by their recorded names.
	if out := mustRun(t, "report", "--db", db, "--source", "新华网,人民网", "--by", "month"); !strings.Contains(out, "sources: xinhua, people;") || !strings.Contains(out, "2024-05") {
		t.Errorf("report by recorded source names:\n%s", out)
	}

	cfg := config.Default()
	cfg.Archive.Dir = arch
	cfg.Terms = append(cfg.Terms, config.Term{ID: "nqpf2", Label: "新质", Zh: []string{"新质生产力发展"}})
	b, err := yaml.Marshal(cfg)
	if err != nil {
		t.Fatal(err)
	}
	second := filepath.Join(dir, "second.yaml")
	if err := os.WriteFile(second, b, 0o644); err != nil {
		t.Fatal(err)
	}
	mustRun(t, "reprocess", "--config", second, "--db", db)
	out = mustRun(t, "terms", "versions", "--db", db)
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 3 || !strings.Contains(lines[1], "(current)") || !strings.Contains(lines[1], second) || !strings.Contains(lines[2], first) {
		t.Errorf("after reprocess: want its lexicon current, the import's kept:\n%s", out)
	}
	if out := mustRun(t, "terms", "show", "新质", "--db", db); !strings.Contains(out, "id:         nqpf2") {
		t.Errorf("terms show by the reprocess's label:\n%s", out)
	}
}
