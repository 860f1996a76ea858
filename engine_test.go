package tifa_test

import (
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// TestOnlyTheEngineImportsItsDriver: the packages that crawl, ingest and
// read compile against interfaces, so none of them pulls in a database
// driver; only the engine package (and cmd/tifa, which wires it) does.
func TestOnlyTheEngineImportsItsDriver(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go list")
	}
	const driver, module = "github.com/mattn/go-sqlite3", "github.com/tifa-project/tifa"
	for _, pkg := range []string{"crawler", "ingest", "report", "health", "dashboard", "alert", "storetest"} {
		t.Run(pkg, func(t *testing.T) {
			goCmd := filepath.Join(runtime.GOROOT(), "bin", "go")
			out, err := exec.Command(goCmd, "list", "-deps", "-f", "{{.ImportPath}} {{join .Imports \" \"}}", "github.com/tifa-project/tifa/"+pkg).CombinedOutput()
			if err != nil {
				t.Fatalf("go list -deps %s: %v\n%s", pkg, err, out)
			}
			var importers []string // the packages among pkg's deps that import the engine or its driver
			for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
				f := strings.Fields(line)
				if len(f) == 0 || f[0] == driver || strings.HasPrefix(f[0], module+"/sqlite") {
					continue
				}
				for _, imp := range f[1:] {
					if imp == driver || imp == module+"/sqlite" {
						importers = append(importers, f[0]+" imports "+imp)
					}
				}
			}
			if len(importers) > 0 {
				t.Errorf("package %s depends on the SQLite engine (%s): declare the store methods needed as an interface instead",
					pkg, strings.Join(importers, "; "))
			}
		})
	}
}
