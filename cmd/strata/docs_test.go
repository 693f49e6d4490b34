package main

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// The files of docs/ that tests hold the command to, and the sections of
// tracking-tables.md that list the tables' columns.
const (
	trackingDoc    = "docs/tracking-tables.md"
	exitCodesDoc   = "docs/exit-codes.md"
	historySection = "## The history table"
	lockSection    = "## The lock table"
)

// readDoc reads a file of the repository, by its path from the root.
func readDoc(t *testing.T, name string) string {
	t.Helper()
	text, err := os.ReadFile(filepath.Join("..", "..", filepath.FromSlash(name)))
	if err != nil {
		t.Fatalf("%v (the docs the command is tested against)", err)
	}
	return string(text)
}

var (
	tableRow   = regexp.MustCompile("^\\|([^|]*)\\|")
	columnName = regexp.MustCompile("`([a-z_]+)`")
)

// docColumns lists the columns that a section of tracking-tables.md gives
// its table: the names in the first cell of each row of the section's
// table, in order (a cell may name several).
func docColumns(t *testing.T, heading string) []string {
	t.Helper()
	text := readDoc(t, trackingDoc)
	_, rest, ok := strings.Cut(text, "\n"+heading)
	if !ok {
		t.Fatalf("%s has no section %q", trackingDoc, heading)
	}
	var cols []string
	for i, line := range strings.Split(rest, "\n") {
		if i > 0 && strings.HasPrefix(line, "#") {
			break
		}
		m := tableRow.FindStringSubmatch(line)
		if m == nil || strings.Trim(m[1], " -") == "" || strings.TrimSpace(m[1]) == "column" {
			continue
		}
		for _, c := range columnName.FindAllStringSubmatch(m[1], -1) {
			cols = append(cols, c[1])
		}
	}
	if len(cols) == 0 {
		t.Fatalf("%s: section %q has no table of columns (| `column` | … |)", trackingDoc, heading)
	}
	return cols
}

// TestJSONExamplesMatchDocs checks every JSON example of the README and
// docs/json.md against the list in docs/json.md, so that an example
// cannot drift from the documents it shows. An example is a ```json block;
// its document is the last "`strata CMD --json`" named before it.
func TestJSONExamplesMatchDocs(t *testing.T) {
	spec := readJSONSpec(t)
	named := regexp.MustCompile("`strata ([a-z -]+?) --json`")
	for _, file := range []string{"README.md", jsonDoc} {
		blocks := strings.Split(readDoc(t, file), "```")
		n := 0
		for i := 1; i < len(blocks); i += 2 {
			body, ok := strings.CutPrefix(blocks[i], "json\n")
			if !ok {
				continue
			}
			n++
			names := named.FindAllStringSubmatch(blocks[i-1], -1)
			if names == nil {
				t.Errorf("%s: JSON example %d: no `strata CMD --json` before it says which document it is", file, n)
				continue
			}
			doc := "strata " + names[len(names)-1][1]
			v, err := decodeOne(body)
			if err != nil {
				t.Errorf("%s: JSON example %d (%s) is not one JSON document: %v", file, n, doc, err)
				continue
			}
			for _, e := range newJSONChecker(spec).check(doc, v) {
				t.Errorf("%s: JSON example %d (%s): %s", file, n, doc, e)
			}
		}
		if n == 0 {
			t.Errorf("%s has no JSON example (a ```json block); it should show one document", file)
		}
	}
}

// TestExitCodesMatchDocs checks docs/exit-codes.md against the command:
// its table lists exactly the exit codes that the package defines (the
// exit… constants), and its row for 3 names every check that exits 3
// (each problemsError's what).
func TestExitCodesMatchDocs(t *testing.T) {
	fset := token.NewFileSet()
	defined := map[int]string{}
	checks := map[string]bool{}
	checkName := regexp.MustCompile(`problemsError\{[^}]*what: "([a-z]+)"`)
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		src, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range checkName.FindAllStringSubmatch(string(src), -1) {
			checks[m[1]] = true
		}
		f, err := parser.ParseFile(fset, name, src, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, decl := range f.Decls {
			gd, ok := decl.(*ast.GenDecl)
			if !ok || gd.Tok != token.CONST {
				continue
			}
			for _, spec := range gd.Specs {
				vs := spec.(*ast.ValueSpec)
				for i, id := range vs.Names {
					if !strings.HasPrefix(id.Name, "exit") || i >= len(vs.Values) {
						continue
					}
					lit, ok := vs.Values[i].(*ast.BasicLit)
					if !ok || lit.Kind != token.INT {
						t.Errorf("%s: %s is not a plain number; TestExitCodesMatchDocs reads exit codes as such", name, id.Name)
						continue
					}
					code, _ := strconv.Atoi(lit.Value)
					defined[code] = id.Name
				}
			}
		}
	}
	if len(defined) == 0 || len(checks) == 0 {
		t.Fatalf("found no exit… constants (%d) or problemsError checks (%d) in the package: the test no longer reads the code", len(defined), len(checks))
	}

	documented := map[int]string{} // code -> the rest of its row
	row := regexp.MustCompile(`^\|\s*(\d+)\s*\|(.*)$`)
	for _, line := range strings.Split(readDoc(t, exitCodesDoc), "\n") {
		m := row.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		code, _ := strconv.Atoi(m[1])
		if _, twice := documented[code]; twice {
			t.Errorf("%s lists exit code %d twice", exitCodesDoc, code)
		}
		documented[code] = m[2]
	}
	for code, name := range defined {
		if _, ok := documented[code]; !ok {
			t.Errorf("%s does not list exit code %d (%s in cmd/strata): add a row saying when it happens", exitCodesDoc, code, name)
		}
	}
	for code := range documented {
		if _, ok := defined[code]; !ok {
			t.Errorf("%s lists exit code %d, which cmd/strata does not define (no exit… constant): remove the row", exitCodesDoc, code)
		}
	}
	var missing []string
	for what := range checks {
		if !strings.Contains(documented[3], "`"+what+"`") {
			missing = append(missing, what)
		}
	}
	slices.Sort(missing)
	if len(missing) > 0 {
		t.Errorf("%s: the row for exit code 3 does not name %s, which exit 3 when they find problems", exitCodesDoc, strings.Join(missing, ", "))
	}
}
