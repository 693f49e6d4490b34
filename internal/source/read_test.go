package source

import (
	"errors"
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"
	"time"
)

// mapFS builds a file system from name → content pairs.
func mapFS(files map[string]string) fstest.MapFS {
	m := fstest.MapFS{}
	for name, content := range files {
		m[name] = &fstest.MapFile{Data: []byte(content)}
	}
	return m
}

// problemsOf returns the problems of a Read error, failing the test on any
// other kind of error.
func problemsOf(t *testing.T, err error) []Problem {
	t.Helper()
	if err == nil {
		return nil
	}
	var pe *ProblemsError
	if !errors.As(err, &pe) {
		t.Fatalf("Read error is %T, want *ProblemsError: %v", err, err)
	}
	return pe.Problems
}

type wantProblem struct {
	file string
	line int
	msg  string // a fragment of Problem.Msg
}

func checkProblems(t *testing.T, got []Problem, want []wantProblem) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("got %d problems, want %d:", len(got), len(want))
		for _, p := range got {
			t.Errorf("  %v", p)
		}
		return
	}
	for i, w := range want {
		g := got[i]
		if g.File != w.file || g.Line != w.line || !strings.Contains(g.Msg, w.msg) {
			t.Errorf("problem %d = %v\nwant %s:%d: …%s…", i, g, w.file, w.line, w.msg)
		}
	}
}

