package lint

// codeLockTimeout is PG109's code, which require_lock_timeout turns on.
const codeLockTimeout = "PG109"

var missingLockTimeout = &Analyzer{
	Code:     codeLockTimeout,
	Name:     "missing-lock-timeout",
	Doc:      "A migration that takes a strong lock on an existing table without SET lock_timeout first: while it waits behind a long query, every other query on the table queues behind it, and the application stalls. Off unless require_lock_timeout = true.",
	Fix:      "Start the section with SET lock_timeout = '5s' (and retry the migration when it times out).",
	Severity: Warning,
	Dialects: postgresOnly,
	OptIn:    true,
	Run:      runMissingLockTimeout,
}

// lockingOps are the ops that take a lock stronger than SHARE UPDATE
// EXCLUSIVE on their table.
var lockingOps = map[opKind]bool{
	opAddColumn: true, opDropColumn: true, opAlterColumnType: true, opSetNotNull: true, opDropNotNull: true,
	opSetDefault: true, opDropDefault: true, opAddConstraint: true, opDropConstraint: true, opCreateIndex: true,
	opDropIndex: true, opDropTable: true, opRenameTable: true, opRenameColumn: true, opRenameConstraint: true,
	opTruncate: true, opAlterTableOther: true,
}

func runMissingLockTimeout(p *Pass) {
	for _, m := range p.migs {
		// A timeout set early can be turned off again (RESET, 0) before a
		// later statement; each locking statement needs one in force.
		set := false
	stmts:
		for _, s := range m.up.stmts {
			if s.kind == kindSet && (s.setting == "lock_timeout" || s.setting == "all" && s.unsets) {
				set = !s.unsets
				continue
			}
			if set {
				continue
			}
			for _, o := range s.ops {
				if lockingOps[o.kind] && o.existed && !o.concurrently {
					p.reportAt(s.sec, s.Start, "%s locks existing table %s without a lock_timeout set before it", s.verb, lockedTable(&o))
					break stmts
				}
			}
		}
	}
}

// lockedTable names the table an op locks.
func lockedTable(o *op) string {
	// The name as the statement writes it: the model's table may have been
	// renamed by a later migration by the time findings are written.
	if o.table != "" {
		return o.table
	}
	if o.subject != nil {
		return o.subject.name
	}
	return o.name
}
