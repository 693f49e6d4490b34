package lintreport_test

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"os"
	"path"
	"strings"
	"testing"

	"github.com/strata-db/strata"
	"github.com/strata-db/strata/lintreport"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// outputReport lints testdata/output: an error with related places, a
// warning, and an info (PG101 lowered by the configuration).
func outputReport(t *testing.T) *strata.LintReport {
	t.Helper()
	rep, err := strata.Lint(context.Background(), strata.LintOptions{Dialect: strata.Postgres, FS: os.DirFS("testdata"), Dir: "output",
		Config: strata.LintConfig{Severity: map[string]string{"PG101": "info"}}})
	if err != nil {
		t.Fatal(err)
	}
	if !rep.HasErrors() || rep.Count(strata.LintError) != 1 || rep.Count(strata.LintInfo) != 1 {
		t.Fatalf("unexpected findings: %v", rep.Findings)
	}
	return rep
}

func TestOutputFormats(t *testing.T) {
	rep := outputReport(t)
	for _, f := range []struct {
		golden string
		write  func(*bytes.Buffer) error
	}{
		{"testdata/output.txt", func(b *bytes.Buffer) error { return lintreport.WriteText(b, rep) }},
		{"testdata/output.json", func(b *bytes.Buffer) error { return lintreport.WriteJSON(b, rep) }},
		{"testdata/output.sarif", func(b *bytes.Buffer) error { return lintreport.WriteSARIF(b, rep) }},
		{"testdata/output.github", func(b *bytes.Buffer) error { return lintreport.WriteGitHub(b, rep) }},
	} {
		var b bytes.Buffer
		if err := f.write(&b); err != nil {
			t.Fatal(err)
		}
		checkGolden(t, f.golden, b.Bytes())
	}
}

// TestSARIFRequired checks the properties the SARIF 2.1.0 schema
// requires, and those code scanning needs, on the decoded document.
func TestSARIFRequired(t *testing.T) {
	var b bytes.Buffer
	if err := lintreport.WriteSARIF(&b, outputReport(t)); err != nil {
		t.Fatal(err)
	}
	var log map[string]any
	if err := json.Unmarshal(b.Bytes(), &log); err != nil {
		t.Fatal(err)
	}
	get := func(v any, path ...any) any {
		for _, p := range path {
			switch k := p.(type) {
			case string:
				m, ok := v.(map[string]any)
				if !ok || m[k] == nil {
					t.Fatalf("missing %v", path)
				}
				v = m[k]
			case int:
				l, ok := v.([]any)
				if !ok || len(l) <= k {
					t.Fatalf("missing %v", path)
				}
				v = l[k]
			}
		}
		return v
	}
	if get(log, "version") != "2.1.0" || !strings.Contains(get(log, "$schema").(string), "sarif-2.1.0") {
		t.Fatal("version or $schema")
	}
	driver := get(log, "runs", 0, "tool", "driver")
	for _, k := range []string{"name", "informationUri"} {
		get(driver, k)
	}
	rules := get(driver, "rules").([]any)
	ids := map[string]int{}
	for i, r := range rules {
		ids[get(r, "id").(string)] = i
		get(r, "shortDescription", "text")
		get(r, "helpUri")
		if lvl := get(r, "defaultConfiguration", "level"); lvl != "error" && lvl != "warning" && lvl != "note" {
			t.Fatalf("rule level %v", lvl)
		}
	}
	results := get(log, "runs", 0, "results").([]any)
	if len(results) != len(outputReport(t).Findings) {
		t.Fatalf("%d results", len(results))
	}
	for _, r := range results {
		id := get(r, "ruleId").(string)
		if i, ok := ids[id]; !ok || int(get(r, "ruleIndex").(float64)) != i {
			t.Fatalf("result %s: rule missing or ruleIndex wrong", id)
		}
		get(r, "level")
		get(r, "message", "text")
		loc := get(r, "locations", 0, "physicalLocation")
		get(loc, "artifactLocation", "uri")
		if get(loc, "region", "startLine").(float64) < 1 || get(loc, "region", "startColumn").(float64) < 1 {
			t.Fatal("region before 1:1")
		}
	}
}

func TestGitHubEscaping(t *testing.T) {
	rep := &strata.LintReport{Findings: []strata.LintFinding{{File: "m/0,1:x.sql", Line: 2, Column: 3, Code: "X1",
		Severity: strata.LintWarning, Message: "100% wrong\nreally", Fix: "fix it"}}}
	var b bytes.Buffer
	if err := lintreport.WriteGitHub(&b, rep); err != nil {
		t.Fatal(err)
	}
	want := "::warning file=m/0%2C1%3Ax.sql,line=2,col=3,title=X1::100%25 wrong%0Areally%0AFix: fix it\n"
	if b.String() != want {
		t.Fatalf("got  %q\nwant %q", b.String(), want)
	}
}

// TestLegacy lints testdata/legacy, a messy legacy history: a migration
// re-creating the whole schema, two adding the same column with
// different ON DELETE, a mix of idempotent and plain statements, a gap, a
// DDL/DML mix, a missing rollback. Every problem must be reported once,
// at the right file and line (testdata/legacy.golden).
func TestLegacy(t *testing.T) {
	rep, err := strata.Lint(context.Background(), strata.LintOptions{Dialect: strata.Postgres, FS: os.DirFS("testdata"), Dir: "legacy"})
	if err != nil {
		t.Fatal(err)
	}
	var got bytes.Buffer
	if err := lintreport.WriteText(&got, rep); err != nil {
		t.Fatal(err)
	}
	checkGolden(t, "testdata/legacy.golden", got.Bytes())
}

// checkGolden compares got with a golden file, or rewrites it with
// -update.
func checkGolden(t *testing.T, file string, got []byte) {
	t.Helper()
	if *update {
		if err := os.WriteFile(file, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(file)
	if err != nil {
		t.Fatalf("%v (go test -update creates it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs (go test -update rewrites it)\n--- got\n%s--- want\n%s", path.Base(file), got, want)
	}
}