func TestReadProblems(t *testing.T) {
	for _, tc := range []struct {
		name  string
		files map[string]string
		want  []wantProblem
	}{
		// Names.
		{"no underscore", map[string]string{"001-create.sql": ""},
			[]wantProblem{{"001-create.sql", 0, `followed by "_" and a name (rename it to "001_create.sql"?)`}}},
		{"no version", map[string]string{"create_users.sql": ""},
			[]wantProblem{{"create_users.sql", 0, "does not start with a version number; migration files are named <version>_<name>.sql"}}},
		{"upper case", map[string]string{"001_Create_Users.sql": ""},
			[]wantProblem{{"001_Create_Users.sql", 0, `lower-case letters and digits in words joined by single "_" (rename it to "001_create_users.sql"?)`}}},
		{"spaces", map[string]string{"001_add users.sql": ""},
			[]wantProblem{{"001_add users.sql", 0, `rename it to "001_add_users.sql"?`}}},
		{"double underscore", map[string]string{"001_a__b.sql": ""},
			[]wantProblem{{"001_a__b.sql", 0, `e.g. 001_create_users.sql`}}},
		{"trailing underscore", map[string]string{"001_a_.sql": ""},
			[]wantProblem{{"001_a_.sql", 0, "words joined by single"}}},
		{"empty name", map[string]string{"001_.sql": ""},
			[]wantProblem{{"001_.sql", 0, "words joined by single"}}},
		{"version only", map[string]string{"001.sql": ""},
			[]wantProblem{{"001.sql", 0, `the version must be followed by "_" and a name`}}},
		{"dots in name", map[string]string{"001_a.b.sql": ""},
			[]wantProblem{{"001_a.b.sql", 0, "words joined by single"}}},
		{"upper-case extension", map[string]string{"001_a.SQL": ""},
			[]wantProblem{{"001_a.SQL", 0, `the extension must be lower-case .sql (rename it to "001_a.sql")`}}},
		{"bad pair name", map[string]string{"001_A.up.sql": "", "001_A.down.sql": ""},
			[]wantProblem{
				{"001_A.down.sql", 0, `rename it to "001_a.down.sql"?`},
				{"001_A.up.sql", 0, `rename it to "001_a.up.sql"?`},
			}},

		// Duplicates and pairs.
		{"duplicate 10 and 010", map[string]string{"10_a.sql": "", "010_b.sql": ""},
			[]wantProblem{{"10_a.sql", 0, "duplicate version 10: 010_b.sql has the same version"}}},
		{"duplicate single and pair", map[string]string{"002_a.sql": "", "002_a.up.sql": "", "002_a.down.sql": ""},
			[]wantProblem{{"002_a.up.sql", 0, "duplicate version 2: 002_a.sql has the same version"}}},
		{"three of a version", map[string]string{"1_a.sql": "", "01_b.sql": "", "001_c.sql": ""},
			[]wantProblem{
				{"01_b.sql", 0, "duplicate version 1: 001_c.sql"},
				{"1_a.sql", 0, "duplicate version 1: 001_c.sql"},
			}},
		{"down without up", map[string]string{"003_x.down.sql": ""},
			[]wantProblem{{"003_x.down.sql", 0, "down file without its up file 003_x.up.sql: add the up file"}}},
		{"misnamed pair", map[string]string{"004_a.up.sql": "", "004_b.down.sql": ""},
			[]wantProblem{{"004_b.down.sql", 0, "004_a.up.sql has the same version: rename one"}}},
		{"down marker in pair", map[string]string{"001_a.up.sql": "SELECT 1;\n-- strata:down\n", "001_a.down.sql": "-- strata:up\n"},
			[]wantProblem{
				{"001_a.down.sql", 1, "misplaced directive -- strata:up"},
				{"001_a.up.sql", 2, "misplaced directive -- strata:down: in a .up.sql/.down.sql pair"},
			}},

		// Sections.
		{"second down", map[string]string{"001_a.sql": "A;\n-- strata:down\nB;\n-- strata:down\n"},
			[]wantProblem{{"001_a.sql", 4, "second -- strata:down (the first is on line 2)"}}},
		{"up after content", map[string]string{"001_a.sql": "SELECT 1;\n-- strata:up\n"},
			[]wantProblem{{"001_a.sql", 2, "-- strata:up after content"}}},
		{"up after comment", map[string]string{"001_a.sql": "-- header\n-- strata:up\n"},
			[]wantProblem{{"001_a.sql", 2, "-- strata:up after content"}}},
		{"up after directive", map[string]string{"001_a.sql": "-- strata:no-transaction\n-- strata:up\n"},
			[]wantProblem{{"001_a.sql", 2, "-- strata:up after content"}}},
		{"second up", map[string]string{"001_a.sql": "-- strata:up\n-- strata:up\n"},
			[]wantProblem{{"001_a.sql", 2, "second -- strata:up (the first is on line 1)"}}},
		{"up in down", map[string]string{"001_a.sql": "-- strata:down\n-- strata:up\n"},
			[]wantProblem{{"001_a.sql", 2, "-- strata:up inside the down section (which starts on line 1)"}}},
		{"marker arguments", map[string]string{"001_a.sql": "-- strata:up now\n-- strata:down please\n"},
			[]wantProblem{
				{"001_a.sql", 1, `-- strata:up takes no arguments, got "now"`},
				{"001_a.sql", 2, `-- strata:down takes no arguments, got "please"`},
			}},

		// Directives.
		{"unknown notx", map[string]string{"001_a.sql": "-- strata:notx\n"},
			[]wantProblem{{"001_a.sql", 1, "unknown directive -- strata:notx (did you mean -- strata:no-transaction?); known: up, down, no-transaction, tolerate-existing, timeout, lint-ignore"}}},
		{"typo", map[string]string{"001_a.sql": "x;\n-- strata:no-transation\n"},
			[]wantProblem{{"001_a.sql", 2, "did you mean -- strata:no-transaction?"}}},
		{"short typo", map[string]string{"001_a.sql": "x;\n-- strata:dwn\n"},
			[]wantProblem{{"001_a.sql", 2, "did you mean -- strata:down?"}}},
		{"underscore spelling", map[string]string{"001_a.sql": "-- strata:no_transaction\n"},
			[]wantProblem{{"001_a.sql", 1, "did you mean -- strata:no-transaction?"}}},
		{"case", map[string]string{"001_a.sql": "-- strata:Down\n"},
			[]wantProblem{{"001_a.sql", 1, "unknown directive -- strata:Down (did you mean -- strata:down?)"}}},
		{"no suggestion", map[string]string{"001_a.sql": "-- strata:frobnicate\n"},
			[]wantProblem{{"001_a.sql", 1, "unknown directive -- strata:frobnicate; known: up, down"}}},
		{"empty word", map[string]string{"001_a.sql": "-- strata: this file is fine\n"},
			[]wantProblem{{"001_a.sql", 1, "empty directive: -- strata: must be followed by a word"}}},
		{"no-transaction args", map[string]string{"001_a.sql": "-- strata:no-transaction yes\n"},
			[]wantProblem{{"001_a.sql", 1, `-- strata:no-transaction takes no arguments, got "yes"`}}},
		{"tolerate-existing args", map[string]string{"001_a.sql": "-- strata:tolerate-existing all\n"},
			[]wantProblem{{"001_a.sql", 1, `-- strata:tolerate-existing takes no arguments`}}},
		{"timeout missing", map[string]string{"001_a.sql": "-- strata:timeout\n"},
			[]wantProblem{{"001_a.sql", 1, "-- strata:timeout needs a duration, e.g. -- strata:timeout 30s"}}},
		{"timeout invalid", map[string]string{"001_a.sql": "-- strata:timeout 30\n"},
			[]wantProblem{{"001_a.sql", 1, "-- strata:timeout 30: not a duration; write it like 30s"}}},
		{"timeout zero", map[string]string{"001_a.sql": "-- strata:timeout 0s\n"},
			[]wantProblem{{"001_a.sql", 1, "the duration must be positive"}}},
		{"timeout negative", map[string]string{"001_a.sql": "-- strata:timeout -5m\n"},
			[]wantProblem{{"001_a.sql", 1, "the duration must be positive"}}},
		{"timeout twice", map[string]string{"001_a.sql": "-- strata:timeout 1s\n-- strata:timeout 2s\n"},
			[]wantProblem{{"001_a.sql", 2, "second -- strata:timeout in this section (the first is on line 1)"}}},
		{"lint-ignore missing", map[string]string{"001_a.sql": "-- strata:lint-ignore  \n"},
			[]wantProblem{{"001_a.sql", 1, "-- strata:lint-ignore needs the codes to silence"}}},
		{"lint-ignore bad code", map[string]string{"001_a.sql": "-- strata:lint-ignore PG101;\n"},
			[]wantProblem{{"001_a.sql", 1, `"PG101;" is not a lint code`}}},
		{"lint-ignore empty code", map[string]string{"001_a.sql": "-- strata:lint-ignore PG101,,PG102\n"},
			[]wantProblem{{"001_a.sql", 1, "empty code in the list"}}},
		{"malformed no space", map[string]string{"001_a.sql": "A;\n--strata:down\nB;\n"},
			[]wantProblem{{"001_a.sql", 2, `malformed directive "--strata:down": write directives exactly as "-- strata:down"`}}},
		{"malformed upper case", map[string]string{"001_a.sql": "  -- STRATA:no-transaction\n"},
			[]wantProblem{{"001_a.sql", 1, `exactly as "-- strata:no-transaction"`}}},
		{"malformed spaces", map[string]string{"001_a.sql": "--  strata : down\n"},
			[]wantProblem{{"001_a.sql", 1, `exactly as "-- strata:down"`}}},
		{"malformed in pair", map[string]string{"001_a.up.sql": "--strata:no-transaction\n"},
			[]wantProblem{{"001_a.up.sql", 1, "malformed directive"}}},
		{"directive in a function body", map[string]string{"001_a.sql": "CREATE FUNCTION f() AS $$\n  -- strata:notx\n$$;\n"},
			[]wantProblem{{"001_a.sql", 2, "unknown directive -- strata:notx"}}},
		{"down section directive problem", map[string]string{"001_a.sql": "A;\n-- strata:down\n-- strata:timeout soon\n"},
			[]wantProblem{{"001_a.sql", 3, "-- strata:timeout soon: not a duration"}}},

		// Encoding.
		{"binary", map[string]string{"001_a.sql": "SELECT 1;\nab\x00cd\n"},
			[]wantProblem{{"001_a.sql", 0, "binary file (a NUL byte on line 2)"}}},
		{"utf-16", map[string]string{"001_a.sql": "\xFF\xFES\x00E\x00"},
			[]wantProblem{{"001_a.sql", 0, "it looks like UTF-16; save it as UTF-8"}}},
		{"invalid utf-8", map[string]string{"001_a.sql": "A;\r\nB;\r\n-- caf\xE9\n"},
			[]wantProblem{{"001_a.sql", 3, "invalid UTF-8 (byte 0xE9)"}}},
		{"invalid utf-8 and a directive", map[string]string{"001_a.sql": "-- \xE9\n-- strata:notx\n"},
			[]wantProblem{
				{"001_a.sql", 1, "invalid UTF-8"},
				{"001_a.sql", 2, "unknown directive"},
			}},
		{"invalid utf-8 in down file", map[string]string{"001_a.up.sql": "", "001_a.down.sql": "\n\n\xC3"},
			[]wantProblem{{"001_a.down.sql", 3, "invalid UTF-8 (byte 0xC3)"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			migs, err := Read(mapFS(tc.files), ".")
			checkProblems(t, problemsOf(t, err), tc.want)
			// Every file has a problem, except a lone .up.sql, which is
			// a valid migration on its own.
			for _, m := range migs {
				if !strings.HasSuffix(m.Up.File, ".up.sql") || m.Down.Present {
					t.Errorf("got migration %s despite its problems", m.Up.File)
				}
			}
		})
	}
}

// TestReadAllProblems checks that one Read reports every problem of the
// directory, sorted by file and line, and still returns the good
// migrations.
func TestReadAllProblems(t *testing.T) {
	fsys := mapFS(map[string]string{
		"db/001_ok.sql":          "CREATE TABLE a (id int);\n-- strata:down\nDROP TABLE a;\n",
		"db/002_Bad.sql":         "",
		"db/003_x.sql":           "-- strata:notx\nA;\n-- strata:down\n-- strata:timeout\n-- strata:down\n",
		"db/03_y.sql":            "SELECT 1;\n",
		"db/004_z.down.sql":      "",
		"db/005_bin.sql":         "\x00",
		"db/006_fine.up.sql":     "SELECT 1;",
		"db/notes.txt":           "-- strata:nonsense",
		"db/sub/001_ignored.sql": "-- strata:nonsense",
	})
	migs, err := Read(fsys, "db")
	want := []wantProblem{
		{"db/002_Bad.sql", 0, "bad file name"},
		{"db/003_x.sql", 1, "unknown directive -- strata:notx"},
		{"db/003_x.sql", 4, "-- strata:timeout needs a duration"},
		{"db/003_x.sql", 5, "second -- strata:down"},
		{"db/004_z.down.sql", 0, "down file without its up file"},
		{"db/005_bin.sql", 0, "binary file"},
		{"db/03_y.sql", 0, "duplicate version 3: 003_x.sql"},
	}
	checkProblems(t, problemsOf(t, err), want)
	if len(migs) != 2 || migs[0].Up.File != "db/001_ok.sql" || migs[1].Up.File != "db/006_fine.up.sql" {
		t.Errorf("good migrations: got %v", migs)
	}
	wantErr := strings.Join([]string{
		"db/002_Bad.sql: bad file name",
		"db/003_x.sql:1: unknown directive",
		"db/003_x.sql:4: -- strata:timeout",
		"db/003_x.sql:5: second -- strata:down",
		"db/004_z.down.sql: down file",
		"db/005_bin.sql: binary file",
		"db/03_y.sql: duplicate version 3",
	}, "\n")
	lines := strings.Split(err.Error(), "\n")
	for i, w := range strings.Split(wantErr, "\n") {
		if i >= len(lines) || !strings.HasPrefix(lines[i], w) {
			t.Errorf("Error() line %d does not start with %q:\n%s", i+1, w, err)
		}
	}
	if len(lines) != len(want) {
		t.Errorf("Error() has %d lines, want %d", len(lines), len(want))
	}
}

func TestReadDirErrors(t *testing.T) {
	_, err := Read(fstest.MapFS{}, "missing")
	if !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing dir: err = %v, want fs.ErrNotExist", err)
	}
	var pe *ProblemsError
	if errors.As(err, &pe) {
		t.Errorf("missing dir reported as problems: %v", err)
	}
	migs, err := Read(fstest.MapFS{"x/README.md": {}}, "x")
	if err != nil || len(migs) != 0 {
		t.Errorf("dir without migrations: %v, %v", migs, err)
	}
	migs, err = Read(fstest.MapFS{}, ".")
	if err != nil || len(migs) != 0 {
		t.Errorf("empty root: %v, %v", migs, err)
	}
}

