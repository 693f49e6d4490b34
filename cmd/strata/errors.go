package main

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"github.com/strata-db/strata"
)

// Exit codes, as docs/exit-codes.md lists them (TestExitCodesMatchDocs).
const (
	exitOK       = 0
	exitFailure  = 1   // a migration failed, the database is unreachable, …
	exitUsage    = 2   // bad command line or configuration
	exitProblems = 3   // a check found problems
	exitLocked   = 4   // the lock was not acquired in time
	exitSignal   = 130 // a second interrupt: quit at once
)

// usageError is a bad value on the command line or in the environment.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usageErrorf(format string, args ...any) error {
	return &usageError{fmt.Sprintf(format, args...)}
}

// commandError marks the errors of a command that ran, as opposed to the
// errors cobra returns about the command line itself (unknown command or
// flag, wrong arguments), which are all usage errors.
type commandError struct{ err error }

func (e *commandError) Error() string { return e.err.Error() }
func (e *commandError) Unwrap() error { return e.err }

// problemsError reports that a check found problems, already printed.
type problemsError struct {
	n    int
	what string // e.g. "validate"
}

func (e *problemsError) Error() string {
	return fmt.Sprintf("%s found %s", e.what, plural(e.n, "problem"))
}

// exitCode maps an error to the process exit code.
func exitCode(err error) int {
	var ce *commandError
	if !errors.As(err, &ce) {
		return exitUsage
	}
	var pe *problemsError
	var ue *usageError
	var cfe *configError
	switch {
	case errors.As(err, &pe):
		return exitProblems
	case errors.Is(err, strata.ErrLocked):
		return exitLocked
	case errors.As(err, &ue), errors.As(err, &cfe), errors.Is(err, strata.ErrUsage):
		return exitUsage
	}
	return exitFailure
}

// printError writes err to stderr for people: each joined error on its
// own, migration errors with their file, line, source line and caret.
func (o *output) printError(err error) {
	var ue *unreachableError
	var ce *commandError
	if errors.As(err, &ce) && !errors.As(ce.err, &ue) {
		switch {
		case errors.Is(ce.err, strata.ErrUnreachable):
			ce.err = &unreachableError{display: o.database, from: o.databaseFrom, err: ce.err}
		case errors.Is(ce.err, strata.ErrDatabase) && o.database != "":
			// Name the database: the driver's message rarely does.
			ce.err = fmt.Errorf("the database %s: %w", o.database, ce.err)
		}
	}
	for _, e := range flatten(err) {
		var me *strata.MigrationError
		var fe *strata.FilesError
		switch {
		case errors.As(e, &me):
			o.printMigrationError(me)
		case errors.As(e, &fe):
			for _, p := range fe.Problems() {
				o.errorLine(o.location(p.File, p.Line, 0) + p.Message)
			}
			o.noticef("Try: fix the files above (strata validate lists every problem)")
		default:
			o.errorLine(errorText(e))
		}
	}
}

// errorText is err's text with the library's advice worded for the
// command line: a lock wait that timed out names --lock-timeout.
func errorText(err error) string {
	text := err.Error()
	var le *strata.LockError
	if errors.As(err, &le) && le.Cause == nil {
		text = strings.Replace(text, le.Error(), le.Summary()+". Try again later, raise --lock-timeout, or, if that runner is dead, run strata unlock", 1)
	}
	return text
}

// errorLine prints "error: msg".
func (o *output) errorLine(msg string) {
	fmt.Fprintf(o.stderr, "%s %s\n", paint(o.colorErr, styleRed+";1", "error:"), msg)
}

// flatten undoes errors.Join (also inside the commandError wrapper), so
// that each error is printed on its own. It recognises a join by its text
// being its parts' texts on separate lines, which leaves alone the
// library's error types that wrap several errors for errors.Is.
func flatten(err error) []error {
	var ce *commandError
	if errors.As(err, &ce) {
		err = ce.err
	}
	j, ok := err.(interface{ Unwrap() []error })
	if !ok {
		return []error{err}
	}
	parts := j.Unwrap()
	texts := make([]string, len(parts))
	for i, p := range parts {
		texts[i] = p.Error()
	}
	if strings.Join(texts, "\n") != err.Error() {
		return []error{err}
	}
	var out []error
	for _, p := range parts {
		out = append(out, flatten(p)...)
	}
	return out
}

