package lint

import (
	"fmt"

	"github.com/strata-db/strata/internal/source"
	"github.com/strata-db/strata/internal/sqlsplit"
)

// Pass is what an Analyzer sees: the directory's migrations, read,
// split, parsed and replayed into the schema model, and a way to report.
// Its fields are unexported because analyzers live in this package; the
// type is exported so that Analyzer.Run has a documented signature.
type Pass struct {
	// Analyzer is the check being run.
	Analyzer *Analyzer
	// Dialect is the SQL dialect of the migrations.
	Dialect sqlsplit.Dialect

	*input
}

// Report records a finding of the pass's analyzer. Code and Severity
// are filled in from the analyzer when empty, and so is Fix. Findings
// silenced by a lint-ignore directive, outside the --since set or
// disabled in the configuration are dropped here.
func (p *Pass) Report(d Diagnostic) {
	if d.Code == "" {
		d.Code = p.Analyzer.Code
	}
	if d.Fix == "" {
		d.Fix = p.Analyzer.Fix
	}
	if d.Severity == 0 {
		d.Severity = p.Analyzer.Severity
	}
	p.sink(d)
}

// reportAt reports a finding at a position of a section's file.
func (p *Pass) reportAt(sec *section, pos sqlsplit.Position, format string, args ...any) {
	p.Report(Diagnostic{File: sec.file, Pos: pos, Message: fmt.Sprintf(format, args...)})
}

// reportFile reports a finding about a whole file, placed at its first
// line.
func (p *Pass) reportFile(file string, format string, args ...any) {
	p.Report(Diagnostic{File: file, Pos: sqlsplit.Position{Line: 1, Column: 1}, Message: fmt.Sprintf(format, args...)})
}

// forEachStmt calls f for every statement of the up sections (and of the
// down sections too when down is true), in migration and file order.
func (p *Pass) forEachStmt(down bool, f func(*stmt)) {
	for _, m := range p.migs {
		for _, s := range m.up.stmts {
			f(s)
		}
		if down && m.down != nil {
			for _, s := range m.down.stmts {
				f(s)
			}
		}
	}
}

// postgresOnly and mysqlOnly are Analyzer.Dialects values.
var (
	postgresOnly = []sqlsplit.Dialect{sqlsplit.Postgres}
	mysqlOnly    = []sqlsplit.Dialect{sqlsplit.MySQL}
)

// forEachUpOp calls f for every op of every up section, in order.
func (p *Pass) forEachUpOp(f func(s *stmt, o *op)) {
	p.forEachStmt(false, func(s *stmt) {
		for i := range s.ops {
			f(s, &s.ops[i])
		}
	})
}

// shortFile returns the base name of a file, for messages that refer to
// another migration.
func shortFile(file string) string {
	for i := len(file) - 1; i >= 0; i-- {
		if file[i] == '/' {
			return file[i+1:]
		}
	}
	return file
}

// input is what the analyzers read of one run: the directory's
// migrations, read, split, parsed and replayed into the schema model,
// and what the run was asked.
type input struct {
	// migs are the migrations in version order (duplicates of a version
	// in file-name order).
	migs []*migration
	// problems are source.Read's complaints about the directory.
	problems []source.Problem
	// unknownIgnores are lint-ignore codes that name no check.
	unknownIgnores []unknownIgnore
	// applied is Options.Applied, allowOutOfOrder
	// Options.AllowOutOfOrder and since Options.Since.
	applied         map[string]string
	allowOutOfOrder bool
	since           string
	// released is, with since, the highest version that existed at the
	// revision.
	released source.Version
	// maxStatements and maxBytes are the configured size limits.
	maxStatements, maxBytes int

	// redefs are the definitions the replay found written twice.
	redefs []*redef
	// rebuilds are the table rebuilds the replay found, keyed by the ops
	// that drop or rename the old copy and rename the new one into place.
	rebuilds map[*op]*rebuild

	// sink receives the findings the analyzers report.
	sink func(Diagnostic)
}

// unknownIgnore is a lint-ignore code that names no check.
type unknownIgnore struct {
	sec     *section
	line    int
	code    string
	suggest string // the nearest check, for "did you mean"
}
