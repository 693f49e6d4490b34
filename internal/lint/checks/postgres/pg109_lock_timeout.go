package postgres

import (
	"github.com/strata-db/strata/internal/lint/analysis"
	"github.com/strata-db/strata/internal/lint/facts"
)

// CodeLockTimeout is PG109's code, which require_lock_timeout turns on.
const CodeLockTimeout = "PG109"

// MissingLockTimeout is check PG109, missing-lock-timeout.
var MissingLockTimeout = &analysis.Analyzer{
	Code:     CodeLockTimeout,
	Name:     "missing-lock-timeout",
	Doc:      "A migration that takes a strong lock on an existing table without SET lock_timeout first: while it waits behind a long query, every other query on the table queues behind it, and the application stalls. Off unless require_lock_timeout = true.",
	Fix:      "Start the section with SET lock_timeout = '5s' (and retry the migration when it times out).",
	Severity: analysis.Warning,
	Dialects: analysis.PostgresOnly,
	OptIn:    true,
	Run:      runMissingLockTimeout,
}

// lockingOps are the ops that take a lock stronger than SHARE UPDATE
// EXCLUSIVE on their table.
var lockingOps = map[facts.OpKind]bool{
	facts.OpAddColumn: true, facts.OpDropColumn: true, facts.OpAlterColumnType: true, facts.OpSetNotNull: true, facts.OpDropNotNull: true,
	facts.OpSetDefault: true, facts.OpDropDefault: true, facts.OpAddConstraint: true, facts.OpDropConstraint: true, facts.OpCreateIndex: true,
	facts.OpDropIndex: true, facts.OpDropTable: true, facts.OpRenameTable: true, facts.OpRenameColumn: true, facts.OpRenameConstraint: true,
	facts.OpTruncate: true, facts.OpAlterTableOther: true,
}

func runMissingLockTimeout(p *analysis.Pass) {
	for _, m := range p.Migrations {
		// A timeout set early can be turned off again (RESET, 0) before a
		// later statement; each locking statement needs one in force.
		set := false
	stmts:
		for _, s := range m.UpSection.Stmts {
			if s.Kind == facts.KindSet && (s.Setting == "lock_timeout" || s.Setting == "all" && s.Unsets) {
				set = !s.Unsets
				continue
			}
			if set {
				continue
			}
			for _, o := range s.Ops {
				if lockingOps[o.Kind] && o.Existed && !o.Concurrently {
					p.ReportAt(s.Sec, s.Start, "%s locks existing table %s without a lock_timeout set before it", s.Verb, lockedTable(&o))
					break stmts
				}
			}
		}
	}
}

// lockedTable names the table an op locks.
func lockedTable(o *facts.Op) string {
	// The name as the statement writes it: the model's table may have been
	// renamed by a later migration by the time findings are written.
	if o.Table != "" {
		return o.Table
	}
	if o.Subject != nil {
		return o.Subject.Name
	}
	return o.Name
}
