package transaction

import (
	"github.com/strata-db/strata/internal/lint/analysis"
	"github.com/strata-db/strata/internal/lint/facts"
)

// MySQLImplicitCommit is check T104, mysql-implicit-commit.
var MySQLImplicitCommit = &analysis.Analyzer{
	Code:     "T104",
	Name:     "mysql-implicit-commit",
	Doc:      "Several schema statements in one MySQL migration: MySQL commits each DDL statement on its own, so when a later one fails the earlier ones stay applied and the migration cannot simply be run again.",
	Fix:      "Keep one schema change per MySQL migration, or make each statement safe to re-run.",
	Severity: analysis.Info,
	Dialects: analysis.MySQLOnly,
	Run:      runMySQLImplicitCommit,
}

func runMySQLImplicitCommit(p *analysis.Pass) {
	for _, m := range p.Migrations {
		var ddl []*facts.Stmt
		for _, s := range m.UpSection.Stmts {
			if s.Kind == facts.KindDDL {
				ddl = append(ddl, s)
			}
		}
		if len(ddl) > 1 {
			p.ReportAt(m.UpSection, ddl[1].Start, "%d schema statements in one migration, each committed by MySQL on its own: if this one or a later one fails, the earlier ones stay applied", len(ddl))
		}
	}
}
