package lint

var constraintBuildsIndex = &Analyzer{
	Code:     "PG110",
	Name:     "constraint-builds-index",
	Doc:      "Adding a PRIMARY KEY, UNIQUE or EXCLUDE constraint to an existing table: PostgreSQL builds its index while holding an ACCESS EXCLUSIVE lock, blocking all reads and writes.",
	Fix:      "CREATE UNIQUE INDEX CONCURRENTLY first (in a no-transaction migration), then ADD CONSTRAINT … PRIMARY KEY/UNIQUE USING INDEX.",
	Severity: Warning,
	Dialects: postgresOnly,
	Run:      runConstraintBuildsIndex,
}

func runConstraintBuildsIndex(p *Pass) {
	p.forEachUpOp(func(s *stmt, o *op) {
		if o.kind != opAddConstraint || o.con.usingIndex != "" || !o.existed || o.noop {
			return
		}
		switch o.con.kind {
		case conPrimary, conUnique, conExclusion:
			p.reportAt(s.sec, o.pos, "adding %s %s to existing table %s builds its index while holding an ACCESS EXCLUSIVE lock", o.con.kind, o.con.name, o.table)
		}
	})
}
