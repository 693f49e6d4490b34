package revert

import (
	"fmt"
	"slices"
	"strings"

	"github.com/strata-db/strata/internal/lint/analysis"
	"github.com/strata-db/strata/internal/lint/facts"
	"github.com/strata-db/strata/internal/lint/model"
	"github.com/strata-db/strata/internal/sqlsplit"
)

// IncompleteDown is check R102, incomplete-down.
var IncompleteDown = &analysis.Analyzer{
	Code:     "R102",
	Name:     "incomplete-down",
	Doc:      "The down section does not drop something the up section creates (a table, column, index, constraint, view, type, function …; extensions are not required), so a rollback leaves it behind and running the migration again fails.",
	Fix:      "Drop the object in the down section, under the name the database gave it.",
	Severity: analysis.Warning,
	Run:      runIncompleteDown,
}

// created is an object an up section creates.
type created struct {
	key   string // objectKey of the object
	table string // the table it belongs to, for columns, indexes and constraints
	cols  []string
	what  string // for messages
	uses  string // a trigger's function
	name  string // the object's own name
	s     *facts.Stmt
	pos   sqlsplit.Position
}

func runIncompleteDown(p *analysis.Pass) {
	for _, m := range p.Migrations {
		if m.DownSection == nil || len(m.DownSection.Stmts) == 0 || !understood(m.DownSection) || !understood(m.UpSection) {
			continue
		}
		objs := createdBy(p, m)
		if len(objs) == 0 {
			continue
		}
		undone := droppedBy(p, m.DownSection)
		for _, c := range objs {
			if undone[c.key] || c.table != "" && undone[tableKey(c.table)] || c.uses != "" && undone[cascadeKey(model.ObjKey(facts.ObjFunction, c.uses))] {
				continue
			}
			if slices.ContainsFunc(c.cols, func(col string) bool { return undone[columnKey(c.table, col)] }) {
				continue
			}
			if undone[sameName(c)] {
				p.ReportAt(c.s.Sec, c.pos, "%s is created here, but the down section drops a constraint of that name instead (use DROP INDEX)", c.what)
				continue
			}
			p.ReportAt(c.s.Sec, c.pos, "%s is created here but the down section does not drop it", c.what)
		}
	}
}

// understood reports whether every statement of a section was read, so
// that its effects are known.
func understood(sec *facts.Section) bool {
	if sec.SplitErr != nil {
		return false
	}
	for _, s := range sec.Stmts {
		if s.Kind == facts.KindUnknown || s.Kind == facts.KindProcedural {
			return false
		}
	}
	return true
}

func tableKey(t string) string         { return "table:" + t }
func cascadeKey(key string) string     { return "cascade:" + key }
func columnKey(t, c string) string     { return "column:" + t + "." + c }
func constraintKey(t, c string) string { return "constraint:" + t + "." + c }
func indexKey(p *analysis.Pass, o *facts.Op) string {
	return "index:" + model.IndexKeyOf(p.Dialect, o.Table, o.Name)
}

// createdBy lists what a migration's up section creates and keeps.
func createdBy(p *analysis.Pass, m *facts.Migration) []*created {
	var out []*created
	newTables := map[string]bool{}
	drop := func(key string) {
		out = slices.DeleteFunc(out, func(c *created) bool { return c.key == key || c.table != "" && tableKey(c.table) == key })
	}
	for _, s := range m.UpSection.Stmts {
		for i := range s.Ops {
			o := &s.Ops[i]
			c := &created{s: s, pos: o.Pos, table: o.Table}
			switch {
			case o.Kind == facts.OpCreateTable && !o.Noop && !o.Temporary:
				newTables[o.Table] = true
				c.key, c.table, c.what = tableKey(o.Table), "", "table "+o.Table
			case o.Kind == facts.OpAddColumn && !o.Noop && !newTables[o.Table]:
				c.key, c.cols, c.what = columnKey(o.Table, o.Name), []string{o.Name}, "column "+o.Table+"."+o.Name
			case o.Kind == facts.OpCreateIndex && !o.Noop && !newTables[o.Table]:
				c.key, c.cols, c.what, c.name = indexKey(p, o), o.Idx.Cols, "index "+o.Name, facts.BaseName(o.Name)
			case o.Kind == facts.OpAddConstraint && !o.Noop && !o.ViaColumn && !newTables[o.Table] && o.Con.Name != "":
				c.key, c.cols, c.what = constraintKey(o.Table, o.Con.Name), o.Con.Cols, fmt.Sprintf("%s %s", o.Con.Kind, o.Con.Name)
			case o.Kind == facts.OpCreateObject && !o.Existed && !newTables[o.Table] && o.Obj != facts.ObjExtension:
				// Extensions are left out: other objects come to depend on
				// them, and downs rightly leave them installed.
				c.key, c.table, c.what = model.ObjKey(o.Obj, o.Name), "", o.Obj.String()+" "+o.Name
				if o.Obj == facts.ObjTrigger {
					c.table, c.uses = o.Table, o.Uses
				}
			case o.Kind == facts.OpDropTable:
				if newTables[o.Table] {
					drop(tableKey(o.Table))
					delete(newTables, o.Table)
				}
				continue
			case o.Kind == facts.OpDropIndex:
				drop(indexKey(p, o))
				continue
			case o.Kind == facts.OpDropObject:
				drop(model.ObjKey(o.Obj, o.Name))
				continue
			case o.Kind == facts.OpRenameTable && newTables[o.Table]:
				// A table built under a temporary name and renamed into
				// place replaces the old table (SQLite's rebuild): the
				// down section restores the old one its own way.
				drop(tableKey(o.Table))
				delete(newTables, o.Table)
				continue
			default:
				continue
			}
			out = append(out, c)
		}
	}
	return out
}

// droppedBy returns the keys of the objects a down section drops.
func droppedBy(p *analysis.Pass, sec *facts.Section) map[string]bool {
	out := map[string]bool{}
	for _, s := range sec.Stmts {
		for i := range s.Ops {
			o := &s.Ops[i]
			switch o.Kind {
			case facts.OpDropTable:
				out[tableKey(o.Table)] = true
			case facts.OpDropColumn:
				out[columnKey(o.Table, o.Name)] = true
			case facts.OpDropIndex:
				out[indexKey(p, o)] = true
			case facts.OpDropConstraint:
				out[constraintKey(o.Table, o.Name)] = true
			case facts.OpDropObject:
				out[model.ObjKey(o.Obj, o.Name)] = true
				if o.Cascade {
					out[cascadeKey(model.ObjKey(o.Obj, o.Name))] = true
				}
				if o.Obj == facts.ObjMatView {
					out[tableKey(o.Name)] = true // and so its indexes
				}
			case facts.OpRenameTable:
				out[tableKey(o.Table)] = true // renamed back out of the way
			}
		}
	}
	return out
}

// sameName is the key a down section's DROP CONSTRAINT would have if it
// meant the index c: a common mistake, since PostgreSQL makes an index
// for every unique constraint and the two are easily confused.
func sameName(c *created) string {
	if c.name == "" || !strings.HasPrefix(c.key, "index:") {
		return "\x00"
	}
	return constraintKey(c.table, c.name)
}
