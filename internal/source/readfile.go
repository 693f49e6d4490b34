package source

import (
	"io/fs"
	"os"
	"reflect"
	"unsafe"
)

// dirFSType is the type os.DirFS returns. It is unexported, so it is
// recognised by its reflect.Type, which nothing else (not even a type
// wrapping an os.DirFS) matches.
var dirFSType = reflect.TypeOf(os.DirFS("."))

// osDirRoot returns the directory fsys reads when it is an os.DirFS whose
// files readRaw may read, else "". An empty root is an error os.DirFS
// reports itself, so it goes the ordinary way too.
func osDirRoot(fsys fs.FS) string {
	if rawRead && reflect.TypeOf(fsys) == dirFSType {
		return reflect.ValueOf(fsys).String()
	}
	return ""
}

// fileReader holds what one goroutine of readAll reuses from file to
// file.
type fileReader struct {
	fsys fs.FS
	root string // osDirRoot(fsys)
	buf  []byte // the file being read
	norm []byte // the normal form of the section being checksummed
}

// newFileReader returns a reader of fsys.
func newFileReader(fsys fs.FS) *fileReader {
	return &fileReader{fsys: fsys, root: osDirRoot(fsys)}
}

// read returns the content of the file at name, a valid fs path, with the
// errors of fs.ReadFile. The files of an os.DirFS are read with readRaw,
// because os.ReadFile costs twice the system calls of an open, a read
// and a close (it registers every file with the network poller, then
// stats it) and allocates a buffer per file. With view set, the content
// of such a file is a view of the reader's buffer, valid only until the
// next read: the caller keeps no piece of it (ReadOptions.SkipSQL), and
// the command then allocates too little to ever collect garbage.
func (r *fileReader) read(name string, view bool) (string, error) {
	if r.root == "" {
		b, err := fs.ReadFile(r.fsys, name)
		return string(b), err
	}
	root := r.root
	if root[len(root)-1] != '/' {
		root += "/"
	}
	n, err := readRaw(root+name, &r.buf)
	if err != nil {
		if pe, ok := err.(*os.PathError); ok {
			pe.Path = name // as os.DirFS reports it: relative to the root
		}
		return "", err
	}
	if view && n > 0 {
		return unsafe.String(&r.buf[0], n), nil
	}
	return string(r.buf[:n]), nil
}
