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
	p.forEachUpOp(func(s *stmt, o *op) {
		switch {
		case o.kind == opDropColumn && o.existed:
			p.reportAt(s.sec, o.pos, "DROP COLUMN %s.%s deletes the column and its data", o.table, o.name)
		case o.kind == opDropTable:
			if rb := s.sec.mig.rebuilds[o]; rb != nil && len(rb.lost) > 0 {
				p.reportAt(s.sec, o.pos, "rebuilding %s leaves out column %s, deleting its data", rb.table, strings.Join(rb.lost, ", "))
			}
		}
	})
}
