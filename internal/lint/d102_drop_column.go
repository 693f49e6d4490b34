package lint

import "strings"

var dropColumn = &Analyzer{
	Code:     "D102",
	Name:     "drop-column",
	Doc:      "DROP COLUMN on an existing table (or a table rebuild that leaves a column out): the data is gone, and running code that still reads or writes the column fails.",
	Fix:      "First deploy code that no longer uses the column; drop it in a later release.",
	Severity: Warning,
	Run:      runDropColumn,
}

func runDropColumn(p *Pass) {
	rebuilt := map[*section]map[*op]bool{}
	p.forEachUpOp(func(s *stmt, o *op) {
		if rebuilt[s.sec] == nil {
			rebuilt[s.sec] = columnRebuilds(s.sec)
		}
		switch {
		case o.kind == opDropColumn && o.existed && !rebuilt[s.sec][o] && !knownAbsent(o):
			p.reportAt(s.sec, o.pos, "DROP COLUMN %s.%s deletes the column and its data", o.table, o.name)
		case o.kind == opDropTable:
			if rb := p.rebuilds[o]; rb != nil && len(rb.lost) > 0 {
				p.reportAt(s.sec, o.pos, "rebuilding %s leaves out column %s, deleting its data", rb.table, strings.Join(rb.lost, ", "))
			}
		}
	})
}

// columnRebuilds finds, in one section, the columns rebuilt to change
// their type: add a new column, copy, drop the old one, rename the new
// one into its name; or rename the old one away, add the new one under
// its name, copy, drop the old one. The data is copied, so the DROP and
// RENAME involved are not destructive. It returns those ops.
func columnRebuilds(sec *section) map[*op]bool {
	type key struct{ table, col string }
	out := map[*op]bool{}
	added := map[key]bool{}
	dropped := map[key]*op{}  // variant A: the old column, dropped
	awayFrom := map[key]*op{} // variant B: renamed away, by new name
	readded := map[key]bool{} // variant B: the old name added again
	for _, s := range sec.stmts {
		for i := range s.ops {
			o := &s.ops[i]
			k := key{o.table, o.name}
			switch o.kind {
			case opAddColumn:
				added[k] = true
				for _, r := range awayFrom {
					if r.table == o.table && r.name == o.name {
						readded[k] = true
					}
				}
			case opDropColumn:
				dropped[k] = o
				if r := awayFrom[k]; r != nil && readded[key{o.table, r.name}] {
					out[r], out[o] = true, true
				}
			case opRenameColumn:
				to := key{o.table, o.newName}
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
func knownAbsent(o *op) bool {
	t := o.subject
	return o.before == nil && t != nil && !t.incomplete && !t.opaque
}
