package sqlsplit

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata")

var dialects = []Syntax{Postgres, MySQL, SQLite}

// TestGolden splits every testdata/<dialect>/*.sql file and compares a
// listing of the result with the .golden file beside it.
func TestGolden(t *testing.T) {
	for _, d := range dialects {
		files, err := filepath.Glob(filepath.Join("testdata", d.String(), "*.sql"))
		if err != nil {
			t.Fatal(err)
		}
		if len(files) == 0 {
			t.Errorf("no testdata/%s/*.sql files", d)
		}
		for _, file := range files {
			t.Run(d.String()+"/"+filepath.Base(file), func(t *testing.T) {
				b, err := os.ReadFile(file)
				if err != nil {
					t.Fatal(err)
				}
				src := string(b)
				stmts, err := Split(d, src, Position{})
				if err == nil {
					checkInvariants(t, src, Position{Line: 1, Column: 1}, stmts)
				}
				got := listing(stmts, err)
				golden := strings.TrimSuffix(file, ".sql") + ".golden"
				if *update {
					if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
						t.Fatal(err)
					}
					return
				}
				want, err := os.ReadFile(golden)
				if err != nil {
					t.Fatalf("%v (run go test ./internal/sqlsplit -update to create it)", err)
				}
				if got != string(want) {
					t.Errorf("listing differs from %s (run with -update to accept):\n--- got\n%s\n--- want\n%s", golden, got, want)
				}
			})
		}
	}
}

// listing renders a Split result for a golden file: a header line per
// statement, then its text. Carriage returns are shown as ␍ so that CRLF
// files stay readable and survive any line-ending conversion.
func listing(stmts []Statement, err error) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d statements\n", len(stmts))
	for i, s := range stmts {
		fmt.Fprintf(&b, "\n== %d at %d:%d offset %d-%d", i+1, s.Start.Line, s.Start.Column, s.Start.Offset, s.End)
		if s.NoTransaction != "" {
			fmt.Fprintf(&b, " no-transaction %q", s.NoTransaction)
		}
		if s.NeedsTransaction != "" {
			fmt.Fprintf(&b, " needs-transaction %q", s.NeedsTransaction)
		}
		if s.Transaction != "" {
			fmt.Fprintf(&b, " transaction %q", txnOf(s))
		}
		if s.Unsupported != "" {
			fmt.Fprintf(&b, " unsupported %q", s.Unsupported)
		}
		if m := modeValue(s.Mode); m != "" {
			fmt.Fprintf(&b, " sql_mode %s", m)
		}
		b.WriteString("\n")
		b.WriteString(strings.ReplaceAll(s.Text, "\r", "␍"))
		b.WriteString("\n")
	}
	if err != nil {
		fmt.Fprintf(&b, "\nerror: %v\n", err)
	}
	return b.String()
}

// checkInvariants checks what every successful Split must satisfy:
// statements in order, not overlapping, inside the input, trimmed, each
// Text the slice it claims to be at the line and column it claims, and the
// input rebuilt exactly from statements and the gaps between them.
func checkInvariants(t testing.TB, src string, origin Position, stmts []Statement) {
	t.Helper()
	var rebuilt strings.Builder
	prev := 0
	for i, s := range stmts {
		from, to := s.Start.Offset-origin.Offset, s.End-origin.Offset
		if from < prev || to < from || to > len(src) {
			t.Fatalf("statement %d: bad extent %d-%d (previous ended at %d, input is %d bytes)", i+1, from, to, prev, len(src))
		}
		if s.Text == "" || s.Text != src[from:to] {
			t.Fatalf("statement %d: Text %q is not src[%d:%d] = %q", i+1, s.Text, from, to, src[from:to])
		}
		if c := s.Text[0]; spaces[c] {
			t.Fatalf("statement %d starts with whitespace: %q", i+1, s.Text)
		}
		if c := s.Text[len(s.Text)-1]; spaces[c] {
			t.Fatalf("statement %d ends with whitespace: %q", i+1, s.Text)
		}
		if want := refPosition(src, origin, from); s.Start != want {
			t.Fatalf("statement %d: Start %+v, want %+v", i+1, s.Start, want)
		}
		rebuilt.WriteString(src[prev:from])
		rebuilt.WriteString(s.Text)
		prev = to
	}
	rebuilt.WriteString(src[prev:])
	if rebuilt.String() != src {
		t.Fatalf("statements and gaps do not rebuild the input")
	}
}

