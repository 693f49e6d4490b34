package lint

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/rogpeppe/go-internal/txtar"

	"github.com/strata-db/strata/internal/lint/analysis"
	"github.com/strata-db/strata/internal/sqlsplit"
)

var update = flag.Bool("update", false, "rewrite the golden files and the want sections of testdata/analyzers/*.txtar")

// TestAnalyzers runs the golden cases of testdata/analyzers: one archive
// per check, named after its code. Each archive holds migration
// directories: those named pos… must draw at least one finding of the
// check, those named neg… none. A directory name may end in -postgres,
// -mysql or -sqlite to choose its dialect; otherwise the archive's
// "dialect:" comment line does. A "config:" comment line gives the
// Config as JSON, an "applied:" line the applied checksums. The findings
// of the check in the pos directories are compared with the archive's
// "want" file (rewritten with -update).
func TestAnalyzers(t *testing.T) {
	files, err := filepath.Glob("testdata/analyzers/*.txtar")
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, file := range files {
		code := strings.TrimSuffix(filepath.Base(file), ".txtar")
		seen[code] = true
		t.Run(code, func(t *testing.T) { runGoldenCase(t, file, code) })
	}
	for _, a := range Analyzers() {
		if !seen[a.Code] {
			t.Errorf("no golden case testdata/analyzers/%s.txtar", a.Code)
		}
	}
}

func runGoldenCase(t *testing.T, file, code string) {
	ar, err := txtar.ParseFile(file)
	if err != nil {
		t.Fatal(err)
	}
	hdr := parseHeader(t, ar.Comment)
	fsys := fstest.MapFS{}
	dirs := map[string]bool{}
	wantIdx := -1
	for i, f := range ar.Files {
		if f.Name == "want" {
			wantIdx = i
			continue
		}
		fsys[f.Name] = &fstest.MapFile{Data: f.Data}
		dirs[strings.SplitN(f.Name, "/", 2)[0]] = true
	}
	names := make([]string, 0, len(dirs))
	for d := range dirs {
		names = append(names, d)
	}
	sort.Strings(names)
	var got bytes.Buffer
	for _, dir := range names {
		d := hdr.dialect
		for suffix, dd := range map[string]sqlsplit.Syntax{"-postgres": sqlsplit.Postgres, "-mysql": sqlsplit.MySQL, "-sqlite": sqlsplit.SQLite} {
			if strings.HasSuffix(dir, suffix) {
				d = dd
			}
		}
		rep, err := Run(Options{Dialect: d, FS: fsys, Dir: dir, Config: hdr.config, Applied: hdr.applied})
		if err != nil {
			t.Fatalf("%s: %v", dir, err)
		}
		var mine []analysis.Diagnostic
		for _, diag := range rep.Diagnostics {
			if diag.Code == code {
				mine = append(mine, diag)
			}
		}
		switch {
		case strings.HasPrefix(dir, "neg"):
			for _, diag := range mine {
				t.Errorf("%s: unexpected finding: %s", dir, diag)
			}
		case strings.HasPrefix(dir, "pos"):
			if len(mine) == 0 {
				t.Errorf("%s: no %s finding", dir, code)
			}
			writeGolden(&got, mine)
		default:
			t.Fatalf("directory %s: name it pos… or neg…", dir)
		}
	}
	if *update {
		if wantIdx < 0 {
			ar.Files = append(ar.Files, txtar.File{Name: "want"})
			wantIdx = len(ar.Files) - 1
		}
		ar.Files[wantIdx].Data = got.Bytes()
		if err := os.WriteFile(file, txtar.Format(ar), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if wantIdx < 0 {
		t.Fatalf("no want section; run go test -update")
	}
	if want := string(ar.Files[wantIdx].Data); got.String() != want {
		t.Errorf("findings differ from the want section (go test -update rewrites it)\n--- got\n%s--- want\n%s", got.String(), want)
	}
}

// writeGolden writes findings as the text output does, without the fix
// unless it is specific to the finding.
func writeGolden(w *bytes.Buffer, diags []analysis.Diagnostic) {
	for _, d := range diags {
		fmt.Fprintf(w, "%s\n", d)
		if a := lookupAnalyzer(d.Code); a != nil && d.Fix != a.Fix {
			fmt.Fprintf(w, "    fix: %s\n", d.Fix)
		}
		for _, r := range d.Related {
			fmt.Fprintf(w, "    %s:%d:%d: %s", r.File, r.Pos.Line, r.Pos.Column, r.Message)
			if r.Text != "" {
				fmt.Fprintf(w, ": %s", r.Text)
			}
			w.WriteByte('\n')
		}
	}
}

type caseHeader struct {
	dialect sqlsplit.Syntax
	config  Config
	applied map[string]string
}

func parseHeader(t *testing.T, comment []byte) caseHeader {
	h := caseHeader{dialect: sqlsplit.Postgres}
	for _, line := range strings.Split(string(comment), "\n") {
		key, val, ok := strings.Cut(line, ":")
		if !ok {
			continue
		}
		val = strings.TrimSpace(val)
		switch key {
		case "dialect":
			switch val {
			case "postgres":
				h.dialect = sqlsplit.Postgres
			case "mysql":
				h.dialect = sqlsplit.MySQL
			case "sqlite":
				h.dialect = sqlsplit.SQLite
			default:
				t.Fatalf("unknown dialect %q", val)
			}
		case "config":
			if err := json.Unmarshal([]byte(val), &h.config); err != nil {
				t.Fatalf("config: %v", err)
			}
		case "applied":
			if err := json.Unmarshal([]byte(val), &h.applied); err != nil {
				t.Fatalf("applied: %v", err)
			}
		}
	}
	return h
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
