package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// writeFileAtomic writes through a temporary file and renames it, so a failed
// export never leaves half a file where the analyst expects a whole one. The
// file is created as any Unix tool creates one, 0666 less the umask (a file
// it replaces keeps its mode), not 0600 as os.CreateTemp makes it: a
// colleague's group must be able to read the exports of a shared cron.
//
// A path that is not a regular file is written in place: renaming over
// /dev/null, /dev/stdout or a FIFO a reader waits on would replace the
// device (as root, for every process on the machine) instead of writing to
// it. A symbolic link is followed, so the link stays and its target changes.
func writeFileAtomic(path string, write func(io.Writer) error) error {
	if fi, err := os.Stat(path); err == nil && !fi.Mode().IsRegular() {
		if fi.IsDir() {
			return fmt.Errorf("write %s: it is a directory; give a file name", path)
		}
		return writeInPlace(path, write)
	}
	if target, err := filepath.EvalSymlinks(path); err == nil {
		path = target
	}
	f, err := createTemp(path)
	if err != nil {
		return fmt.Errorf("create %s: %w", path, err)
	}
	defer os.Remove(f.Name())
	if old, err := os.Stat(path); err == nil && old.Mode().IsRegular() {
		if err := f.Chmod(old.Mode().Perm()); err != nil {
			f.Close()
			return fmt.Errorf("write %s: %w", path, err)
		}
	}
	if err := write(f); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := os.Rename(f.Name(), path); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}

// writeInPlace writes to an existing device, FIFO or socket.
func writeInPlace(path string, write func(io.Writer) error) error {
	f, err := os.OpenFile(path, os.O_WRONLY, 0)
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := write(f); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}

// createTemp makes a new file beside path with mode 0666, which the kernel
// narrows by the umask.
func createTemp(path string) (*os.File, error) {
	dir, base := filepath.Split(path)
	for try := 0; ; try++ {
		name := filepath.Join(dir, "."+base+".tmp"+strconv.FormatUint(rand.Uint64()%1e9, 10))
		f, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o666)
		if errors.Is(err, fs.ErrExist) && try < 100 {
			continue
		}
		return f, err
	}
}

// formatExts are the file name endings that say a format; an output named
// for one format but written in another would open as garbage.
var formatExts = map[string]string{
	".csv": "csv", ".tsv": "csv",
	".xlsx": "xlsx", ".xls": "xlsx",
	".png": "png", ".svg": "svg",
	".txt":  "text",
	".json": "json",
}

// checkExt refuses an output name whose extension contradicts format, with
// the name it should have and what writes the format it names.
func checkExt(path, format string) error {
	ext := strings.ToLower(filepath.Ext(path))
	named, ok := formatExts[ext]
	if !ok || named == format || path == "-" {
		return nil
	}
	want := strings.TrimSuffix(path, filepath.Ext(path)) + "." + map[string]string{"text": "txt"}[format]
	if format != "text" {
		want = strings.TrimSuffix(path, filepath.Ext(path)) + "." + format
	}
	hint := map[string]string{
		"csv":  map[bool]string{true: "add --csv for CSV", false: "use tifa export csv for CSV"}[format == "text"],
		"xlsx": "use tifa export xlsx for a workbook",
		"png":  "use tifa chart for a PNG",
		"svg":  "use tifa chart for an SVG",
		"text": "drop --csv for a table",
		"json": "this command writes no JSON",
	}[named]
	return usagef("-o %s: the name says %s but this writes %s; name it %s, or %s", path, named, format, want, hint)
}