// refPosition is the obvious, slow way to compute a position, to check the
// scanner's incremental one against.
func refPosition(src string, origin Position, off int) Position {
	before := src[:off]
	line, lineStart := origin.Line, 0
	for i := 0; i < len(before); i++ {
		switch {
		case before[i] == '\n':
			line++
			lineStart = i + 1
		case before[i] == '\r' && (i+1 == len(src) || src[i+1] != '\n'):
			line++
			lineStart = i + 1
		}
	}
	col := 1 + utf8.RuneCountInString(before[lineStart:])
	if line == origin.Line {
		col += origin.Column - 1
	}
	return Position{Offset: origin.Offset + off, Line: line, Column: col}
}

type splitCase struct {
	name  string
	src   string
	want  []string // statement texts
	notx  []string // NoTransaction per statement; nil means all empty
	needs []string // NeedsTransaction per statement; nil means all empty
	txn   []string // txnOf per statement; nil means all empty
	unsup []string // Unsupported per statement; nil means all empty
	lines []int    // start lines; nil means not checked
	mode  string   // the section's starting sql_mode (MySQL)
	modes []string // modeValue per statement; nil means not checked
}

// txnOf is a statement's Transaction, marked "(savepoint)" when it is a
// savepoint command.
func txnOf(s Statement) string {
	if s.Savepoint {
		return s.Transaction + " (savepoint)"
	}
	return s.Transaction
}

func runCases(t *testing.T, d Syntax, cases []splitCase) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			stmts, err := SplitWith(d, c.src, Position{}, Options{SQLMode: c.mode})
			if err != nil {
				t.Fatalf("Split: %v", err)
			}
			checkInvariants(t, c.src, Position{Line: 1, Column: 1}, stmts)
			var got []string
			for _, s := range stmts {
				got = append(got, s.Text)
			}
			if fmt.Sprintf("%q", got) != fmt.Sprintf("%q", c.want) {
				t.Fatalf("statements:\n got %q\nwant %q", got, c.want)
			}
			for i, s := range stmts {
				want := ""
				if c.notx != nil {
					want = c.notx[i]
				}
				if s.NoTransaction != want {
					t.Errorf("statement %d %q: NoTransaction %q, want %q", i+1, s.Text, s.NoTransaction, want)
				}
				want = ""
				if c.needs != nil {
					want = c.needs[i]
				}
				if s.NeedsTransaction != want {
					t.Errorf("statement %d %q: NeedsTransaction %q, want %q", i+1, s.Text, s.NeedsTransaction, want)
				}
				want = ""
				if c.txn != nil {
					want = c.txn[i]
				}
				if got := txnOf(s); got != want {
					t.Errorf("statement %d %q: Transaction %q, want %q", i+1, s.Text, got, want)
				}
				want = ""
				if c.unsup != nil {
					want = c.unsup[i]
				}
				if s.Unsupported != want {
					t.Errorf("statement %d %q: Unsupported %q, want %q", i+1, s.Text, s.Unsupported, want)
				}
				if c.modes != nil && modeValue(s.Mode) != c.modes[i] {
					t.Errorf("statement %d %q: sql_mode %q, want %q", i+1, s.Text, modeValue(s.Mode), c.modes[i])
				}
				if c.lines != nil && s.Start.Line != c.lines[i] {
					t.Errorf("statement %d %q: line %d, want %d", i+1, s.Text, s.Start.Line, c.lines[i])
				}
			}
		})
	}
}

