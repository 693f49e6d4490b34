package strata

import (
	"go/ast"
	"go/parser"
	gotoken "go/token"
	"path/filepath"
	"strings"
	"testing"
)

// TestSentinelsInErrorsGo keeps every exported sentinel (a package-level
// Err… variable) in errors.go, where a caller looks for the errors that
// errors.Is can find.
func TestSentinelsInErrorsGo(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := gotoken.NewFileSet()
	found := 0
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range f.Decls {
			g, ok := d.(*ast.GenDecl)
			if !ok || g.Tok != gotoken.VAR {
				continue
			}
			for _, s := range g.Specs {
				for _, id := range s.(*ast.ValueSpec).Names {
					if !strings.HasPrefix(id.Name, "Err") || !id.IsExported() {
						continue
					}
					found++
					if name != "errors.go" {
						t.Errorf("%s: sentinel %s is declared outside errors.go: move it there", fset.Position(id.Pos()), id.Name)
					}
				}
			}
		}
	}
	if found == 0 {
		t.Fatal("no sentinel found at all: the test reads the wrong files")
	}
}
