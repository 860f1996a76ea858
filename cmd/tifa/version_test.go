package main

import (
	"runtime/debug"
	"strings"
	"testing"
)

func TestVersion(t *testing.T) {
	code, out, stderr := runTifa(t, "", "version")
	if code != 0 || !strings.HasPrefix(out, "tifa github.com/tifa-project/tifa ") || stderr != "" {
		t.Errorf("tifa version: exit %d, %q, %q", code, out, stderr)
	}
	bi := &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Path: "github.com/tifa-project/tifa", Version: "v0.3.0"},
		Settings: []debug.BuildSetting{{Key: "vcs.revision", Value: "96c29c4abc"}, {Key: "vcs.time", Value: "2026-12-01T20:00:00Z"}, {Key: "vcs.modified", Value: "true"}}}
	if got, want := versionLine(bi, true), "tifa github.com/tifa-project/tifa v0.3.0 revision 96c29c4abc (modified) of 2026-12-01T20:00:00Z, go1.26.8"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

// TestHelpEveryCommand: -h on any command, or on one that takes a
// subcommand, exits 0 and shows that command's usage, with its own flags
// and no others'.
func TestHelpEveryCommand(t *testing.T) {
	for _, c := range commands {
		code, out, stderr := runTifa(t, "", c.name, "-h")
		if code != 0 || !strings.Contains(out+stderr, "usage: tifa "+c.name) {
			t.Errorf("tifa %s -h: exit %d, output %q %q; want exit 0 and the usage", c.name, code, out, stderr)
		}
	}
	for _, tt := range []struct {
		args      []string
		has, lack string
	}{
		{[]string{"chart", "-h"}, "-title", "-shape"},
		{[]string{"tag", "-h"}, "usage: tifa tag", "-db"},
		{[]string{"version", "-h"}, "usage: tifa version", "-db"},
		{[]string{"sources", "health", "-h"}, "-json", "-title"},
		{[]string{"export", "-h"}, "csv|xlsx", "-title"},
	} {
		code, _, stderr := runTifa(t, "", tt.args...)
		if code != 0 || !strings.Contains(stderr, tt.has) || strings.Contains(stderr, tt.lack) {
			t.Errorf("tifa %v: exit %d, %q; want exit 0, %q and not %q", tt.args, code, stderr, tt.has, tt.lack)
		}
	}
}