func TestOrigin(t *testing.T) {
	file := "-- strata:up\nSELECT 1;\n-- strata:down\n  DROP TABLE é; SELECT\r\n2;"
	cut := strings.Index(file, "  DROP")
	origin := Position{Offset: cut, Line: 4, Column: 1}
	stmts, err := Split(Postgres, file[cut:], origin)
	if err != nil {
		t.Fatal(err)
	}
	checkInvariants(t, file[cut:], origin, stmts)
	want := []Statement{
		{Text: "DROP TABLE é", Start: Position{Offset: cut + 2, Line: 4, Column: 3}, End: cut + 15},
		{Text: "SELECT\r\n2", Start: Position{Offset: cut + 17, Line: 4, Column: 17}, End: cut + 26},
	}
	if fmt.Sprint(stmts) != fmt.Sprint(want) {
		t.Fatalf("got  %+v\nwant %+v", stmts, want)
	}
	// A section may start mid-line: columns on its first line count from
	// the origin's column.
	stmts, err = Split(SQLite, " x;\ny", Position{Offset: 10, Line: 3, Column: 5})
	if err != nil {
		t.Fatal(err)
	}
	if p := stmts[0].Start; p != (Position{Offset: 11, Line: 3, Column: 6}) {
		t.Errorf("first statement at %+v", p)
	}
	if p := stmts[1].Start; p != (Position{Offset: 14, Line: 4, Column: 1}) {
		t.Errorf("second statement at %+v", p)
	}
	// Errors are file positions too.
	_, err = Split(MySQL, "\nSELECT 'x", Position{Offset: 7, Line: 10, Column: 1})
	var e *Error
	if !errors.As(err, &e) || e.Pos != (Position{Offset: 15, Line: 11, Column: 8}) {
		t.Errorf("error %v at %+v", err, e)
	}
}

func TestEmptyInput(t *testing.T) {
	for _, d := range dialects {
		for _, src := range []string{"", "  \n\t", "-- only a comment\n", "/* c */ ; ;; \n;", "# x\n"} {
			if d != MySQL && strings.HasPrefix(src, "#") {
				continue
			}
			stmts, err := Split(d, src, Position{})
			if err != nil || len(stmts) != 0 {
				t.Errorf("%s %q: got %+v, %v; want nothing", d, src, stmts, err)
			}
		}
	}
}

func TestUnknownDialect(t *testing.T) {
	_, err := Split(Syntax(0), "SELECT 1", Position{})
	var e *Error
	if !errors.As(err, &e) || !strings.Contains(e.Msg, "unknown dialect") {
		t.Fatalf("got %v", err)
	}
}

type errorCase struct {
	name      string
	d         Syntax
	src       string
	line, col int
	msg       string // fragment of Error.Msg
	hint      string // fragment of Error.Hint
}

