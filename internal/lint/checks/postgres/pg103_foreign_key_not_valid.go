package postgres

import (
	"github.com/strata-db/strata/internal/lint/analysis"
	"github.com/strata-db/strata/internal/lint/facts"
)

// ForeignKeyNotValid is check PG103, foreign-key-not-valid.
var ForeignKeyNotValid = &analysis.Analyzer{
	Code:     "PG103",
	Name:     "foreign-key-not-valid",
	Doc:      "Adding a foreign key to an existing table without NOT VALID: PostgreSQL checks every row while blocking writes to both tables.",
	Fix:      "ADD CONSTRAINT … FOREIGN KEY … NOT VALID, then VALIDATE CONSTRAINT in a later migration (it takes a lock that lets writes continue).",
	Severity: analysis.Warning,
	Dialects: analysis.PostgresOnly,
	Run:      runForeignKeyNotValid,
}

func runForeignKeyNotValid(p *analysis.Pass) {
	p.ForEachUpOp(func(s *facts.Stmt, o *facts.Op) {
		if o.Kind != facts.OpAddConstraint || o.Con.Kind != facts.ConForeign || o.Con.NotValid || !o.Existed || o.Noop {
			return
		}
		if o.ViaColumn {
			p.ReportAt(s.Sec, o.Pos, "adding column %s.%s with REFERENCES %s checks every row of the existing table while blocking writes to both tables", o.Table, o.Con.Cols[0], o.Con.RefTable)
			return
		}
		p.ReportAt(s.Sec, o.Pos, "adding foreign key %s to existing table %s without NOT VALID checks every row while blocking writes to %s and %s", o.Con.Name, o.Table, o.Table, o.Con.RefTable)
	})
}
