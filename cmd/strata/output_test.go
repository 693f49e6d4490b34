package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/strata-db/strata"
)

func TestTableAlignsColouredCells(t *testing.T) {
	rows := [][]cell{
		{{"1", styleNone}, {"core_tables", styleNone}, {"applied", styleGreen}, {"12ms", styleNone}},
		{{"10", styleNone}, {"add_index", styleNone}, {"pending", styleYellow}, {"", styleNone}},
	}
	render := func(color bool) string {
		var buf bytes.Buffer
		o := newOutput(&buf, &buf)
		o.colorOut = color
		o.table([]string{"VERSION", "NAME", "STATE", "DURATION"}, rows)
		return buf.String()
	}
	plain, colored := render(false), render(true)
	if !strings.Contains(colored, "\x1b[32mapplied\x1b[0m") {
		t.Errorf("no colour in:\n%q", colored)
	}
	if stripped := regexp.MustCompile("\x1b\\[[0-9;]*m").ReplaceAllString(colored, ""); stripped != plain {
		t.Errorf("colour changes the layout:\n%s\nwant:\n%s", stripped, plain)
	}
	want := "VERSION  NAME         STATE    DURATION\n" +
		"1        core_tables  applied  12ms\n" +
		"10       add_index    pending\n"
	if plain != want {
		t.Errorf("table:\n%s\nwant:\n%s", plain, want)
	}
}

// countingWriter counts the writes it gets.
type countingWriter struct {
	bytes.Buffer
	writes int
}

func (w *countingWriter) Write(p []byte) (int, error) {
	w.writes++
	return w.Buffer.Write(p)
}

func (w *countingWriter) WriteString(s string) (int, error) {
	w.writes++
	return w.Buffer.WriteString(s)
}

// TestTableInBlocks checks that a table larger than one block goes out in
// several writes of whole lines, every secret scrubbed in each, and in a
// single write when a secret spans lines.
func TestTableInBlocks(t *testing.T) {
	var rows [][]cell
	var want strings.Builder
	want.WriteString("VERSION  NAME\n")
	for i := range 5000 {
		name := fmt.Sprintf("step_%05d", i)
		if i%1000 == 999 {
			name = "pw_hunter2_here"
		}
		rows = append(rows, []cell{{fmt.Sprintf("%-7d", i), styleNone}, {name, styleNone}})
		fmt.Fprintf(&want, "%-7d  %s\n", i, strings.ReplaceAll(name, "hunter2", "xxxxx"))
	}
	for _, c := range []struct {
		secret string
		blocks bool
	}{{"hunter2", true}, {"hunter2\nx", false}} {
		var out countingWriter
		o := newOutput(&out, io.Discard)
		o.addSecrets(c.secret)
		o.table([]string{"VERSION", "NAME"}, rows)
		if got := out.String(); c.blocks && got != want.String() {
			t.Errorf("secret %q: table differs (%d bytes, want %d)", c.secret, len(got), want.Len())
		}
		if c.blocks && out.writes < 2 || !c.blocks && out.writes != 1 {
			t.Errorf("secret %q: %d writes of %d bytes", c.secret, out.writes, out.Len())
		}
	}
}

func TestNoColor(t *testing.T) {
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	defer w.Close()
	if wantColor(w) || wantColor(&bytes.Buffer{}) {
		t.Error("colour on a pipe or a buffer")
	}
	t.Setenv("NO_COLOR", "")
	if wantColor(os.Stdout) {
		t.Error("colour with NO_COLOR set (to the empty string)")
	}
}

