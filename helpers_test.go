package strata_test

import "os"

// tempDir makes a directory for an example, which has no testing.T.
func tempDir() (string, func()) {
	dir, err := os.MkdirTemp("", "strata-example-")
	if err != nil {
		panic(err)
	}
	return dir, func() { os.RemoveAll(dir) }
}
