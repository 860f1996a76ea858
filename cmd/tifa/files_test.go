package main

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// TestOutputFileModes: exports are created 0666 less the umask, as a shell
// redirect creates them, not 0600; a file replaced keeps its mode.
func TestOutputFileModes(t *testing.T) {
	db := demoDB(t)
	dir := t.TempDir()
	old := syscall.Umask(0o022)
	t.Cleanup(func() { syscall.Umask(old) })
	for _, args := range [][]string{
		{"export", "csv", "--by", "month", "-o", filepath.Join(dir, "long.csv")},
		{"export", "xlsx", "--by", "month", "-o", filepath.Join(dir, "book.xlsx")},
		{"chart", "--by", "month", "--term", "high-quality-development", "-o", filepath.Join(dir, "trend.png")},
		{"top", "--csv", "-o", filepath.Join(dir, "top.csv")},
	} {
		path := args[len(args)-1]
		if code, _, stderr := runTifa(t, "", append(args, "--db", db)...); code != 0 {
			t.Fatalf("tifa %v: exit %d: %s", args, code, stderr)
		}
		if fi, err := os.Stat(path); err != nil || fi.Mode().Perm() != 0o644 {
			t.Errorf("%s: mode %v (%v), want -rw-r--r-- (0666 less umask 022)", filepath.Base(path), fi.Mode().Perm(), err)
		}
	}
	syscall.Umask(0o002)
	path := filepath.Join(dir, "group.csv")
	if code, _, stderr := runTifa(t, "", "export", "csv", "--db", db, "-o", path); code != 0 {
		t.Fatal(stderr)
	}
	if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o664 {
		t.Errorf("umask 002: mode %v, want -rw-rw-r--", fi.Mode().Perm())
	}
	os.Chmod(path, 0o640)
	if code, _, stderr := runTifa(t, "", "export", "csv", "--db", db, "-o", path); code != 0 {
		t.Fatal(stderr)
	}
	if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o640 {
		t.Errorf("replacing a 0640 file: mode %v, want it kept", fi.Mode().Perm())
	}
}

// TestExportSaysWhatItWrote: a file written gets a line naming its rows;
// standard output gets the data alone.
func TestExportSaysWhatItWrote(t *testing.T) {
	db := demoDB(t)
	dir := t.TempDir()
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"export", "csv", "--by", "month", "--term", "high-quality-development", "-o", filepath.Join(dir, "trend.csv")}, "wrote 12 rows to " + filepath.Join(dir, "trend.csv")},
		{[]string{"export", "csv", "--shape", "wide", "--by", "month", "-o", filepath.Join(dir, "wide.csv")}, "wrote 8 rows to "},
		{[]string{"export", "xlsx", "--by", "month", "-o", filepath.Join(dir, "b.xlsx")}, " rows (Data) and 8 periods × "},
		{[]string{"report", "--by", "month", "-o", filepath.Join(dir, "report.txt")}, " rows to "},
	} {
		code, out, stderr := runTifa(t, "", append(tt.args, "--db", db)...)
		if code != 0 || !strings.Contains(out, tt.want) {
			t.Errorf("tifa %v: exit %d, stdout %q (%s); want %q", tt.args, code, out, stderr, tt.want)
		}
	}
	code, out, _ := runTifa(t, "", "export", "csv", "--db", db, "--by", "month")
	if code != 0 || strings.Contains(out, "wrote") || !strings.HasPrefix(out, "\ufeffperiod,") {
		t.Errorf("export to stdout: %q; want the CSV alone", out[:min(len(out), 80)])
	}
}

// TestOutputExtension: a name that says another format is refused before
// anything is read, with the right name and command.
func TestOutputExtension(t *testing.T) {
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"export", "csv", "-o", "trend.xlsx"}, "-o trend.xlsx: the name says xlsx but this writes csv; name it trend.csv, or use tifa export xlsx"},
		{[]string{"export", "xlsx", "-o", "trend.csv"}, "name it trend.xlsx, or use tifa export csv"},
		{[]string{"top", "-o", "top.csv"}, "the name says csv but this writes text; name it top.txt, or add --csv"},
		{[]string{"compare", "--csv", "--from", "2024-05-01", "--to", "2024-05-31", "-o", "c.png"}, "name it c.csv, or use tifa chart"},
		{[]string{"chart", "--term", "opening-up", "-o", "trend.csv"}, "-o FILE.png or -o FILE.svg is required"},
	} {
		db := filepath.Join(t.TempDir(), "none.db")
		os.WriteFile(db, nil, 0o644)
		code, _, stderr := runTifa(t, "", append(tt.args, "--db", db)...)
		if code != 2 || !strings.Contains(stderr, tt.want) {
			t.Errorf("tifa %v: exit %d, stderr %q; want exit 2 and %q", tt.args, code, stderr, tt.want)
		}
	}
}

// TestOutputToSpecialFiles: -o names a FIFO (as /dev/null or /dev/stdout
// would be) or a symbolic link: the FIFO is written to and stays a FIFO, the
// link stays a link and its target gets the export. Renaming over them
// replaced /dev/null with a regular file for the whole machine.
func TestOutputToSpecialFiles(t *testing.T) {
	db := demoDB(t)
	dir := t.TempDir()

	fifo := filepath.Join(dir, "pipe.csv")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	got := make(chan string, 1)
	go func() {
		b, _ := os.ReadFile(fifo) // blocks until the writer opens, reads to its close
		got <- string(b)
	}()
	if code, _, stderr := runTifa(t, "", "export", "csv", "--by", "month", "--db", db, "-o", fifo); code != 0 {
		t.Fatalf("export to a FIFO: exit %d: %s", code, stderr)
	}
	if fi, err := os.Lstat(fifo); err != nil || fi.Mode()&os.ModeNamedPipe == 0 {
		// The reader still waits on the FIFO that was replaced; it is left.
		t.Errorf("after the export %s is %v (%v), want it still a FIFO", fifo, fi.Mode(), err)
	} else if b := <-got; !strings.Contains(b, ",") {
		t.Errorf("the FIFO's reader got %q, want the CSV", b)
	}

	target := filepath.Join(dir, "real.csv")
	link := filepath.Join(dir, "latest.csv")
	if err := os.WriteFile(target, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(target, link); err != nil {
		t.Fatal(err)
	}
	if code, _, stderr := runTifa(t, "", "export", "csv", "--by", "month", "--db", db, "-o", link); code != 0 {
		t.Fatalf("export through a link: exit %d: %s", code, stderr)
	}
	if fi, err := os.Lstat(link); err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Errorf("after the export %s is %v (%v), want it still a symbolic link", link, fi.Mode(), err)
	}
	if b, _ := os.ReadFile(target); string(b) == "old" || !strings.Contains(string(b), ",") {
		t.Errorf("the link's target holds %q, want the CSV", b)
	}

	if code, _, stderr := runTifa(t, "", "export", "csv", "--db", db, "-o", dir); code == 0 || !strings.Contains(stderr, "directory") {
		t.Errorf("export to a directory: exit %d, stderr %q; want a refusal naming it", code, stderr)
	}
}