func TestReadIgnores(t *testing.T) {
	migs, err := Read(mapFS(map[string]string{
		"m/001_a.sql":        "",
		"m/README.md":        "-- strata:nonsense",
		"m/001_a.sql.orig":   "",
		"m/001_a.sql~":       "",
		"m/.#001_a.sql":      "", // emacs lock file
		"m/.001_b.sql.swp":   "",
		"m/.hidden.sql":      "",
		"m/sub/002_b.sql":    "-- strata:nonsense",
		"m/down/001_a.sql":   "",
		"m/002_b.sql.tmpl":   "",
		"m/data/bad name.sq": "",
	}), "m/")
	if err != nil {
		t.Fatal(err)
	}
	if len(migs) != 1 || migs[0].Up.File != "m/001_a.sql" {
		t.Errorf("got %v", migs)
	}
}

// sec is the expected shape of one section.
type sec struct {
	present        bool
	file, sql      string
	offset, line   int
	noTx, tolerate bool
	timeout        time.Duration
	directives     []Directive
}

func checkSection(t *testing.T, what string, got Section, want sec) {
	t.Helper()
	if got.Present != want.present || got.File != want.file || got.SQL != want.sql ||
		got.Offset != want.offset || got.Line != want.line ||
		got.NoTransaction != want.noTx || got.TolerateExisting != want.tolerate || got.Timeout != want.timeout {
		t.Errorf("%s = {present %v file %q sql %q offset %d line %d notx %v tolerate %v timeout %v}\nwant %+v",
			what, got.Present, got.File, got.SQL, got.Offset, got.Line,
			got.NoTransaction, got.TolerateExisting, got.Timeout, want)
	}
	if len(got.Directives) != len(want.directives) {
		t.Errorf("%s directives = %v, want %v", what, got.Directives, want.directives)
	} else {
		for i := range want.directives {
			if got.Directives[i] != want.directives[i] {
				t.Errorf("%s directive %d = %v, want %v", what, i, got.Directives[i], want.directives[i])
			}
		}
	}
	if want.present && got.Checksum != Checksum(got.SQL) {
		t.Errorf("%s checksum %s, want %s", what, got.Checksum, Checksum(got.SQL))
	}
	if !want.present && got.Checksum != "" {
		t.Errorf("%s: absent section has checksum %s", what, got.Checksum)
	}
}

