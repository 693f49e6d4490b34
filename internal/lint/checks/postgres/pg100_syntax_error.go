package postgres

import (
	"github.com/strata-db/strata/internal/lint/analysis"
	"github.com/strata-db/strata/internal/lint/facts"
)

// SyntaxError is check PG100, syntax-error.
var SyntaxError = &analysis.Analyzer{
	Code:     "PG100",
	Name:     "syntax-error",
	Doc:      "A statement PostgreSQL's parser rejects: the migration (or its rollback) fails when it reaches it.",
	Fix:      "Correct the statement; a missing semicolon between two statements is the usual cause.",
	Severity: analysis.Error,
	Dialects: analysis.PostgresOnly,
	Run:      runPGSyntaxError,
}

func runPGSyntaxError(p *analysis.Pass) {
	p.ForEachStmt(true, func(s *facts.Stmt) {
		if s.ParseErr != nil {
			p.ReportAt(s.Sec, s.ParseErr.Pos, "%s", s.ParseErr.Msg)
		}
	})
}
