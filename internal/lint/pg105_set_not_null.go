package lint

var setNotNull = &Analyzer{
	Code:     "PG105",
	Name:     "set-not-null",
	Doc:      "ALTER COLUMN … SET NOT NULL on an existing table: PostgreSQL scans every row under an ACCESS EXCLUSIVE lock to prove there is no NULL.",
	Fix:      "ADD CONSTRAINT … CHECK (col IS NOT NULL) NOT VALID, VALIDATE it in a later migration, then SET NOT NULL (PostgreSQL 12+ uses the constraint and skips the scan) and drop the check.",
	Severity: Warning,
	Dialects: postgresOnly,
	Run:      runSetNotNull,
}

func runSetNotNull(p *Pass) {
	p.forEachUpOp(func(s *stmt, o *op) {
		if o.kind != opSetNotNull || !o.existed || o.proven || o.before != nil && o.before.null == notNull {
			return
		}
		p.reportAt(s.sec, o.pos, "SET NOT NULL on %s.%s scans the whole existing table while holding an ACCESS EXCLUSIVE lock", o.table, o.name)
	})
}
