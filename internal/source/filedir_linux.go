package source

import (
	"strings"
	"syscall"
	"unsafe"
)

// fileDir opens the files of one directory by their names, relative to
// the directory itself (openat): the kernel then resolves one path
// component per file instead of every component of the directory's path
// again, a third of the cost of an open on a deep path. It falls back to
// whole paths when the directory cannot be opened.
type fileDir struct {
	fd   int // -1 when the directory could not be opened
	path string
	// cname holds the NUL-terminated name of the file being opened:
	// syscall.Openat allocates one per call.
	cname []byte
}

// openFileDir opens the directory at path for fileDir.open.
func openFileDir(path string) fileDir {
	for {
		fd, err := syscall.Open(path, syscall.O_RDONLY|syscall.O_CLOEXEC|syscall.O_DIRECTORY, 0)
		if err == syscall.EINTR {
			continue
		}
		if err != nil {
			return fileDir{fd: -1, path: path}
		}
		return fileDir{fd: fd, path: path}
	}
}

// open opens the file name of the directory for reading.
func (d *fileDir) open(name string) (int, error) {
	if d.fd < 0 {
		return syscall.Open(joinRoot(d.path, name), syscall.O_RDONLY|syscall.O_CLOEXEC, 0)
	}
	if strings.IndexByte(name, 0) >= 0 {
		return -1, syscall.EINVAL // as syscall.Openat reports it
	}
	d.cname = append(append(d.cname[:0], name...), 0)
	fd, _, errno := syscall.Syscall6(syscall.SYS_OPENAT, uintptr(d.fd), uintptr(unsafe.Pointer(&d.cname[0])),
		uintptr(syscall.O_RDONLY|syscall.O_CLOEXEC), 0, 0, 0)
	if errno != 0 {
		return -1, errno
	}
	return int(fd), nil
}

// close releases the directory.
func (d *fileDir) close() {
	if d.fd >= 0 {
		syscall.Close(d.fd)
	}
}
