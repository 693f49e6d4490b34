//go:build unix && !linux

package source

import "syscall"

// fileDir opens the files of one directory by their whole paths: the
// standard library has openat on Linux only.
type fileDir struct {
	path string
}

// openFileDir returns the fileDir of the directory at path.
func openFileDir(path string) fileDir { return fileDir{path: path} }

// open opens the file name of the directory for reading.
func (d *fileDir) open(name string) (int, error) {
	return syscall.Open(joinRoot(d.path, name), syscall.O_RDONLY|syscall.O_CLOEXEC, 0)
}

// close releases the directory.
func (d *fileDir) close() {}
