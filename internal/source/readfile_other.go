//go:build !unix

package source

// rawRead is false where os.DirFS's paths need more than joining with
// "/" (Windows): files are read through the fs.FS.
const rawRead = false

func readRaw(string, *[]byte) (int, error) { panic("unreachable") }
