package source

import (
	"io/fs"
	"os"
	"path"
	"reflect"
	"strings"
	"unsafe"
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
	// dir is the directory of the last file read directly, open for the
	// next one in it (fs path dirName).
	dir     fileDir
	dirName string
	dirOpen bool
}

// dirFSType is the type os.DirFS returns. It is unexported, so it is
// recognised by its reflect.Type; a Type is comparable and exact, so
// nothing else (not even a type wrapping an os.DirFS) matches.
var dirFSType = reflect.TypeOf(os.DirFS("."))

// newFileReader returns a reader of fsys. Readers are not safe for
// concurrent use: each goroutine needs its own, for its buffer.
func newFileReader(fsys fs.FS) *fileReader {
	return &fileReader{fsys: fsys, root: directRoot(fsys)}
}

// directRoot returns the root of fsys when it is an os.DirFS that can be
// read directly, else "".
func directRoot(fsys fs.FS) string {
	if directRead && reflect.TypeOf(fsys) == dirFSType {
		// An os.DirFS is a string, its root. An empty root is an error
		// os.DirFS reports itself, so it goes the ordinary way.
		return reflect.ValueOf(fsys).String()
	}
	return ""
}

// dirEntry is what Read needs of a directory entry.
type dirEntry struct {
	name string
	dir  bool
}

// listDir lists directory dir of fsys, unsorted, with the errors of
// fs.ReadDir.
func listDir(fsys fs.FS, dir string) ([]dirEntry, error) {
	if root := directRoot(fsys); root != "" {
		ents, err := listDirect(joinRoot(root, dir))
		if pe, ok := err.(*os.PathError); ok && pe.Op != "lstat" {
			pe.Path = dir // as os.DirFS reports it: relative to the root
		}
		return ents, err
	}
	return entriesOf(fs.ReadDir(fsys, dir))
}

// entriesOf turns a directory listing into dirEntries.
func entriesOf(des []fs.DirEntry, err error) ([]dirEntry, error) {
	if err != nil {
		return nil, err
	}
	ents := make([]dirEntry, len(des))
	for i, d := range des {
		ents[i] = dirEntry{name: d.Name(), dir: d.IsDir()}
	}
	return ents, nil
}

// joinRoot joins a valid fs path to an os.DirFS root as os.DirFS does:
// the root, a separator unless the root ends in one, then the name (fs
// paths use "/" and directRead is set only where that is the separator).
func joinRoot(root, name string) string {
	if name == "." {
		return root
	}
	if root[len(root)-1] != '/' {
		root += "/"
	}
	return root + name
}

// read returns the content of the file at name, a valid fs path. Errors
// are those fs.ReadFile(fsys, name) would give. With view set the content
// may be a view of the reader's buffer, valid only until the next read:
// the caller must copy whatever it keeps.
func (r *fileReader) read(name string, view bool) (string, error) {
	if r.root == "" {
		b, err := fs.ReadFile(r.fsys, name)
		return string(b), err
	}
	dir, base := path.Split(name)
	dir = strings.TrimSuffix(dir, "/")
	if dir == "" {
		dir = "."
	}
	if !r.dirOpen || dir != r.dirName {
		r.close()
		r.dir, r.dirName, r.dirOpen = openFileDir(joinRoot(r.root, dir)), dir, true
	}
	n, err := readDirect(&r.dir, base, &r.buf)
	if err != nil {
		if pe, ok := err.(*os.PathError); ok {
			pe.Path = name // as os.DirFS reports it: relative to the root
		}
		return "", err
	}
	if view {
		if n == 0 {
			return "", nil
		}
		return unsafe.String(&r.buf[0], n), nil
	}
	// One copy into a string, which every section's SQL slices; the
	// buffer goes on to the next file.
	return string(r.buf[:n]), nil
}

// close releases what the reader holds open.
func (r *fileReader) close() {
	if r.dirOpen {
		r.dir.close()
		r.dirOpen = false
	}
}
