package analysis

import (
	"fmt"

	"github.com/strata-db/strata/internal/lint/facts"
	"github.com/strata-db/strata/internal/lint/model"
	"github.com/strata-db/strata/internal/source"
	"github.com/strata-db/strata/internal/sqlsplit"
)

// Pass is what an Analyzer sees: the run's [Input] (the directory's
// migrations, read, split, parsed and replayed into the schema model),
// the check being run, and a way to report.
type Pass struct {
	// Analyzer is the check being run.
	Analyzer *Analyzer
	// Dialect is the SQL dialect of the migrations.
	Dialect sqlsplit.Syntax

	// Input is shared by every pass of a run; analyzers only read it.
	*Input
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
	p.Sink(d)
}

// ReportAt reports a finding at a position of a section's file.
func (p *Pass) ReportAt(sec *facts.Section, pos sqlsplit.Position, format string, args ...any) {
	p.Report(Diagnostic{File: sec.File, Pos: pos, Message: fmt.Sprintf(format, args...)})
}

// ReportFile reports a finding about a whole file, placed at its first
// line.
func (p *Pass) ReportFile(file string, format string, args ...any) {
	p.Report(Diagnostic{File: file, Pos: sqlsplit.Position{Line: 1, Column: 1}, Message: fmt.Sprintf(format, args...)})
}

// ForEachStmt calls f for every statement of the up sections (and of the
// down sections too when down is true), in migration and file order.
func (p *Pass) ForEachStmt(down bool, f func(*facts.Stmt)) {
	for _, m := range p.Migrations {
		for _, s := range m.UpSection.Stmts {
			f(s)
		}
		if down && m.DownSection != nil {
			for _, s := range m.DownSection.Stmts {
				f(s)
			}
		}
	}
}

// PostgresOnly and MySQLOnly are Analyzer.Dialects values.
var (
	PostgresOnly = []sqlsplit.Syntax{sqlsplit.Postgres}
	MySQLOnly    = []sqlsplit.Syntax{sqlsplit.MySQL}
)

// ForEachUpOp calls f for every op of every up section, in order.
func (p *Pass) ForEachUpOp(f func(s *facts.Stmt, o *facts.Op)) {
	p.ForEachStmt(false, func(s *facts.Stmt) {
		for i := range s.Ops {
			f(s, &s.Ops[i])
		}
	})
}

// ShortFile returns the base name of a file, for messages that refer to
// another migration.
func ShortFile(file string) string {
	for i := len(file) - 1; i >= 0; i-- {
		if file[i] == '/' {
			return file[i+1:]
		}
	}
	return file
}

// Input is what the analyzers read of one run: the directory's
// migrations, read, split, parsed and replayed into the schema model,
// and what the run was asked.
type Input struct {
	// Migrations are the migrations in version order (duplicates of a
	// version in file-name order).
	Migrations []*facts.Migration
	// Problems are source.Read's complaints about the directory.
	Problems []source.Problem
	// UnknownIgnores are lint-ignore codes that name no check.
	UnknownIgnores []UnknownIgnore
	// Applied, AllowOutOfOrder and Since are the lint.Options fields
	// of the same names.
	Applied         map[string]string
	AllowOutOfOrder bool
	Since           string
	// Released is, with Since, the highest version that existed at the
	// revision.
	Released source.Version
	// MaxStatements and MaxBytes are the configured size limits.
	MaxStatements, MaxBytes int

	// Redefs are the definitions the replay found written twice.
	Redefs []*model.Redef
	// Rebuilds are the table rebuilds the replay found, keyed by the ops
	// that drop or rename the old copy and rename the new one into place.
	Rebuilds map[*facts.Op]*model.Rebuild

	// Sink receives the findings the analyzers report.
	Sink func(Diagnostic)
}

// UnknownIgnore is a lint-ignore code that names no check.
type UnknownIgnore struct {
	Sec     *facts.Section // the section holding the directive
	Line    int            // the directive's line
	Code    string         // the code as written
	Suggest string         // the nearest check, for "did you mean"
}
