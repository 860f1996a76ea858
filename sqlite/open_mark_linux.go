package sqlite

import (
	"io/fs"
	"syscall"
)

// fileID is the device, inode and ctime of a stat result.
func fileID(fi fs.FileInfo) (dev, ino uint64, ctime int64) {
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return 0, 0, 0
	}
	return uint64(st.Dev), uint64(st.Ino), st.Ctim.Nano()
}
