//go:build unix

package archive

import (
	"fmt"
	"os"
	"syscall"
)

// lockFile takes an exclusive lock on f until it is closed.
func lockFile(f *os.File) error {
	for {
		err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX)
		if err != syscall.EINTR {
			if err != nil {
				return fmt.Errorf("lock %s: %w", f.Name(), err)
			}
			return nil
		}
	}
}
