//go:build unix

package source

import (
	"os"
	"syscall"
)

// directRead reports whether readDirect may stand in for os.DirFS's
// ReadFile on this system.
const directRead = true

// readBufSize is the starting size of a reader's buffer: far more than a
// typical migration, so that one read gets a whole file and a second one
// sees its end.
const readBufSize = 64 << 10

// readDirect reads the file name of directory d into *buf, growing it as
// needed, and returns the number of bytes read. It uses open, read until
// EOF and close and nothing else; errors are *os.PathError as os.ReadFile
// returns them.
func readDirect(d *fileDir, name string, buf *[]byte) (int, error) {
	var fd int
	var err error
	for {
		fd, err = d.open(name)
		if err != syscall.EINTR {
			break
		}
	}
	if err != nil {
		return 0, &os.PathError{Op: "open", Path: name, Err: err}
	}
	defer syscall.Close(fd)
	b := *buf
	if cap(b) == 0 {
		b = make([]byte, readBufSize)
	}
	b = b[:cap(b)]
	n := 0
	for {
		if n == len(b) {
			nb := make([]byte, 2*len(b))
			copy(nb, b)
			b = nb
		}
		m, err := syscall.Read(fd, b[n:])
		if err == syscall.EINTR {
			continue
		}
		if err != nil {
			*buf = b
			return 0, &os.PathError{Op: "read", Path: name, Err: err}
		}
		if m == 0 {
			*buf = b
			return n, nil
		}
		n += m
	}
}
