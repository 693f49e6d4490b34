//go:build !linux

package source

import "os"

// listDirect lists the directory at path with os.ReadDir.
func listDirect(path string) ([]dirEntry, error) {
	return entriesOf(os.ReadDir(path))
}
