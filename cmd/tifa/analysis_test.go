package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"
)

// demoDB runs the demo once into a temporary database for the report
// commands to read.
func demoDB(t *testing.T) string {
	t.Helper()
	db := filepath.Join(t.TempDir(), "demo.db")
	if code, out, stderr := runTifa(t, "", "demo", "--db", db); code != 0 {
		t.Fatalf("demo: exit %d\n%s\n%s", code, out, stderr)
	}
	return db
}

// TestAnalysisCommands runs every report command on the demo database and
// checks a line each must print; the numbers themselves are golden-tested in
// package report.
func TestAnalysisCommands(t *testing.T) {
	db := demoDB(t)
	may := []string{"--db", db, "--from", "2024-05-01", "--to", "2024-05-31"}
	for _, tt := range []struct {
		args []string
		want []string
	}{
		{append([]string{"compare"}, may...), []string{"against 2024-04-01 to 2024-04-30 (previous) and 2023-05-01 to 2023-05-31", "high-quality-development  all  "}},
		{append([]string{"compare", "--by-source", "--measure", "mentions", "--term", "high-quality-development"}, may...), []string{"high-quality-development  people"}},
		{append([]string{"top", "--csv"}, may...), []string{"rank,term,mentions,articles,total_articles,share_frac,per_10k_chars,label", "1,high-quality-development,4,2,"}},
		{append([]string{"rising", "--min-articles", "1", "--baseline-from", "2019-01-01", "--baseline-to", "2024-04-30"}, may...), []string{"high-quality-development", "baseline 2019-01-01 to 2024-04-30"}},
		{[]string{"first", "--db", db, "--term", "high-quality-development"}, []string{"high-quality-development  people  2024-05-10         1"}},
		{[]string{"cooccur", "--db", db, "--term", "high-quality-development"}, []string{"opening-up", "2 articles"}},
		{[]string{"snippets", "--db", db, "--term", "high-quality-development", "--limit", "2"}, []string{"2 sentences mentioning", "http://finance.people.com.cn/n1/2024/0510/c1004-40232587.html"}},
		{[]string{"snippets", "--db", db, "--term", "high-quality-development", "--originals", "--csv"}, []string{"day,source,origin,print_page,title,sentence,url"}},
		{[]string{"report", "--db", db, "--by", "month", "--columns", "term", "--measure", "mentions", "--from", "2024-04-01", "--to", "2024-06-30"}, []string{"2024-04            -", "[1] high-quality-development 高质量发展"}},
		{[]string{"report", "--db", db, "--by", "month", "--originals"}, []string{"counting originals only"}},
		{[]string{"export", "csv", "--db", db, "--by", "month", "--shape", "wide", "--measure", "mentions", "--term", "high-quality-development,opening-up"}, []string{"period,high-quality-development 高质量发展,opening-up 对外开放\r\n", "2024-05,4,1\r\n"}},
	} {
		code, out, stderr := runTifa(t, "", tt.args...)
		if code != 0 {
			t.Errorf("tifa %v: exit %d: %s", tt.args, code, stderr)
			continue
		}
		for _, w := range tt.want {
			if !strings.Contains(out, w) {
				t.Errorf("tifa %v: output lacks %q:\n%s", tt.args, w, out)
			}
		}
	}
}

func TestAnalysisUsageErrors(t *testing.T) {
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"compare"}, "compare needs a range: give --from and --to"},
		{[]string{"snippets"}, "give exactly one --term"},
		{[]string{"cooccur", "--term", "opening-up,single-window"}, "give exactly one --term"},
		{[]string{"export", "csv", "--shape", "tall"}, `--shape "tall": use long or wide`},
		{[]string{"export", "csv", "--encoding", "latin1"}, `--encoding "latin1"`},
		{[]string{"export", "xlsx"}, "-o FILE.xlsx is required"},
		{[]string{"chart", "--term", "opening-up"}, "-o FILE.png or -o FILE.svg is required"},
		{[]string{"report", "--columns", "source"}, "give exactly one --term"},
		{[]string{"top", "--measure", "volume"}, `measure "volume"`},
	} {
		db := filepath.Join(t.TempDir(), "none.db")
		os.WriteFile(db, nil, 0o644) // usage is checked before the database is read
		code, _, stderr := runTifa(t, "", append(tt.args, "--db", db)...)
		if code != 2 || !strings.Contains(stderr, tt.want) {
			t.Errorf("tifa %v: exit %d, stderr %q; want exit 2 and %q", tt.args, code, stderr, tt.want)
		}
	}
}

func TestExportFiles(t *testing.T) {
	db := demoDB(t)
	dir := t.TempDir()
	gb := filepath.Join(dir, "gb.csv")
	if code, _, stderr := runTifa(t, "", "export", "csv", "--db", db, "--by", "month", "--shape", "wide", "--encoding", "gb18030", "-o", gb); code != 0 {
		t.Fatalf("export gb18030: exit %d: %s", code, stderr)
	}
	raw, _ := os.ReadFile(gb)
	text, err := simplifiedchinese.GB18030.NewDecoder().Bytes(raw)
	if err != nil || !strings.Contains(string(text), "高质量发展") {
		t.Errorf("gb18030 export decodes to %q, %v; want the labels", text, err)
	}
	xlsx := filepath.Join(dir, "report.xlsx")
	if code, _, stderr := runTifa(t, "", "export", "xlsx", "--db", db, "--by", "month", "-o", xlsx); code != 0 {
		t.Fatalf("export xlsx: exit %d: %s", code, stderr)
	}
	f, err := excelize.OpenFile(xlsx)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if v, _ := f.GetCellValue("About", "B3"); len(v) < 8 {
		t.Errorf("About!B3 (lexicon version) = %q", v)
	}
	if got := strings.Join(f.GetSheetList(), ","); got != "Data,Trend,About" {
		t.Errorf("sheets %s", got)
	}
	png := filepath.Join(dir, "trend.png")
	code, out, stderr := runTifa(t, "", "chart", "--db", db, "--by", "month", "--term", "high-quality-development", "--from", "2024-01-01", "--to", "2024-12-31", "-o", png)
	if code != 0 {
		t.Fatalf("chart: exit %d: %s", code, stderr)
	}
	if fi, err := os.Stat(png); err != nil || fi.Size() < 1000 || !strings.Contains(out, "font ") {
		t.Errorf("chart: %v, output %q; want a PNG and the font named", err, out)
	}
}

// TestChartWithoutFonts: on a machine with no font installed (the search
// pointed at an empty directory) tifa chart draws with the embedded font,
// where it used to refuse.
func TestChartWithoutFonts(t *testing.T) {
	db := demoDB(t)
	t.Setenv("TIFA_FONT_DIR", t.TempDir())
	png := filepath.Join(t.TempDir(), "trend.png")
	code, out, stderr := runTifa(t, "", "chart", "--db", db, "--by", "month", "--term", "high-quality-development", "-o", png)
	if code != 0 || !strings.Contains(out, "font embedded Droid Sans Fallback") || stderr != "" {
		t.Fatalf("chart: exit %d, stdout %q, stderr %q; want the embedded font and no warning", code, out, stderr)
	}
	if fi, err := os.Stat(png); err != nil || fi.Size() < 10000 {
		t.Errorf("chart file: %v", err)
	}
}
