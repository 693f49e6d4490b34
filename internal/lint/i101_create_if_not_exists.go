package lint

import "github.com/strata-db/strata/internal/sqlsplit"

var createWithoutIfNotExists = &Analyzer{
	Code:     "I101",
	Name:     "create-without-if-not-exists",
	Doc:      "CREATE without IF NOT EXISTS in a directory whose other CREATE statements use it: the mix means some migrations can be re-run after a partial failure and some cannot.",
	Fix:      "Write CREATE … IF NOT EXISTS here too, as the rest of the directory does.",
	Severity: Warning,
	Run: func(p *Pass) {
		runIdempotency(p, isGuardableCreate, "%s %s without IF NOT EXISTS, while %d of the directory's %d statements that could have it do")
	},
}

// isGuardableCreate reports whether the dialect accepts IF NOT EXISTS on
// a creating op.
func isGuardableCreate(d sqlsplit.Dialect, o *op) bool {
	switch o.kind {
	case opCreateTable:
		return !o.temporary
	case opCreateIndex:
		return d != sqlsplit.MySQL // MariaDB only
	case opAddColumn:
		return d == sqlsplit.Postgres
	case opCreateObject:
		switch d {
		case sqlsplit.Postgres:
			return o.obj == objSequence || o.obj == objSchema || o.obj == objExtension || o.obj == objMatView
		case sqlsplit.MySQL:
			return o.obj == objDatabase
		case sqlsplit.SQLite:
			return o.obj == objView || o.obj == objTrigger
		}
	}
	return false
}

// runIdempotency reports the unguarded ops of a kind when most of the
// directory's ops of that kind are guarded.
func runIdempotency(p *Pass, guardable func(sqlsplit.Dialect, *op) bool, format string) {
	type hit struct {
		s *stmt
		o *op
	}
	var bare []hit
	guarded, total := 0, 0
	p.forEachStmt(true, func(s *stmt) {
		for i := range s.ops {
			o := &s.ops[i]
			if !guardable(p.Dialect, o) || p.rebuilds[o] != nil {
				continue // a rebuild drops a table it knows is there
			}
			if !s.sec.down && isDrop(o.kind) && !o.existed {
				continue // dropping what this migration made: it is there
			}
			total++
			if o.ifExists {
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
		p.reportAt(h.s.sec, h.o.pos, format, opVerb(h.o), opName(h.o), guarded, total)
	}
}

// opVerb names what an op does, for messages: "CREATE TABLE", "ADD
// COLUMN", "DROP INDEX".
func opVerb(o *op) string {
	switch o.kind {
	case opCreateTable:
		return "CREATE TABLE"
	case opDropTable:
		return "DROP TABLE"
	case opCreateIndex:
		return "CREATE INDEX"
	case opDropIndex:
		return "DROP INDEX"
	case opAddColumn:
		return "ADD COLUMN"
	case opDropColumn:
		return "DROP COLUMN"
	case opDropConstraint:
		return "DROP CONSTRAINT"
	case opDropObject:
		return "DROP " + upper(o.obj.String())
	}
	return "CREATE " + upper(o.obj.String())
}

// opName names the object of an op, for messages.
func opName(o *op) string {
	switch o.kind {
	case opCreateTable, opDropTable:
		return o.table
	case opAddColumn, opDropColumn, opDropConstraint:
		return o.table + "." + o.name
	}
	return o.name
}

func isDrop(k opKind) bool {
	return k == opDropTable || k == opDropIndex || k == opDropColumn || k == opDropConstraint || k == opDropObject
}
