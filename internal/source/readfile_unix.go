//go:build unix

package source

import (
	"os"
	"syscall"
)

// rawRead reports whether readRaw may stand in for os.DirFS's ReadFile,
// which joins its root and a name with "/" here.
const rawRead = true

// readRaw reads the file at path into *buf, growing it as needed, with
// open, read until EOF and close, and returns the number of bytes read.
// Errors are *os.PathError, as os.ReadFile returns them.
func readRaw(path string, buf *[]byte) (int, error) {
	var fd int
	var err error
	for {
		fd, err = syscall.Open(path, syscall.O_RDONLY|syscall.O_CLOEXEC, 0)
		if err != syscall.EINTR {
			break
		}
	}
	if err != nil {
		return 0, &os.PathError{Op: "open", Path: path, Err: err}
	}
	defer syscall.Close(fd)
	b := *buf
	if cap(b) == 0 {
		b = make([]byte, 64<<10) // a whole migration in one read
	}
	b = b[:cap(b)]
	defer func() { *buf = b }()
	n := 0
	for {
		if n == len(b) {
			b = append(b, make([]byte, len(b))...)
		}
		m, err := syscall.Read(fd, b[n:])
		if err == syscall.EINTR {
			continue
		}
		if err != nil {
			return 0, &os.PathError{Op: "read", Path: path, Err: err}
		}
		if m == 0 {
			return n, nil
		}
		n += m
	}
}
