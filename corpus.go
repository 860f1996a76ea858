// Package tifa bundles the real pages the demo replays. The code lives in the
// packages below this one; see README.md.
package tifa

import "embed"

// Corpus holds saved pages of the default sources, copied byte for byte from
// ../shared/corpus; testdata/corpus/MANIFEST.tsv gives each one's origin.
//
//go:embed testdata/corpus/MANIFEST.tsv testdata/corpus/xinhua testdata/corpus/people testdata/corpus/gmw testdata/corpus/chinadaily
var Corpus embed.FS
