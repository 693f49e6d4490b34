package lint

var mysqlImplicitCommit = &Analyzer{
	Code:     "T104",
	Name:     "mysql-implicit-commit",
	Doc:      "Several schema statements in one MySQL migration: MySQL commits each DDL statement on its own, so when a later one fails the earlier ones stay applied and the migration cannot simply be run again.",
	Fix:      "Keep one schema change per MySQL migration, or make each statement safe to re-run.",
	Severity: Info,
	Dialects: mysqlOnly,
	Run:      runMySQLImplicitCommit,
}

func runMySQLImplicitCommit(p *Pass) {
	for _, m := range p.migs {
		var ddl []*stmt
		for _, s := range m.up.stmts {
			if s.kind == kindDDL {
				ddl = append(ddl, s)
			}
		}
		if len(ddl) > 1 {
			p.reportAt(m.up, ddl[1].Start, "%d schema statements in one migration, each committed by MySQL on its own: if this one or a later one fails, the earlier ones stay applied", len(ddl))
		}
	}
}
