package lint

import (
	"fmt"
	"slices"
	"strings"

	"github.com/strata-db/strata/internal/sqlsplit"
)

var incompleteDown = &Analyzer{
	Code:     "R102",
	Name:     "incomplete-down",
	Doc:      "The down section does not drop something the up section creates (a table, column, index, constraint, view, type, function …; extensions are not required), so a rollback leaves it behind and running the migration again fails.",
	Fix:      "Drop the object in the down section, under the name the database gave it.",
	Severity: Warning,
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
	s     *stmt
	pos   sqlsplit.Position
}

func runIncompleteDown(p *Pass) {
	for _, m := range p.migs {
		if m.down == nil || len(m.down.stmts) == 0 || !understood(m.down) || !understood(m.up) {
			continue
		}
		objs := createdBy(p, m)
		if len(objs) == 0 {
			continue
		}
		undone := droppedBy(p, m.down)
		for _, c := range objs {
			if undone[c.key] || c.table != "" && undone[tableKey(c.table)] || c.uses != "" && undone[cascadeKey(objKey(objFunction, c.uses))] {
				continue
			}
			if slices.ContainsFunc(c.cols, func(col string) bool { return undone[columnKey(c.table, col)] }) {
				continue
			}
			if undone[sameName(c)] {
				p.reportAt(c.s.sec, c.pos, "%s is created here, but the down section drops a constraint of that name instead (use DROP INDEX)", c.what)
				continue
			}
			p.reportAt(c.s.sec, c.pos, "%s is created here but the down section does not drop it", c.what)
		}
	}
}

// understood reports whether every statement of a section was read, so
// that its effects are known.
func understood(sec *section) bool {
	if sec.splitErr != nil {
		return false
	}
	for _, s := range sec.stmts {
		if s.kind == kindUnknown || s.kind == kindProcedural {
			return false
		}
	}
	return true
}

func tableKey(t string) string         { return "table:" + t }
func cascadeKey(key string) string     { return "cascade:" + key }
func columnKey(t, c string) string     { return "column:" + t + "." + c }
func constraintKey(t, c string) string { return "constraint:" + t + "." + c }
func indexKey(p *Pass, o *op) string   { return "index:" + indexKeyOf(p.Dialect, o.table, o.name) }

// createdBy lists what a migration's up section creates and keeps.
func createdBy(p *Pass, m *migration) []*created {
	var out []*created
	newTables := map[string]bool{}
	drop := func(key string) {
		out = slices.DeleteFunc(out, func(c *created) bool { return c.key == key || c.table != "" && tableKey(c.table) == key })
	}
	for _, s := range m.up.stmts {
		for i := range s.ops {
			o := &s.ops[i]
			c := &created{s: s, pos: o.pos, table: o.table}
			switch {
			case o.kind == opCreateTable && !o.noop && !o.temporary:
				newTables[o.table] = true
				c.key, c.table, c.what = tableKey(o.table), "", "table "+o.table
			case o.kind == opAddColumn && !o.noop && !newTables[o.table]:
				c.key, c.cols, c.what = columnKey(o.table, o.name), []string{o.name}, "column "+o.table+"."+o.name
			case o.kind == opCreateIndex && !o.noop && !newTables[o.table]:
				c.key, c.cols, c.what, c.name = indexKey(p, o), o.idx.cols, "index "+o.name, baseName(o.name)
			case o.kind == opAddConstraint && !o.noop && !o.viaColumn && !newTables[o.table] && o.con.name != "":
				c.key, c.cols, c.what = constraintKey(o.table, o.con.name), o.con.cols, fmt.Sprintf("%s %s", o.con.kind, o.con.name)
			case o.kind == opCreateObject && !o.existed && !newTables[o.table] && o.obj != objExtension:
				// Extensions are left out: other objects come to depend on
				// them, and downs rightly leave them installed.
				c.key, c.table, c.what = objKey(o.obj, o.name), "", o.obj.String()+" "+o.name
				if o.obj == objTrigger {
					c.table, c.uses = o.table, o.uses
				}
			case o.kind == opDropTable:
				if newTables[o.table] {
					drop(tableKey(o.table))
					delete(newTables, o.table)
				}
				continue
			case o.kind == opDropIndex:
				drop(indexKey(p, o))
				continue
			case o.kind == opDropObject:
				drop(objKey(o.obj, o.name))
				continue
			case o.kind == opRenameTable && newTables[o.table]:
				// A table built under a temporary name and renamed into
				// place replaces the old table (SQLite's rebuild): the
				// down section restores the old one its own way.
				drop(tableKey(o.table))
				delete(newTables, o.table)
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
func droppedBy(p *Pass, sec *section) map[string]bool {
	out := map[string]bool{}
	for _, s := range sec.stmts {
		for i := range s.ops {
			o := &s.ops[i]
			switch o.kind {
			case opDropTable:
				out[tableKey(o.table)] = true
			case opDropColumn:
				out[columnKey(o.table, o.name)] = true
			case opDropIndex:
				out[indexKey(p, o)] = true
			case opDropConstraint:
				out[constraintKey(o.table, o.name)] = true
			case opDropObject:
				out[objKey(o.obj, o.name)] = true
				if o.cascade {
					out[cascadeKey(objKey(o.obj, o.name))] = true
				}
				if o.obj == objMatView {
					out[tableKey(o.name)] = true // and so its indexes
				}
			case opRenameTable:
				out[tableKey(o.table)] = true // renamed back out of the way
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
