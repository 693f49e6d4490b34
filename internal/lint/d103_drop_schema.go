package lint

var dropSchema = &Analyzer{
	Code:     "D103",
	Name:     "drop-schema",
	Doc:      "DROP SCHEMA or DROP DATABASE of one that existed before the migration: everything in it is gone at once.",
	Fix:      "Drop the objects you mean to drop one by one, after a backup; never drop a schema or database from a migration.",
	Severity: Error,
	Run:      runDropSchema,
}

func runDropSchema(p *Pass) {
	p.forEachUpOp(func(s *stmt, o *op) {
		if o.kind == opDropObject && (o.obj == objSchema || o.obj == objDatabase) && o.existed {
			p.reportAt(s.sec, o.pos, "DROP %s %s deletes everything in it", upper(o.obj.String()), o.name)
		}
	})
}
