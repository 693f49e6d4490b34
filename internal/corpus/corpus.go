// Package corpus locates, for tests, the real-world migration sets kept in
// shared/corpus beside the repository (see its README). The main checkout
// has it one level up, a git worktree further up; STRATA_CORPUS names it
// anywhere else. Tests skip, saying so, when it is absent.
package corpus

import (
	"os"
	"path/filepath"
	"testing"
)

// Env names the corpus directory when it is not beside the checkout.
const Env = "STRATA_CORPUS"

// Root returns the corpus directory: $STRATA_CORPUS, or the first
// shared/corpus found going up from the working directory; "" when there
// is none.
func Root() string {
	if dir := os.Getenv(Env); dir != "" {
		return dir
	}
	dir, err := os.Getwd()
	if err != nil {
		return ""
	}
	for {
		c := filepath.Join(dir, "shared", "corpus")
		if fi, err := os.Stat(c); err == nil && fi.IsDir() {
			return c
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
}

// Dir returns the directory of the set name, or skips tb when it is not
// there.
func Dir(tb testing.TB, name string) string {
	tb.Helper()
	root := Root()
	if root == "" {
		tb.Skipf("no real-world corpus: no shared/corpus above the working directory and %s is not set", Env)
	}
	dir := filepath.Join(root, name)
	if _, err := os.Stat(dir); err != nil {
		tb.Skipf("real-world corpus set %s not found (%v)", dir, err)
	}
	return dir
}
