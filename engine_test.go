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
// driver; only the engine packages (and cmd/tifa, which wires them) do.
func TestOnlyTheEngineImportsItsDriver(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go list")
	}
	const module = "github.com/tifa-project/tifa"
	// An engine package, or a driver: a path with one of these prefixes.
	engines := []string{module + "/sqlite", module + "/postgres", "github.com/mattn/go-sqlite3", "github.com/jackc/pgx"}
	isEngine := func(path string) bool {
		for _, e := range engines {
			if path == e || strings.HasPrefix(path, e+"/") {
				return true
			}
		}
		return false
	}
	for _, pkg := range []string{"crawler", "ingest", "report", "health", "dashboard", "alert", "discover", "trend", "storetest"} {
		t.Run(pkg, func(t *testing.T) {
			goCmd := filepath.Join(runtime.GOROOT(), "bin", "go")
			out, err := exec.Command(goCmd, "list", "-deps", "-f", "{{.ImportPath}} {{join .Imports \" \"}}", "github.com/tifa-project/tifa/"+pkg).CombinedOutput()
			if err != nil {
				t.Fatalf("go list -deps %s: %v\n%s", pkg, err, out)
			}
			var importers []string // the packages among pkg's deps that import the engine or its driver
			for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
				f := strings.Fields(line)
				if len(f) == 0 || isEngine(f[0]) {
					continue
				}
				for _, imp := range f[1:] {
					if isEngine(imp) {
						importers = append(importers, f[0]+" imports "+imp)
					}
				}
			}
			if len(importers) > 0 {
				t.Errorf("package %s depends on a storage engine (%s): declare the store methods needed as an interface instead",
					pkg, strings.Join(importers, "; "))
			}
		})
	}
}
