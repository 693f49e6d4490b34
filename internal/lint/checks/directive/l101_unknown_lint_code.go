package directive

import (
	"github.com/strata-db/strata/internal/lint/analysis"
	"github.com/strata-db/strata/internal/lint/facts"
	"github.com/strata-db/strata/internal/sqlsplit"
)

// UnknownLintCode is check L101, unknown-lint-code.
var UnknownLintCode = &analysis.Analyzer{
	Code:     "L101",
	Name:     "unknown-lint-code",
	Doc:      "A -- strata:lint-ignore directive names a check that does not exist, so it silences nothing (often a typo).",
	Fix:      "Use a code or name from the list of checks, e.g. -- strata:lint-ignore PG101.",
	Severity: analysis.Warning,
	Run:      runUnknownLintCode,
}

func runUnknownLintCode(p *analysis.Pass) {
	for _, u := range p.UnknownIgnores {
		msg := "lint-ignore names no check: " + u.Code
		if u.Suggest != "" {
			msg += " (did you mean " + u.Suggest + "?)"
		}
		p.Report(analysis.Diagnostic{File: u.Sec.File, Pos: sqlsplit.Position{Line: u.Line, Column: 1, Offset: facts.LineOffset(u.Sec, u.Line)}, Message: msg})
	}
}
