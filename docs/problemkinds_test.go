package docs

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// Every kind of problem the library reports is listed in json.md, which
// consumers switch on: a kind missing there is a value outside the
// documented contract (trial 2, F7).
func TestProblemKindsDocumented(t *testing.T) {
	doc, err := os.ReadFile("json.md")
	if err != nil {
		t.Fatal(err)
	}
	files, err := filepath.Glob("../*.go")
	if err != nil {
		t.Fatal(err)
	}
	// Problem{Kind: "x" and p.Kind = "x" where p is a Problem.
	lit := regexp.MustCompile(`Problem\{Kind: "([a-z-]+)"|\bp\.Kind = "([a-z-]+)"|\badd\("([a-z-]+)"`)
	seen := map[string]bool{}
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range lit.FindAllStringSubmatch(string(src), -1) {
			for _, k := range m[1:] {
				if k != "" && !seen[k] {
					seen[k] = true
					if !strings.Contains(string(doc), "`"+k+"`") {
						t.Errorf("%s: problem kind %q is not in json.md", filepath.Base(f), k)
					}
				}
			}
		}
	}
	if len(seen) < 10 {
		t.Fatalf("found only %d problem kinds in the sources (%v): the pattern no longer matches how they are written", len(seen), seen)
	}
}
