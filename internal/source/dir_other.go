//go:build !linux

package source

import "os"

// listDirect lists the directory at path with os.ReadDir.
func listDirect(path string) ([]dirEntry, error) {
	des, err := os.ReadDir(path)
	if err != nil {
		return nil, err
	}
	ents := make([]dirEntry, len(des))
	for i, d := range des {
		ents[i] = dirEntry{name: d.Name(), dir: d.IsDir()}
	}
	return ents, nil
}
