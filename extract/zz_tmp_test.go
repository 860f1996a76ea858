package extract

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestTmpAll(t *testing.T) {
	files, _ := filepath.Glob("/work/shared/corpus/*/*.html")
	for _, f := range files {
		raw, _ := os.ReadFile(f)
		var truth Truth
		if tf, err := os.Open(strings.TrimSuffix(f, ".html") + ".truth.json"); err == nil {
			truth, _ = ParseTruth(tf)
			tf.Close()
		}
		u := ""
		if truth.URL != nil {
			u = *truth.URL
		}
		a, err := Extract(u, raw, "")
		if err != nil {
			t.Logf("%s: ERR %v", f, err)
			continue
		}
		s := Score(a, truth)
		fffd := strings.Count(a.Body, "\uFFFD")
		t.Logf("%-70s %-16s %-8s t=%v/%v d=%v/%v f1=%.2f fffd=%d title=%.30q", strings.TrimPrefix(f, "/work/shared/corpus/"), a.Method, a.Charset, s.TitleChecked, s.TitleOK, s.DateChecked, s.DateOK, s.F1, fffd, a.Title)
	}
}
