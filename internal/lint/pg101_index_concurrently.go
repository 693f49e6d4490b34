package lint

var indexNotConcurrently = &Analyzer{
	Code:     "PG101",
	Name:     "index-not-concurrently",
	Doc:      "CREATE INDEX without CONCURRENTLY on a table that existed before the migration: writes to the table block until the index is built, minutes on a large table.",
	Fix:      "Use CREATE INDEX CONCURRENTLY, alone in a migration with -- strata:no-transaction.",
	Severity: Warning,
	Dialects: postgresOnly,
	Run:      runIndexNotConcurrently,
}

func runIndexNotConcurrently(p *Pass) {
	p.forEachUpOp(func(s *stmt, o *op) {
		if o.kind == opCreateIndex && !o.concurrently && o.existed && !o.noop {
			p.reportAt(s.sec, o.pos, "CREATE INDEX %s on existing table %s without CONCURRENTLY blocks writes to it while the index builds", baseName(o.name), o.table)
		}
	})
}
