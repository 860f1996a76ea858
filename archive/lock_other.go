//go:build !unix

package archive

import "os"

// lockFile does nothing where there is no flock: one crawl per machine.
func lockFile(*os.File) error { return nil }
