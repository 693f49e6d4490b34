package source

import (
	"io/fs"
	"os"
	"reflect"
)

// fileReader reads migration files for one goroutine of readAll.
//
// Reading is most of what a no-op "strata up" costs on a big project, and
// almost all of it is system calls: os.ReadFile (behind os.DirFS) makes
// about ten per file, since os.Open also tries to register the file with
// the network poller (fcntl, epoll_ctl, fcntl again) and ReadFile adds an
// fstat. For the usual os.DirFS the reader goes around it with open, read
// until EOF into a buffer it reuses, and close: the same bytes, the same
// errors, four calls. Any other fs.FS is read through the fs.FS as is.
type fileReader struct {
	fsys fs.FS
	root string // the os.DirFS root when reading directly, else ""
	buf  []byte
}

// dirFSType is the type os.DirFS returns. It is unexported, so it is
// recognised by its reflect.Type; a Type is comparable and exact, so
// nothing else (not even a type wrapping an os.DirFS) matches.
var dirFSType = reflect.TypeOf(os.DirFS("."))

// newFileReader returns a reader of fsys. Readers are not safe for
// concurrent use: each goroutine needs its own, for its buffer.
func newFileReader(fsys fs.FS) *fileReader {
	r := &fileReader{fsys: fsys}
	if directRead && reflect.TypeOf(fsys) == dirFSType {
		// An os.DirFS is a string, its root. An empty root is an error
		// os.DirFS reports itself, so it goes the ordinary way.
		r.root = reflect.ValueOf(fsys).String()
	}
	return r
}

// read returns the content of the file at name, a valid fs path. Errors
// are those fs.ReadFile(fsys, name) would give.
func (r *fileReader) read(name string) (string, error) {
	if r.root == "" {
		b, err := fs.ReadFile(r.fsys, name)
		return string(b), err
	}
	// As os.DirFS joins: the root, a separator unless the root ends in one,
	// then the name (fs paths use "/" and directRead is set only where
	// that is the separator).
	full := r.root
	if full[len(full)-1] != '/' {
		full += "/"
	}
	full += name
	n, err := readDirect(full, &r.buf)
	if err != nil {
		if pe, ok := err.(*os.PathError); ok {
			pe.Path = name // as os.DirFS reports it: relative to the root
		}
		return "", err
	}
	// One copy into a string, which every section's SQL slices; the
	// buffer goes on to the next file.
	return string(r.buf[:n]), nil
}
