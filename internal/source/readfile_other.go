//go:build !unix

package source

// directRead is false where os.DirFS's paths need more than joining with
// "/" (Windows): files are read through the fs.FS.
const directRead = false

// fileDir is not used without directRead.
type fileDir struct{}

func openFileDir(string) fileDir { return fileDir{} }

func (*fileDir) close() {}

func readDirect(*fileDir, string, *[]byte) (int, error) { panic("unreachable") }