func TestScrub(t *testing.T) {
	var buf bytes.Buffer
	o := newOutput(&buf, &buf)
	o.addSecrets("pw", "pw%40x", "pw@x")
	o.printf("postgres://u:pw@x@h/db and pw%%40x and pw")
	if got, want := buf.String(), "postgres://u:xxxxx@h/db and xxxxx and xxxxx\n"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestPrintMigrationError(t *testing.T) {
	var buf bytes.Buffer
	o := newOutput(&buf, &buf)
	o.dir = "db/migrations"
	me := &strata.MigrationError{Kind: strata.ErrMigrationFailed, File: "014_users.sql", Line: 14, Column: 14, Statement: 3,
		StatementLine: "\tINSERT INTO userz (email) VALUES ('x');", Code: "42P01", Message: "relation \"userz\" does not exist",
		Hint: "Nothing of this migration was applied: its transaction was rolled back. Try: fix 014_users.sql and run strata up again"}
	other := errors.New("and the failed attempt could not be recorded")
	o.printError(ran(errors.Join(me, other)))
	want := "error: db/migrations/014_users.sql:14:14: statement 3: relation \"userz\" does not exist (42P01)\n" +
		"  14 | \tINSERT INTO userz (email) VALUES ('x');\n" +
		"     | \t            ^\n" +
		"Nothing of this migration was applied: its transaction was rolled back.\n" +
		"Try: fix 014_users.sql and run strata up again\n" +
		"error: and the failed attempt could not be recorded\n"
	if got := buf.String(); got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
}

func TestExitCode(t *testing.T) {
	for _, tc := range []struct {
		err  error
		want int
	}{
		{errors.New(`unknown command "x" for "strata"`), exitUsage},
		{ran(&strata.LockError{Waited: time.Second}), exitLocked},
		{ran(errors.Join(&strata.MigrationError{Kind: strata.ErrChecksumMismatch}, &strata.MigrationError{Kind: strata.ErrOutOfOrder})), exitFailure},
		{ran(&strata.MigrationError{Kind: strata.ErrInterrupted}), exitFailure},
		{ran(&configError{"strata.toml:1: bad"}), exitUsage},
		{ran(strata.ErrUsage), exitUsage},
		{ran(&problemsError{n: 2, what: "validate"}), exitProblems},
		{ran(&unreachableError{err: errors.New("refused")}), exitFailure},
	} {
		if got := exitCode(tc.err); got != tc.want {
			t.Errorf("exitCode(%v) = %d, want %d", tc.err, got, tc.want)
		}
	}
}

func TestHuman(t *testing.T) {
	for d, want := range map[time.Duration]string{
		0:                       "0ms",
		12 * time.Millisecond:   "12ms",
		1500 * time.Millisecond: "1.5s",
		125 * time.Second:       "2m5s",
	} {
		if got := human(d); got != want {
			t.Errorf("human(%s) = %q, want %q", d, got, want)
		}
	}
}

// A failing line of megabytes (a generated INSERT) is shown as an excerpt
// around the server's position, with the caret still under it.
func TestPrintMigrationErrorLongLine(t *testing.T) {
	for _, c := range []struct {
		name     string
		line     string
		col      int
		wantLine string
		wantCol  int // where the caret is in the shown line, in characters
	}{
		{"middle", strings.Repeat("(1, 'ä'), ", 2_000_000) + "(2, oops)", 20_000_003, "", 0},
		{"start", "INSERT INTO t VALUES " + strings.Repeat("(1), ", 100_000), 13, ("INSERT INTO t VALUES " + strings.Repeat("(1), ", 20))[:120] + "…", 13},
		{"no position", strings.Repeat("x", 1000), 0, strings.Repeat("x", 120) + "…", 0},
		{"short", "SELECT oops", 8, "SELECT oops", 8},
	} {
		var buf bytes.Buffer
		o := newOutput(&buf, &buf)
		o.printError(ran(&strata.MigrationError{Kind: strata.ErrMigrationFailed, File: "001_big.sql", Line: 2, Column: c.col, Statement: 1,
			StatementLine: c.line, Message: "syntax error"}))
		lines := strings.Split(strings.TrimSuffix(buf.String(), "\n"), "\n")
		if len(lines) < 2 {
			t.Fatalf("%s: %q", c.name, buf.String())
		}
		shown := strings.TrimPrefix(lines[1], "  2 | ")
		if n := utf8.RuneCountInString(shown); n > 2+excerptWidth {
			t.Errorf("%s: shows %d characters of the line", c.name, n)
		}
		if c.wantLine != "" && shown != c.wantLine {
			t.Errorf("%s: shows %q, want %q", c.name, shown, c.wantLine)
		}
		if c.col == 0 {
			if len(lines) != 2 {
				t.Errorf("%s: a caret without a position: %q", c.name, lines)
			}
			continue
		}
		caret := utf8.RuneCountInString(strings.TrimPrefix(lines[2], "    | "))
		under := []rune(shown)[caret-1]
		// The character at the server's position in the whole line.
		full := []rune(c.line)
		if under != full[c.col-1] || c.wantCol != 0 && caret != c.wantCol {
			t.Errorf("%s: caret at %d under %q, want under %q", c.name, caret, under, full[c.col-1])
		}
	}
}
