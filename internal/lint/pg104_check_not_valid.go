package lint

var checkNotValid = &Analyzer{
	Code:     "PG104",
	Name:     "check-not-valid",
	Doc:      "Adding a CHECK constraint to an existing table without NOT VALID: PostgreSQL checks every row under an ACCESS EXCLUSIVE lock.",
	Fix:      "ADD CONSTRAINT … CHECK (…) NOT VALID, then VALIDATE CONSTRAINT in a later migration.",
	Severity: Warning,
	Dialects: postgresOnly,
	Run:      runCheckNotValid,
}

func runCheckNotValid(p *Pass) {
	p.forEachUpOp(func(s *stmt, o *op) {
		if o.kind == opAddConstraint && o.con.kind == conCheck && !o.con.notValid && o.existed && !o.noop {
			p.reportAt(s.sec, o.pos, "adding check constraint %s to existing table %s without NOT VALID checks every row while holding an ACCESS EXCLUSIVE lock", o.con.name, o.table)
		}
	})
}