func TestErrors(t *testing.T) {
	cases := []errorCase{
		// PostgreSQL
		{"pg string", Postgres, "SELECT 1;\nSELECT 'abc;", 2, 8, "unterminated string", "''"},
		{"pg backslash is literal", Postgres, `SELECT 'a\'; SELECT 'b`, 1, 21, "unterminated string", ""},
		{"pg E string", Postgres, `SELECT E'it\'s`, 1, 8, "unterminated string", `\'`},
		{"pg U& string", Postgres, `SELECT U&'x`, 1, 8, "unterminated string", ""},
		{"pg identifier", Postgres, `SELECT "abc`, 1, 8, "unterminated quoted identifier", `""`},
		{"pg U& identifier", Postgres, `SELECT U&"abc`, 1, 8, "unterminated quoted identifier", ""},
		{"pg nested comment", Postgres, "SELECT 1; /* a /* b */ c;", 1, 11, "unterminated /* comment", "nest"},
		{"pg dollar", Postgres, "SELECT 1;\n  SELECT $$abc;", 2, 10, "no closing $$", "$$"},
		{"pg dollar tag", Postgres, "DO $body$ x $BODY$;", 1, 4, "no closing $body$ for this $body$", "case-sensitive"},
		{"pg dollar inner tag", Postgres, "SELECT $a$ $b$ $a $b$;", 1, 8, "$a$", ""},
		{"pg unicode column", Postgres, "SELECT 'é', '✓', 'x", 1, 18, "unterminated string", ""},
		{"pg crlf line", Postgres, "SELECT 1;\r\n\r\nSELECT 'x", 3, 8, "unterminated string", ""},
		{"pg lone cr line", Postgres, "SELECT 1;\r\rSELECT 'x", 3, 8, "unterminated string", ""},
		{"pg meta connect", Postgres, "\\connect db\nSELECT 1;", 1, 1, `psql meta-command \connect is not SQL`, "remove it"},
		{"sqlite client command", SQLite, "CREATE TABLE x (a);\n\\i other.sql\n", 2, 1, `client command \i is not SQL`, "remove it"},
		{"pg meta include", Postgres, "SELECT 1;\n\\i other.sql", 2, 1, `\i is not SQL`, ""},
		{"pg meta set", Postgres, "  \\set x 1", 1, 3, `\set`, ""},
		{"pg meta mid statement", Postgres, "SELECT 1 \\gset", 1, 10, `\gset`, ""},
		{"pg meta symbol", Postgres, "\\! ls", 1, 1, `\!`, ""},
		{"pg dump restrict", Postgres, "--\n\\restrict abc\nSET x = 1;", 2, 1, `\restrict is not SQL`, "pg_dump"},
		{"pg copy from stdin", Postgres, "SET x = 1;\nCOPY public.t (a, b) FROM stdin;\n1\tit's\n\\.\n", 2, 1, "COPY … FROM STDIN", "pg_dump --inserts"},
		{"pg copy from stdin last", Postgres, "copy t from STDIN with (format csv)", 1, 1, "COPY … FROM STDIN", "--column-inserts"},
		{"pg copy end of data", Postgres, "SELECT 1;\n\\.\n", 2, 1, `\. is not SQL`, "--inserts"},
		{"pg begin atomic", Postgres, "CREATE FUNCTION f() RETURNS int LANGUAGE sql\nBEGIN ATOMIC\n  SELECT 1;\n", 2, 1, "unterminated BEGIN ATOMIC body", "END"},
		{"pg begin atomic case", Postgres, "CREATE PROCEDURE p() BEGIN ATOMIC SELECT CASE WHEN true THEN 1; END;", 1, 22, "unterminated BEGIN ATOMIC", ""},
		// MySQL
		{"my delimiter alone", MySQL, "SELECT 1;\nDELIMITER\nSELECT 2;", 2, 1, "DELIMITER must be followed by a delimiter", "DELIMITER //"},
		{"my delimiter spaces", MySQL, "delimiter   \r\n//", 1, 1, "DELIMITER must be followed by a delimiter", ""},
		{"my delimiter empty quotes", MySQL, "DELIMITER ''", 1, 1, "DELIMITER must be followed by a delimiter", ""},
		{"my delimiter glued", MySQL, "DELIMITER;", 1, 1, "DELIMITER must be followed by a delimiter", ""},
		{"my delimiter backslash", MySQL, "  DELIMITER \\\\", 1, 13, "DELIMITER cannot contain a backslash", ""},
		{"my delimiter backslash inside", MySQL, "DELIMITER a\\b", 1, 11, "backslash", ""},
		{"my single quote", MySQL, `SELECT 'it\'s`, 1, 8, "unterminated string: the ' is never closed", `\'`},
		{"my double quote", MySQL, `SELECT "a""`, 1, 8, `unterminated string: the " is never closed`, ""},
		{"my backtick", MySQL, "SELECT `a``;", 1, 8, "unterminated quoted identifier", "``"},
		{"my comment", MySQL, "SELECT 1 /* x /* y */ */; /* z", 1, 27, "unterminated /* comment", ""},
		{"my client command", MySQL, "SELECT 1\\g", 1, 9, `mysql client command \g is not SQL`, ""},
		{"my source", MySQL, "SELECT 1;\nsource other.sql\nSELECT 2;", 2, 1, "mysql client command source is not SQL", "copy the statements"},
		{"my source with delimiter", MySQL, "SOURCE other.sql;", 1, 1, "mysql client command SOURCE is not SQL", "copy the statements"},
		{"my source in delimiter mode", MySQL, "DELIMITER //\nsource x.sql//", 2, 1, "client command source", ""},
		{"my backslash source", MySQL, "SELECT 1;\n\\. other.sql\n", 2, 1, `mysql client command \. is not SQL`, "copy the statements"},
		{"my sandbox line", MySQL, "/*M!999999\\- enable the sandbox mode */ \n-- MariaDB dump\nSELECT 1;", 1, 11, `\- is not SQL`, "mariadb-dump"},
		{"my quit", MySQL, "SELECT 1;\nquit", 2, 1, "client command quit", "remove it"},
		{"my system", MySQL, "system ls;", 1, 1, "client command system", ""},
		{"my unclosed begin", MySQL, "CREATE PROCEDURE p()\nBEGIN\n  SELECT 1;\n", 2, 1, "unterminated BEGIN block", "END"},
		{"my unclosed inner", MySQL, "CREATE PROCEDURE p() BEGIN\n  IF x THEN\n    SELECT 1;\n", 1, 22, "the IF at line 2, column 3 is still open", "END IF"},
		{"my unclosed not atomic", MySQL, "BEGIN NOT ATOMIC\n  SELECT 1;", 1, 1, "unterminated BEGIN block", ""},
		{"my unclosed top-level loop", MySQL, "lbl: LOOP\n  SELECT 1;", 1, 6, "unterminated LOOP block", ""},
		{"my unclosed trigger if", MySQL, "CREATE TRIGGER t BEFORE INSERT ON x FOR EACH ROW IF NEW.a THEN SET NEW.b = 1;", 1, 50, "unterminated IF block", "END IF"},
		// SQLite
		{"lite string", SQLite, "SELECT 'a;", 1, 8, "unterminated string", "''"},
		{"lite dquote", SQLite, `SELECT "a;`, 1, 8, "unterminated quoted identifier", ""},
		{"lite backtick", SQLite, "SELECT `a;", 1, 8, "unterminated quoted identifier", ""},
		{"lite bracket", SQLite, "SELECT [a;", 1, 8, "unterminated [identifier]", "]"},
		{"lite comment", SQLite, "SELECT 1; /* x", 1, 11, "unterminated /* comment", ""},
		{"lite dot command", SQLite, "CREATE TABLE x (a);\n.read other.sql\n", 2, 1, "sqlite3 shell command .read is not SQL", "copy the statements"},
		{"lite dot command mode", SQLite, ".mode csv\n.import x.csv t", 1, 1, ".mode", "remove it"},
		{"lite trigger", SQLite, "CREATE TRIGGER tr AFTER INSERT ON t\nBEGIN\n  SELECT CASE WHEN 1 THEN 2 END;\n", 2, 1, "unterminated trigger body", "END;"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			stmts, err := Split(c.d, c.src, Position{})
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("got %+v, %v; want an *Error", stmts, err)
			}
			if e.Pos.Line != c.line || e.Pos.Column != c.col {
				t.Errorf("error at %d:%d, want %d:%d: %v", e.Pos.Line, e.Pos.Column, c.line, c.col, e)
			}
			if want := refPosition(c.src, Position{Line: 1, Column: 1}, e.Pos.Offset); e.Pos != want {
				t.Errorf("error position %+v is inconsistent: offset %d is at %+v", e.Pos, e.Pos.Offset, want)
			}
			if !strings.Contains(e.Msg, c.msg) {
				t.Errorf("message %q does not contain %q", e.Msg, c.msg)
			}
			if e.Hint == "" || !strings.Contains(e.Hint, c.hint) {
				t.Errorf("hint %q does not contain %q", e.Hint, c.hint)
			}
			if stmts != nil {
				t.Errorf("statements returned with an error: %+v", stmts)
			}
		})
	}
}

// modeValue is a value of sql_mode that ParseSQLMode reads as m.
func modeValue(m SQLMode) string {
	var parts []string
	if m.NoBackslashEscapes {
		parts = append(parts, "NO_BACKSLASH_ESCAPES")
	}
	if m.ANSIQuotes {
		parts = append(parts, "ANSI_QUOTES")
	}
	return strings.Join(parts, ",")
}
