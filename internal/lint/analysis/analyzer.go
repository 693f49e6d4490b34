package analysis

import (
	"fmt"
	"strings"

	"github.com/strata-db/strata/internal/sqlsplit"
)

// Severity is how serious a finding is. Error findings make strata lint
// exit with code 3 (see report.Report.HasErrors).
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
	File     string            // path as given by lint.Options.Dir, slash-separated
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
	Code     string            // stable code, e.g. "PG101"; never reused
	Name     string            // stable kebab-case name, accepted wherever a code is
	Doc      string            // one line: what the check finds and why it matters
	Fix      string            // one line: the safe alternative
	Severity Severity          // default severity, changeable in strata.toml
	Dialects []sqlsplit.Syntax // dialects the check applies to; nil means all
	// OptIn checks run only when the configuration asks for them
	// (see lint.Config.RequireLockTimeout).
	OptIn bool
	// Run performs the check on the whole directory, reporting through
	// the Pass.
	Run func(*Pass)
}

// AppliesTo reports whether the analyzer runs for dialect d.
func (a *Analyzer) AppliesTo(d sqlsplit.Syntax) bool {
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
