package report

import "github.com/strata-db/strata/internal/lint/analysis"

// Report is the outcome of a lint run.
type Report struct {
	// Diagnostics are the findings, sorted by file, line, column and code.
	Diagnostics []analysis.Diagnostic
	// Migrations is the number of migrations read; Checked is how many of
	// them were checked (fewer with lint.Options.Since).
	Migrations, Checked int
	// Analyzers are the checks that ran, for SARIF rule metadata.
	Analyzers []*analysis.Analyzer

	Severity map[string]analysis.Severity // severities changed by the configuration
}

// HasErrors reports whether any error-severity finding remains, in which
// case strata lint exits with code 3.
func (r *Report) HasErrors() bool {
	for _, d := range r.Diagnostics {
		if d.Severity == analysis.Error {
			return true
		}
	}
	return false
}

// Count returns the number of findings of severity s.
func (r *Report) Count(s analysis.Severity) int {
	n := 0
	for _, d := range r.Diagnostics {
		if d.Severity == s {
			n++
		}
	}
	return n
}
