package lint

import (
	"fmt"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/strata-db/strata/internal/lint/analysis"
	"github.com/strata-db/strata/internal/sqlsplit"
)

// TestDocs keeps the list of checks in doc.go and testdata/codes.md in
// step with the analyzers (go test -update regenerates both).
func TestDocs(t *testing.T) {
	src, err := os.ReadFile("doc.go")
	if err != nil {
		t.Fatal(err)
	}
	const marker = "// testdata/codes.md.)\n//\n"
	head, _, ok := strings.Cut(string(src), marker)
	if !ok {
		t.Fatalf("doc.go lost the line that ends with %q", marker)
	}
	checkGolden(t, "doc.go", []byte(head+marker+docList()+"package lint\n"))
	checkGolden(t, "testdata/codes.md", []byte(codesMarkdown()))
}

// TestAnalyzerMetadata checks what the docs and the CLI rely on: codes
// unique and well formed, names unique kebab-case, every field set.
func TestAnalyzerMetadata(t *testing.T) {
	codeRE := regexp.MustCompile(`^(N|L|I|R|T|M|S|D|PG|MY|Z)[0-9]{3}$`)
	nameRE := regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
	seen := map[string]bool{}
	for _, a := range Analyzers() {
		if !codeRE.MatchString(a.Code) || !nameRE.MatchString(a.Name) {
			t.Errorf("%s %s: bad code or name", a.Code, a.Name)
		}
		if seen[a.Code] || seen[a.Name] {
			t.Errorf("%s %s: code or name used twice", a.Code, a.Name)
		}
		seen[a.Code], seen[a.Name] = true, true
		if a.Doc == "" || a.Fix == "" || a.Run == nil || a.Severity < analysis.Info || a.Severity > analysis.Error {
			t.Errorf("%s: missing Doc, Fix, Run or Severity", a.Code)
		}
		if !strings.HasSuffix(a.Doc, ".") || !strings.HasSuffix(a.Fix, ".") {
			t.Errorf("%s: Doc and Fix are sentences ending with a period", a.Code)
		}
	}
}

func dialectNames(a *analysis.Analyzer) string {
	if a.Dialects == nil {
		return "all"
	}
	var names []string
	for _, d := range a.Dialects {
		names = append(names, map[sqlsplit.Syntax]string{sqlsplit.Postgres: "PostgreSQL", sqlsplit.MySQL: "MySQL", sqlsplit.SQLite: "SQLite"}[d])
	}
	return strings.Join(names, ", ")
}

func severityNote(a *analysis.Analyzer) string {
	s := a.Severity.String()
	if a.OptIn {
		s += ", off unless enabled"
	}
	if a.Dialects != nil {
		s += ", " + dialectNames(a) + " only"
	}
	return s
}

// docList renders the checks as a Go doc list.
func docList() string {
	var b strings.Builder
	for _, a := range Analyzers() {
		fmt.Fprintf(&b, "//   - %s %s (%s): %s\n//     Fix: %s\n", a.Code, a.Name, severityNote(a), a.Doc, a.Fix)
	}
	return b.String()
}

// codesMarkdown renders the checks as the markdown page SARIF's helpUri
// points into (one heading per code, so that #pg101 finds it).
func codesMarkdown() string {
	var b strings.Builder
	b.WriteString("# strata lint checks\n\n")
	b.WriteString("Generated from internal/lint by `go test ./internal/lint -update`; do not edit.\n\n")
	b.WriteString("Silence a check for one statement with `-- strata:lint-ignore CODE` on the line before it, for a whole file with the same line before its first statement, or everywhere with `disable = [\"CODE\"]` in the `[lint]` table of `strata.toml`.\n\n")
	b.WriteString("| code | name | severity | dialects |\n|---|---|---|---|\n")
	for _, a := range Analyzers() {
		sev := a.Severity.String()
		if a.OptIn {
			sev += " (off unless enabled)"
		}
		fmt.Fprintf(&b, "| [%s](#%s) | %s | %s | %s |\n", a.Code, strings.ToLower(a.Code), a.Name, sev, dialectNames(a))
	}
	for _, a := range Analyzers() {
		fmt.Fprintf(&b, "\n### %s\n\n`%s` · %s · %s\n\n%s\n\n**Safe alternative:** %s\n", a.Code, a.Name, a.Severity, dialectNames(a), a.Doc, a.Fix)
	}
	return b.String()
}
