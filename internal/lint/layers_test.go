package lint

import (
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestLayers keeps the packages of lint in their layers (see doc.go): the
// facts at the bottom, the readers and the model on them, the framework
// on those, the checks on the framework, and only this package knowing
// every check. The compiler refuses cycles; this refuses the imports that
// would blur the jobs, e.g. the framework importing a check or a reader
// importing the model.
func TestLayers(t *testing.T) {
	const mod = "github.com/strata-db/strata/internal/lint/"
	allowed := map[string][]string{
		"facts":    nil,
		"pgtree":   {"facts"},
		"tokstmt":  {"facts"},
		"model":    {"facts"},
		"analysis": {"facts", "model"},
		"report":   {"facts", "analysis"},
		"checks":   nil,
	}
	checkDeps := []string{"facts", "model", "analysis"}
	seen := 0
	err := filepath.WalkDir(".", func(path string, d os.DirEntry, err error) error {
		switch {
		case err != nil:
			return err
		case !d.IsDir() || path == ".":
			return nil
		case d.Name() == "testdata":
			return filepath.SkipDir
		}
		pkg := filepath.ToSlash(path)
		want, ok := allowed[pkg]
		if strings.HasPrefix(pkg, "checks/") {
			want, ok = checkDeps, true
		}
		if !ok {
			t.Errorf("package internal/lint/%s has no layer in TestLayers: add it to doc.go and here", pkg)
			return nil
		}
		seen++
		files, _ := filepath.Glob(filepath.Join(path, "*.go"))
		for _, f := range files {
			if strings.HasSuffix(f, "_test.go") {
				continue
			}
			af, err := parser.ParseFile(token.NewFileSet(), f, nil, parser.ImportsOnly)
			if err != nil {
				t.Fatal(err)
			}
			for _, im := range af.Imports {
				p := strings.Trim(im.Path.Value, `"`)
				if !strings.HasPrefix(p, mod) {
					continue
				}
				if dep := strings.TrimPrefix(p, mod); !slices.Contains(want, dep) {
					t.Errorf("%s imports internal/lint/%s; internal/lint/%s may import only %v", f, dep, pkg, want)
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if seen < len(allowed) {
		t.Errorf("found %d packages under internal/lint, want at least %d", seen, len(allowed))
	}
}
