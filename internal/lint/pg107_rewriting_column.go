package lint

var rewritingColumn = &Analyzer{
	Code:     "PG107",
	Name:     "rewriting-column",
	Doc:      "Adding to an existing table a column whose value must be computed per row (a volatile default such as gen_random_uuid() or clock_timestamp(), serial, identity, a stored generated column): PostgreSQL rewrites the whole table under an ACCESS EXCLUSIVE lock. Constant and stable defaults such as now() do not (PostgreSQL 11+).",
	Fix:      "Add the column without the default, then SET DEFAULT (for new rows) and backfill the existing rows in batches.",
	Severity: Warning,
	Dialects: postgresOnly,
	Run:      runRewritingColumn,
}

func runRewritingColumn(p *Pass) {
	p.forEachUpOp(func(s *stmt, o *op) {
		if o.kind == opAddColumn && o.existed && !o.noop && o.col.rewrite != "" {
			p.reportAt(s.sec, o.pos, "adding %s.%s as a %s rewrites the whole existing table while holding an ACCESS EXCLUSIVE lock", o.table, o.name, o.col.rewrite)
		}
	})
}
