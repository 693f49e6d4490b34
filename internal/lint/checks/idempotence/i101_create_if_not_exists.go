package idempotence

import (
	"github.com/strata-db/strata/internal/lint/analysis"
	"github.com/strata-db/strata/internal/lint/facts"
	"github.com/strata-db/strata/internal/sqlsplit"
)

// CreateWithoutIfNotExists is check I101, create-without-if-not-exists.
var CreateWithoutIfNotExists = &analysis.Analyzer{
	Code:     "I101",
	Name:     "create-without-if-not-exists",
	Doc:      "CREATE without IF NOT EXISTS in a directory whose other CREATE statements use it: the mix means some migrations can be re-run after a partial failure and some cannot.",
	Fix:      "Write CREATE … IF NOT EXISTS here too, as the rest of the directory does.",
	Severity: analysis.Warning,
	Run: func(p *analysis.Pass) {
		runIdempotency(p, isGuardableCreate, "%s %s without IF NOT EXISTS, while %d of the directory's %d statements that could have it do")
	},
}

// isGuardableCreate reports whether the dialect accepts IF NOT EXISTS on
// a creating op.
func isGuardableCreate(d sqlsplit.Syntax, o *facts.Op) bool {
	switch o.Kind {
	case facts.OpCreateTable:
		return !o.Temporary
	case facts.OpCreateIndex:
		return d != sqlsplit.MySQL // MariaDB only
	case facts.OpAddColumn:
		return d == sqlsplit.Postgres
	case facts.OpCreateObject:
		switch d {
		case sqlsplit.Postgres:
			return o.Obj == facts.ObjSequence || o.Obj == facts.ObjSchema || o.Obj == facts.ObjExtension || o.Obj == facts.ObjMatView
		case sqlsplit.MySQL:
			return o.Obj == facts.ObjDatabase
		case sqlsplit.SQLite:
			return o.Obj == facts.ObjView || o.Obj == facts.ObjTrigger
		}
	}
	return false
}

// runIdempotency reports the unguarded ops of a kind when most of the
// directory's ops of that kind are guarded.
func runIdempotency(p *analysis.Pass, guardable func(sqlsplit.Syntax, *facts.Op) bool, format string) {
	type hit struct {
		s *facts.Stmt
		o *facts.Op
	}
	var bare []hit
	guarded, total := 0, 0
	p.ForEachStmt(true, func(s *facts.Stmt) {
		for i := range s.Ops {
			o := &s.Ops[i]
			if !guardable(p.Dialect, o) || p.Rebuilds[o] != nil {
				continue // a rebuild drops a table it knows is there
			}
			if !s.Sec.Down && isDrop(o.Kind) && !o.Existed {
				continue // dropping what this migration made: it is there
			}
			total++
			if o.IfExists {
				guarded++
			} else if len(bare) == 0 || bare[len(bare)-1].s != s {
				bare = append(bare, hit{s, o})
			}
		}
	})
	if guarded*2 <= total {
		return
	}
	for _, h := range bare {
		p.ReportAt(h.s.Sec, h.o.Pos, format, opVerb(h.o), opName(h.o), guarded, total)
	}
}

// opVerb names what an op does, for messages: "CREATE TABLE", "ADD
// COLUMN", "DROP INDEX".
func opVerb(o *facts.Op) string {
	switch o.Kind {
	case facts.OpCreateTable:
		return "CREATE TABLE"
	case facts.OpDropTable:
		return "DROP TABLE"
	case facts.OpCreateIndex:
		return "CREATE INDEX"
	case facts.OpDropIndex:
		return "DROP INDEX"
	case facts.OpAddColumn:
		return "ADD COLUMN"
	case facts.OpDropColumn:
		return "DROP COLUMN"
	case facts.OpDropConstraint:
		return "DROP CONSTRAINT"
	case facts.OpDropObject:
		return "DROP " + facts.Upper(o.Obj.String())
	}
	return "CREATE " + facts.Upper(o.Obj.String())
}

// opName names the object of an op, for messages.
func opName(o *facts.Op) string {
	switch o.Kind {
	case facts.OpCreateTable, facts.OpDropTable:
		return o.Table
	case facts.OpAddColumn, facts.OpDropColumn, facts.OpDropConstraint:
		return o.Table + "." + o.Name
	}
	return o.Name
}

func isDrop(k facts.OpKind) bool {
	return k == facts.OpDropTable || k == facts.OpDropIndex || k == facts.OpDropColumn || k == facts.OpDropConstraint || k == facts.OpDropObject
}
