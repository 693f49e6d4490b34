package lint

import (
	"fmt"
	"strings"

	"github.com/strata-db/strata/internal/sqlsplit"
)

// Severity is how serious a finding is. Error findings make strata lint
// exit with code 3 (see Report.HasErrors).
type Severity int

// The severities, from least to most serious.
const (
	Info Severity = iota + 1
	Warning
	Error
)

var severityNames = [...]string{Info: "info", Warning: "warning", Error: "error"}

// String returns "info", "warning" or "error".
func (s Severity) String() string {
	if s >= Info && s <= Error {
		return severityNames[s]
	}
	return fmt.Sprintf("Severity(%d)", int(s))
}

// MarshalText encodes the severity as its String form, for JSON.
func (s Severity) MarshalText() ([]byte, error) {
	if s < Info || s > Error {
		return nil, fmt.Errorf("invalid severity %d", int(s))
	}
	return []byte(s.String()), nil
}

// UnmarshalText parses "info", "warning" or "error" (any case).
func (s *Severity) UnmarshalText(b []byte) error {
	v, err := ParseSeverity(string(b))
	if err != nil {
		return err
	}
	*s = v
	return nil
}

// ParseSeverity parses "info", "warning" or "error" (any case).
func ParseSeverity(text string) (Severity, error) {
	for s := Info; s <= Error; s++ {
		if strings.EqualFold(text, s.String()) {
			return s, nil
		}
	}
	return 0, fmt.Errorf("unknown severity %q: use error, warning or info", text)
}

// Related is another place a finding refers to, typically the earlier
// definition of an object that a migration re-creates or contradicts.
type Related struct {
	File    string
	Pos     sqlsplit.Position
	Message string // what the place is, e.g. "first created here"
	Text    string // the definition there, canonical; may be empty
}

// Diagnostic is one finding: what is wrong, where, and what to do
// instead.
type Diagnostic struct {
	File     string            // path as given by Options.Dir, slash-separated
	Pos      sqlsplit.Position // line and column are 1-based
	Code     string            // stable code, e.g. "PG101"
	Severity Severity
	Message  string    // one line: what is wrong here
	Fix      string    // the safe alternative
	Related  []Related // earlier definitions and the like; may be empty
}

// String formats the finding as "file:line:col: CODE message", the form
// editors and CI logs recognise.
func (d Diagnostic) String() string {
	return fmt.Sprintf("%s:%d:%d: %s %s", d.File, d.Pos.Line, d.Pos.Column, d.Code, d.Message)
}

// Analyzer is one check, in the shape of golang.org/x/tools/go/analysis:
// a stable code and name, documentation, and a Run function that
// reports findings through its Pass.
type Analyzer struct {
	Code     string             // stable code, e.g. "PG101"; never reused
	Name     string             // stable kebab-case name, accepted wherever a code is
	Doc      string             // one line: what the check finds and why it matters
	Fix      string             // one line: the safe alternative
	Severity Severity           // default severity, changeable in strata.toml
	Dialects []sqlsplit.Dialect // dialects the check applies to; nil means all
	// OptIn checks run only when the configuration asks for them
	// (see Config.RequireLockTimeout).
	OptIn bool
	// Run performs the check on the whole directory, reporting through
	// the Pass.
	Run func(*Pass)
}

// appliesTo reports whether the analyzer runs for dialect d.
func (a *Analyzer) appliesTo(d sqlsplit.Dialect) bool {
	if a.Dialects == nil {
		return true
	}
	for _, x := range a.Dialects {
		if x == d {
			return true
		}
	}
	return false
}

// Pass is what an Analyzer sees: the directory's migrations, read,
// split, parsed and replayed into the schema model, and a way to report.
// Its fields are unexported because analyzers live in this package; the
// type is exported so that Analyzer.Run has a documented signature.
type Pass struct {
	// Analyzer is the check being run.
	Analyzer *Analyzer
	// Dialect is the SQL dialect of the migrations.
	Dialect sqlsplit.Dialect

	run *runState
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
	p.run.report(d)
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

// migrations returns the migrations in version order (duplicates of a
// version in file-name order).
func (p *Pass) migrations() []*migration { return p.run.migs }

// config returns the validated configuration.
func (p *Pass) config() *Config { return &p.run.cfg }

// forEachStmt calls f for every statement of the up sections (and of the
// down sections too when down is true), in migration and file order.
func (p *Pass) forEachStmt(down bool, f func(*stmt)) {
	for _, m := range p.run.migs {
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
