package lint

var pgSyntaxError = &Analyzer{
	Code:     "PG100",
	Name:     "syntax-error",
	Doc:      "A statement PostgreSQL's parser rejects: the migration (or its rollback) fails when it reaches it.",
	Fix:      "Correct the statement; a missing semicolon between two statements is the usual cause.",
	Severity: Error,
	Dialects: postgresOnly,
	Run:      runPGSyntaxError,
}

func runPGSyntaxError(p *Pass) {
	p.forEachStmt(true, func(s *stmt) {
		if s.parseErr != nil {
			p.reportAt(s.sec, s.parseErr.pos, "%s", s.parseErr.msg)
		}
	})
}