// location is "dir/file:line:col: ", for editors and CI annotations; file
// is relative to the migrations directory, as the library reports it.
func (o *output) location(file string, line, col int) string {
	if file == "" {
		return ""
	}
	loc := o.path(file)
	if line > 0 {
		loc += fmt.Sprintf(":%d", line)
		if col > 0 {
			loc += fmt.Sprintf(":%d", col)
		}
	}
	return loc + ": "
}

// path is a migration file's path from the working directory.
func (o *output) path(file string) string {
	if o.dir == "" || file == "" {
		return file
	}
	return filepath.Join(o.dir, file)
}

// printMigrationError prints where the migration failed, the source line
// with a caret under the server's position, and what to do next.
func (o *output) printMigrationError(me *strata.MigrationError) {
	var b strings.Builder
	b.WriteString(o.location(me.File, me.Line, me.Column))
	if me.Statement > 0 {
		fmt.Fprintf(&b, "statement %d", me.Statement)
		if me.Direction == "down" {
			b.WriteString(" of the down section")
		}
		b.WriteString(": ")
	}
	msg, detail, _ := strings.Cut(me.Message, "\n")
	b.WriteString(msg)
	if me.Code != "" {
		fmt.Fprintf(&b, " (%s)", me.Code)
	}
	o.errorLine(b.String())
	if detail != "" {
		o.noticef("  %s", strings.ReplaceAll(detail, "\n", "\n  "))
	}
	if me.StatementLine != "" && me.Line > 0 {
		num := fmt.Sprint(me.Line)
		line, col := excerpt(me.StatementLine, me.Column)
		o.noticef("  %s | %s", num, line)
		if col > 0 {
			o.noticef("  %s | %s%s", strings.Repeat(" ", len(num)), caretIndent(line, col), paint(o.colorErr, styleRed, "^"))
		}
	}
	if hint := hintText(me); hint != "" {
		o.noticef("%s", strings.ReplaceAll(hint, ". Try: ", ".\nTry: "))
	}
}

// hintText is what to do next after me, with the library's advice to
// retry (me.Retry) worded as the --retry flag.
func hintText(me *strata.MigrationError) string {
	if me.Retry == 0 {
		return me.Hint
	}
	cmd := "strata up"
	if me.Direction == "down" {
		cmd = "strata down"
	}
	const passed = "if the failure has passed (a lock wait, a timeout, a privilege granted since), run "
	if errors.Is(me, strata.ErrPartiallyApplied) {
		return me.Hint + fmt.Sprintf("; or, %s%s --retry to run statement %d again unchanged", passed, cmd, me.Retry)
	}
	return me.Hint + fmt.Sprintf("; %s%s --retry to run it again unchanged", passed, cmd)
}

// excerptWidth is how many characters of a long source line an error
// shows around the server's position.
const excerptWidth = 120

// excerpt cuts a long line (a generated INSERT can be megabytes on one
// line) to excerptWidth characters around column col (1-based; 0 when the
// server gave none, then from the start), marking the cuts with "…", and
// returns the column in the excerpt.
func excerpt(line string, col int) (string, int) {
	n := utf8.RuneCountInString(line)
	if n <= excerptWidth+excerptWidth/4 {
		return line, col
	}
	first := 0
	if col > 0 {
		first = min(max(col-1-excerptWidth/2, 0), n-excerptWidth)
	}
	last := first + excerptWidth
	from, to, i := len(line), len(line), 0
	for off := range line {
		if i == first {
			from = off
		}
		if i == last {
			to = off
			break
		}
		i++
	}
	out := line[from:to]
	if col > 0 {
		col -= first
	}
	if first > 0 {
		out = "…" + out
		if col > 0 {
			col++
		}
	}
	if last < n {
		out += "…"
	}
	return out, col
}

// caretIndent is the blank space under the first col-1 characters of
// line, keeping its tabs so that the caret lines up in any tab width.
func caretIndent(line string, col int) string {
	var b strings.Builder
	n := 0
	for _, r := range line {
		if n >= col-1 {
			break
		}
		if r == '\t' {
			b.WriteByte('\t')
		} else {
			b.WriteByte(' ')
		}
		n++
	}
	return b.String()
}
