package main

import (
	"context"
	"fmt"
	"runtime/debug"
)

// runVersion prints the module version and the VCS revision the binary was
// built from, so a number in a client's deck can be traced to the code
// that counted it.
func runVersion(_ context.Context, e *env, args []string) error {
	fs := flagSet(e, "version", "", "Print tifa's module version, the VCS revision and time it was built from, and the Go version.")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("unexpected argument %q", fs.Arg(0))
	}
	_, err := fmt.Fprintln(e.stdout, versionLine(debug.ReadBuildInfo()))
	return err
}

// versionLine reads what the go command stamped into the binary:
// "(devel)" and no revision for go run or a test binary.
func versionLine(bi *debug.BuildInfo, ok bool) string {
	if !ok {
		return "tifa (no build information)"
	}
	version := bi.Main.Version
	if version == "" {
		version = "(devel)"
	}
	s := map[string]string{}
	for _, kv := range bi.Settings {
		s[kv.Key] = kv.Value
	}
	line := fmt.Sprintf("tifa %s %s", bi.Main.Path, version)
	if rev := s["vcs.revision"]; rev != "" {
		line += " revision " + rev
		if s["vcs.modified"] == "true" {
			line += " (modified)"
		}
		if t := s["vcs.time"]; t != "" {
			line += " of " + t
		}
	} else {
		line += " (no VCS revision: built outside a checkout or with -buildvcs=false)"
	}
	return line + ", " + bi.GoVersion
}
