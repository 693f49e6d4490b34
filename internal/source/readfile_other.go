//go:build !unix

package source

// directRead is false where os.DirFS's paths need more than joining with
// "/" (Windows): files are read through the fs.FS.
const directRead = false

func readDirect(path string, buf *[]byte) (int, error) { panic("unreachable") }
