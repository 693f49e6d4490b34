package lint

var ddlDMLMix = &Analyzer{
	Code:     "M101",
	Name:     "ddl-dml-mix",
	Doc:      "A migration that both changes the schema and changes rows of existing tables: the data change holds the schema change's locks for as long as it runs, cannot be re-run or rolled back separately, and on MySQL is not even atomic with it.",
	Fix:      "Move the data change (UPDATE/INSERT/DELETE on existing tables, backfills) into a migration of its own.",
	Severity: Warning,
	Run:      runDDLDMLMix,
}

func runDDLDMLMix(p *Pass) {
	for _, m := range p.migs {
		var ddl, dml *stmt
		for _, s := range m.up.stmts {
			switch s.kind {
			case kindDDL:
				// Name the change to an existing table when there is one:
				// that is the one whose locks the data change holds.
				if ddl == nil || !changesExisting(ddl) && changesExisting(s) {
					ddl = s
				}
			case kindDML:
				// Filling a table created by this same migration is seed
				// data, not a data migration.
				if dml == nil && writesExisting(s) {
					dml = s
				}
			}
		}
		if ddl != nil && dml != nil {
			p.reportAt(m.up, dml.Start, "%s changes rows in a migration that also changes the schema (%s at line %d)", dml.verb, ddl.verb, ddl.Start.Line)
		}
	}
}

// writesExisting reports whether a data statement writes a table that
// existed before its migration.
func writesExisting(s *stmt) bool {
	for _, o := range s.ops {
		if (o.kind == opWrite || o.kind == opTruncate) && o.existed {
			return true
		}
	}
	return len(s.ops) == 0
}

// changesExisting reports whether a schema statement changes a table that
// existed before its migration.
func changesExisting(s *stmt) bool {
	for _, o := range s.ops {
		if o.existed && o.table != "" && o.kind != opCreateObject {
			return true
		}
	}
	return false
}
