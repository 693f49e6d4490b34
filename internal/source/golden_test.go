package source

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

var update = flag.Bool("update", false, "rewrite testdata/golden/*.golden from the current output")

// goldenNow is the fixed "now" the golden files show Next at.
var goldenNow = time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)

// dump renders what Read returned in a stable text form for golden files.
func dump(migs []*Migration, err error) string {
	var b strings.Builder
	for _, m := range migs {
		fmt.Fprintf(&b, "migration %s %s\n", m.Version, m.Name)
		dumpSection(&b, "up", m.Up)
		dumpSection(&b, "down", m.Down)
	}
	var pe *ProblemsError
	switch {
	case errors.As(err, &pe):
		b.WriteString("problems:\n")
		for _, p := range pe.Problems {
			fmt.Fprintf(&b, "  %s\n", p)
		}
	case err != nil:
		fmt.Fprintf(&b, "error: %v\n", err)
	}
	if err == nil {
		file, _, nerr := Next(migs, "next thing", goldenNow)
		if nerr != nil {
			file = "error: " + nerr.Error()
		}
		fmt.Fprintf(&b, "next at %s: %s\n", goldenNow.Format(time.RFC3339), file)
	}
	return b.String()
}

func dumpSection(b *strings.Builder, what string, s Section) {
	if !s.Present {
		fmt.Fprintf(b, "  %s: absent\n", what)
		return
	}
	fmt.Fprintf(b, "  %s: %s line %d offset %d %s\n", what, s.File, s.Line, s.Offset, s.Checksum)
	for _, d := range s.Directives {
		fmt.Fprintf(b, "    directive line %d %s %q\n", d.Line, d.Name, d.Args)
	}
	if s.NoTransaction || s.TolerateExisting || s.Timeout != 0 {
		fmt.Fprintf(b, "    no-transaction=%v tolerate-existing=%v timeout=%v\n", s.NoTransaction, s.TolerateExisting, s.Timeout)
	}
	fmt.Fprintf(b, "    sql %q\n", s.SQL)
}

func TestGolden(t *testing.T) {
	dirs, err := filepath.Glob(filepath.Join("testdata", "golden", "*"))
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, dir := range dirs {
		if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
			continue
		}
		n++
		t.Run(filepath.Base(dir), func(t *testing.T) {
			got := dump(Read(os.DirFS(dir), "."))
			golden := dir + ".golden"
			if *update {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if got != string(want) {
				t.Errorf("Read(%s) differs from %s (run go test -update to accept):\n--- got\n%s--- want\n%s", dir, golden, got, want)
			}
		})
	}
	if n == 0 {
		t.Fatal("no golden test directories")
	}
}
