package destructive

import (
	"github.com/strata-db/strata/internal/lint/analysis"
	"github.com/strata-db/strata/internal/lint/facts"
)

// DropSchema is check D103, drop-schema.
var DropSchema = &analysis.Analyzer{
	Code:     "D103",
	Name:     "drop-schema",
	Doc:      "DROP SCHEMA or DROP DATABASE of one that existed before the migration: everything in it is gone at once.",
	Fix:      "Drop the objects you mean to drop one by one, after a backup; never drop a schema or database from a migration.",
	Severity: analysis.Error,
	Run:      runDropSchema,
}

func runDropSchema(p *analysis.Pass) {
	p.ForEachUpOp(func(s *facts.Stmt, o *facts.Op) {
		if o.Kind == facts.OpDropObject && (o.Obj == facts.ObjSchema || o.Obj == facts.ObjDatabase) && o.Existed {
			p.ReportAt(s.Sec, o.Pos, "DROP %s %s deletes everything in it", facts.Upper(o.Obj.String()), o.Name)
		}
	})
}
