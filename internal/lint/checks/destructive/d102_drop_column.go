package destructive

import (
	"strings"

	"github.com/strata-db/strata/internal/lint/analysis"
	"github.com/strata-db/strata/internal/lint/facts"
)

// DropColumn is check D102, drop-column.
var DropColumn = &analysis.Analyzer{
	Code:     "D102",
	Name:     "drop-column",
	Doc:      "DROP COLUMN on an existing table (or a table rebuild that leaves a column out): the data is gone, and running code that still reads or writes the column fails.",
	Fix:      "First deploy code that no longer uses the column; drop it in a later release.",
	Severity: analysis.Warning,
	Run:      runDropColumn,
}

func runDropColumn(p *analysis.Pass) {
	rebuilt := map[*facts.Section]map[*facts.Op]bool{}
	p.ForEachUpOp(func(s *facts.Stmt, o *facts.Op) {
		if rebuilt[s.Sec] == nil {
			rebuilt[s.Sec] = columnRebuilds(s.Sec)
		}
		switch {
		case o.Kind == facts.OpDropColumn && o.Existed && !rebuilt[s.Sec][o] && !knownAbsent(o):
			p.ReportAt(s.Sec, o.Pos, "DROP COLUMN %s.%s deletes the column and its data", o.Table, o.Name)
		case o.Kind == facts.OpDropTable:
			if rb := p.Rebuilds[o]; rb != nil && len(rb.Lost) > 0 {
				p.ReportAt(s.Sec, o.Pos, "rebuilding %s leaves out column %s, deleting its data", rb.Table, strings.Join(rb.Lost, ", "))
			}
		}
	})
}

// columnRebuilds finds, in one section, the columns rebuilt to change
// their type: add a new column, copy, drop the old one, rename the new
// one into its name; or rename the old one away, add the new one under
// its name, copy, drop the old one. The data is copied, so the DROP and
// RENAME involved are not destructive. It returns those ops.
func columnRebuilds(sec *facts.Section) map[*facts.Op]bool {
	type key struct{ table, col string }
	out := map[*facts.Op]bool{}
	added := map[key]bool{}
	dropped := map[key]*facts.Op{}  // variant A: the old column, dropped
	awayFrom := map[key]*facts.Op{} // variant B: renamed away, by new name
	readded := map[key]bool{}       // variant B: the old name added again
	for _, s := range sec.Stmts {
		for i := range s.Ops {
			o := &s.Ops[i]
			k := key{o.Table, o.Name}
			switch o.Kind {
			case facts.OpAddColumn:
				added[k] = true
				for _, r := range awayFrom {
					if r.Table == o.Table && r.Name == o.Name {
						readded[k] = true
					}
				}
			case facts.OpDropColumn:
				dropped[k] = o
				if r := awayFrom[k]; r != nil && readded[key{o.Table, r.Name}] {
					out[r], out[o] = true, true
				}
			case facts.OpRenameColumn:
				to := key{o.Table, o.NewName}
				if d := dropped[to]; d != nil && added[k] {
					out[d], out[o] = true, true
					continue
				}
				awayFrom[to] = o
			}
		}
	}
	return out
}

// knownAbsent reports whether the column a DROP COLUMN names is known
// not to exist (DROP COLUMN IF EXISTS of a column the migrations never
// made): it drops nothing.
func knownAbsent(o *facts.Op) bool {
	t := o.Subject
	return o.Before == nil && t != nil && !t.Incomplete && !t.Opaque
}
