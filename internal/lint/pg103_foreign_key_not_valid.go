package lint

var foreignKeyNotValid = &Analyzer{
	Code:     "PG103",
	Name:     "foreign-key-not-valid",
	Doc:      "Adding a foreign key to an existing table without NOT VALID: PostgreSQL checks every row while blocking writes to both tables.",
	Fix:      "ADD CONSTRAINT … FOREIGN KEY … NOT VALID, then VALIDATE CONSTRAINT in a later migration (it takes a lock that lets writes continue).",
	Severity: Warning,
	Dialects: postgresOnly,
	Run:      runForeignKeyNotValid,
}

func runForeignKeyNotValid(p *Pass) {
	p.forEachUpOp(func(s *stmt, o *op) {
		if o.kind != opAddConstraint || o.con.kind != conForeign || o.con.notValid || !o.existed || o.noop {
			return
		}
		if o.viaColumn {
			p.reportAt(s.sec, o.pos, "adding column %s.%s with REFERENCES %s checks every row of the existing table while blocking writes to both tables", o.table, o.con.cols[0], o.con.refTable)
			return
		}
		p.reportAt(s.sec, o.pos, "adding foreign key %s to existing table %s without NOT VALID checks every row while blocking writes to %s and %s", o.con.name, o.table, o.table, o.con.refTable)
	})
}
