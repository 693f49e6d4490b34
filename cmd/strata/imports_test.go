package main

import (
	"encoding/json"
	"os/exec"
	"strings"
	"testing"
)

// TestNoInternalImports keeps the command on the public API: it imports
// the root package (and its public helpers) and the database drivers,
// never a package under internal/, so that a Go program can do all it
// does. Test files may use internal test helpers.
func TestNoInternalImports(t *testing.T) {
	for _, tags := range []string{"", "sqlite_cgo"} {
		out, err := exec.Command("go", "list", "-json", "-tags="+tags, ".").Output()
		if err != nil {
			t.Fatalf("go list -tags=%s: %v", tags, err)
		}
		var pkg struct {
			ImportPath string
			Imports    []string
		}
		if err := json.Unmarshal(out, &pkg); err != nil {
			t.Fatal(err)
		}
		if len(pkg.Imports) == 0 {
			t.Fatalf("go list -tags=%s: no imports listed", tags)
		}
		module := strings.TrimSuffix(pkg.ImportPath, "/cmd/strata")
		for _, imp := range pkg.Imports {
			if imp == module+"/internal" || strings.HasPrefix(imp, module+"/internal/") {
				t.Errorf("cmd/strata (tags %q) imports %s: give the root package what the command needs instead", tags, imp)
			}
		}
	}
}