func TestReadSections(t *testing.T) {
	const f = "001_a.sql"
	for _, tc := range []struct {
		name     string
		files    map[string]string
		up, down sec
	}{
		{"empty file", map[string]string{f: ""},
			sec{present: true, file: f, line: 1}, sec{}},
		{"up only", map[string]string{f: "SELECT 1;\n"},
			sec{present: true, file: f, sql: "SELECT 1;\n", line: 1}, sec{}},
		{"up and down", map[string]string{f: "A;\n-- strata:down\nB;\n"},
			sec{present: true, file: f, sql: "A;\n", line: 1},
			sec{present: true, file: f, sql: "B;\n", offset: 18, line: 3}},
		{"up marker", map[string]string{f: "-- strata:up\nA;\n-- strata:down\nB;"},
			sec{present: true, file: f, sql: "A;\n", offset: 13, line: 2},
			sec{present: true, file: f, sql: "B;", offset: 31, line: 4}},
		{"blank lines before up marker", map[string]string{f: "\n  \n-- strata:up\nA;\n"},
			sec{present: true, file: f, sql: "A;\n", offset: 17, line: 4}, sec{}},
		{"indented markers", map[string]string{f: "  -- strata:up\nA;\n\t-- strata:down  \nB;\n"},
			sec{present: true, file: f, sql: "A;\n", offset: 15, line: 2},
			sec{present: true, file: f, sql: "B;\n", offset: 36, line: 4}},
		{"empty down", map[string]string{f: "A;\n-- strata:down\n"},
			sec{present: true, file: f, sql: "A;\n", line: 1},
			sec{present: true, file: f, offset: 18, line: 3}},
		{"down marker without newline", map[string]string{f: "A;\n-- strata:down"},
			sec{present: true, file: f, sql: "A;\n", line: 1},
			sec{present: true, file: f, offset: 17, line: 2}},
		{"only markers", map[string]string{f: "-- strata:up\n-- strata:down\n"},
			sec{present: true, file: f, offset: 13, line: 2},
			sec{present: true, file: f, offset: 28, line: 3}},
		{"BOM", map[string]string{f: "\uFEFFA;\n-- strata:down\nB;\n"},
			sec{present: true, file: f, sql: "A;\n", offset: 3, line: 1},
			sec{present: true, file: f, sql: "B;\n", offset: 21, line: 3}},
		{"BOM and up marker", map[string]string{f: "\uFEFF-- strata:up\r\nA;\r\n"},
			sec{present: true, file: f, sql: "A;\r\n", offset: 17, line: 2}, sec{}},
		{"CRLF", map[string]string{f: "A;\r\n-- strata:down\r\nB;\r\n"},
			sec{present: true, file: f, sql: "A;\r\n", line: 1},
			sec{present: true, file: f, sql: "B;\r\n", offset: 20, line: 3}},
		{"lone CR", map[string]string{f: "A;\r\r-- strata:down\rB;\r"},
			sec{present: true, file: f, sql: "A;\r\r", line: 1},
			sec{present: true, file: f, sql: "B;\r", offset: 19, line: 4}},
		{"directives", map[string]string{f: "-- strata:no-transaction\n-- strata:timeout 1m30s\n" +
			"-- strata:lint-ignore PG101, naming-convention\nCREATE INDEX CONCURRENTLY i ON t (c);\n" +
			"-- strata:down\n-- strata:tolerate-existing\n--   strata-ish comment\nDROP INDEX i;\n"},
			sec{present: true, file: f, line: 1, noTx: true, timeout: 90 * time.Second,
				sql: "-- strata:no-transaction\n-- strata:timeout 1m30s\n-- strata:lint-ignore PG101, naming-convention\nCREATE INDEX CONCURRENTLY i ON t (c);\n",
				directives: []Directive{
					{Name: "no-transaction", Line: 1},
					{Name: "timeout", Args: "1m30s", Line: 2},
					{Name: "lint-ignore", Args: "PG101, naming-convention", Line: 3},
				}},
			sec{present: true, file: f, offset: 149, line: 6, tolerate: true,
				sql:        "-- strata:tolerate-existing\n--   strata-ish comment\nDROP INDEX i;\n",
				directives: []Directive{{Name: "tolerate-existing", Line: 6}}}},
		{"repeated no-transaction is fine", map[string]string{f: "-- strata:no-transaction\n-- strata:no-transaction\n"},
			sec{present: true, file: f, line: 1, noTx: true, sql: "-- strata:no-transaction\n-- strata:no-transaction\n",
				directives: []Directive{{Name: "no-transaction", Line: 1}, {Name: "no-transaction", Line: 2}}}, sec{}},
		{"not directives", map[string]string{f: "SELECT '-- strata:bogus';\n---- strata:x\n-- note: strata:x\n/* -- strata: */\n"},
			sec{present: true, file: f, line: 1, sql: "SELECT '-- strata:bogus';\n---- strata:x\n-- note: strata:x\n/* -- strata: */\n"}, sec{}},
		{"trailing tab in args", map[string]string{f: "-- strata:timeout 5s\t\r\n"},
			sec{present: true, file: f, line: 1, timeout: 5 * time.Second, sql: "-- strata:timeout 5s\t\r\n",
				directives: []Directive{{Name: "timeout", Args: "5s", Line: 1}}}, sec{}},
		{"pair", map[string]string{"001_a.up.sql": "\uFEFF-- strata:no-transaction\nA;\n", "001_a.down.sql": "\nB;"},
			sec{present: true, file: "001_a.up.sql", sql: "-- strata:no-transaction\nA;\n", offset: 3, line: 1, noTx: true,
				directives: []Directive{{Name: "no-transaction", Line: 1}}},
			sec{present: true, file: "001_a.down.sql", sql: "\nB;", line: 1}},
		{"pair with empty down", map[string]string{"001_a.up.sql": "A;", "001_a.down.sql": ""},
			sec{present: true, file: "001_a.up.sql", sql: "A;", line: 1},
			sec{present: true, file: "001_a.down.sql", line: 1}},
		{"up file alone", map[string]string{"001_a.up.sql": "A;"},
			sec{present: true, file: "001_a.up.sql", sql: "A;", line: 1}, sec{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			migs, err := Read(mapFS(tc.files), ".")
			if err != nil {
				t.Fatal(err)
			}
			if len(migs) != 1 {
				t.Fatalf("got %d migrations", len(migs))
			}
			m := migs[0]
			if m.Version != MustParseVersion("1") || m.Name != "a" {
				t.Errorf("version %s name %q", m.Version, m.Name)
			}
			checkSection(t, "up", m.Up, tc.up)
			checkSection(t, "down", m.Down, tc.down)
		})
	}
}

func TestReadOrder(t *testing.T) {
	migs, err := Read(mapFS(map[string]string{
		"9_i.sql":               "",
		"10_j.sql":              "",
		"0_z.sql":               "",
		"0100_k.up.sql":         "",
		"20240131120000_ts.sql": "",
		"1234567890123456789012345678901234567890_big.sql": "",
		"11_l.sql": "",
	}), ".")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, m := range migs {
		got = append(got, m.Version.String()+"_"+m.Name)
	}
	want := "0_z 9_i 10_j 11_l 100_k 20240131120000_ts 1234567890123456789012345678901234567890_big"
	if strings.Join(got, " ") != want {
		t.Errorf("order = %v\nwant %v", got, want)
	}
}
