package lint

import "github.com/strata-db/strata/internal/sqlsplit"

var unknownLintCode = &Analyzer{
	Code:     "L101",
	Name:     "unknown-lint-code",
	Doc:      "A -- strata:lint-ignore directive names a check that does not exist, so it silences nothing (often a typo).",
	Fix:      "Use a code or name from the list of checks, e.g. -- strata:lint-ignore PG101.",
	Severity: Warning,
	Run:      runUnknownLintCode,
}

func runUnknownLintCode(p *Pass) {
	for _, u := range p.unknownIgnores {
		msg := "lint-ignore names no check: " + u.code
		if u.suggest != "" {
			msg += " (did you mean " + u.suggest + "?)"
		}
		p.Report(Diagnostic{File: u.sec.file, Pos: sqlsplit.Position{Line: u.line, Column: 1, Offset: lineOffset(u.sec, u.line)}, Message: msg})
	}
}
