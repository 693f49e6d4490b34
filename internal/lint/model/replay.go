package model

import (
	"fmt"
	"slices"
	"strings"

	"github.com/strata-db/strata/internal/lint/facts"
	"github.com/strata-db/strata/internal/sqlsplit"
)

// redef is a definition a migration writes for an object the model
// already holds: S101 reports the identical ones, S102 the different
// ones.
type Redef struct {
	Stmt *facts.Stmt
	Pos  sqlsplit.Position
	What string // "table users", "column orders.user_id", …
	Here string // this definition, canonical
	// earlier are the earlier definitions involved, the object's own
	// first.
	Earlier []facts.Origin
	Diffs   []string // what differs; empty when identical
	// missing lists, for a table written again, what this definition has
	// that the table lacks: with IF NOT EXISTS they are never added.
	Missing []string
	// other names the earlier object when this one has another name but
	// the same definition (a duplicate index or constraint).
	Other string
	// ifNotExists: the statement is a no-op because of IF NOT EXISTS
	// (without it, it fails).
	IfNotExists bool
	// fails: without IF NOT EXISTS, the statement fails where the
	// earlier object exists.
	Fails bool
	// alive reports whether the earlier object still exists; one dropped
	// later in the same migration was being replaced, not duplicated.
	alive func() bool
}

// replay applies the up sections to the schema model in version order,
// filling in the ops' facts and collecting redefinitions.
func Replay(d sqlsplit.Dialect, migs []*facts.Migration) (redefs []*Redef, rebuilds map[*facts.Op]*Rebuild) {
	sc := newSchema(d)
	rt := newRebuildTracker()
	for _, m := range migs {
		r := &replayer{sc: sc, m: m}
		for _, s := range m.UpSection.Stmts {
			r.s = s
			r.addNoop = false
			for i := range s.Ops {
				r.apply(&s.Ops[i])
				rt.step(&s.Ops[i])
			}
		}
		// An object re-created under a new name and whose old copy this
		// migration then drops was replaced, not duplicated.
		for _, d := range r.redefs {
			if d.alive == nil || d.alive() {
				redefs = append(redefs, d)
			}
		}
	}
	return redefs, rt.found
}

// replayer applies one migration.
type replayer struct {
	sc     *schema
	m      *facts.Migration
	s      *facts.Stmt
	redefs []*Redef
	// addNoop: the last opAddColumn changed nothing, so the constraints
	// written on that column change nothing either.
	addNoop bool
}

func (r *replayer) apply(o *facts.Op) {
	sc := r.sc
	t := sc.tables[o.Table]
	if t != nil {
		o.Subject = t
		o.Existed = t.CreatedIn != r.m
	} else {
		// Not a table the model holds: made outside the migrations, or a
		// materialized view (which takes indexes too).
		org, isView := sc.objects[ObjKey(facts.ObjMatView, o.Table)]
		o.Existed = !isView || org.Mig != r.m
	}
	switch o.Kind {
	case facts.OpCreateTable:
		o.Existed = t != nil
		if o.Temporary {
			return
		}
		if t != nil {
			o.Noop = true
			r.tableAgain(o, t)
			return
		}
		// The model gets copies, so that later changes to it never show
		// through the ops the checks read.
		nt := cloneTable(o.Tbl)
		nt.CreatedIn = r.m
		nt.Origin.Mig = r.m
		sc.tables[nt.Name] = nt
		o.Subject = nt
	case facts.OpDropTable:
		if t != nil {
			sc.dropTable(t)
		}
	case facts.OpRenameTable:
		if t != nil && o.NewName != "" {
			sc.renameTable(t, o.NewName)
		}
	case facts.OpAddColumn:
		r.addNoop = false
		if t == nil {
			return
		}
		if old := t.Column(o.Col.Name); old != nil {
			o.Noop, r.addNoop = true, true
			if !t.Opaque {
				r.columnAgain(o, t, old)
			}
			return
		}
		c := copyColumn(o.Col)
		c.Origin.Mig = r.m
		if c.Charset == "" && facts.IsTextType(c.Type) {
			c.Charset = t.Charset // MySQL: the table's default for new columns
		}
		t.Cols = append(t.Cols, c)
	case facts.OpDropColumn:
		if t != nil {
			o.Before = copyColumn(t.Column(o.Name))
			sc.dropColumn(t, o.Name)
		}
	case facts.OpRenameColumn:
		if t != nil {
			o.Before = copyColumn(t.Column(o.Name))
			sc.renameColumn(t, o.Name, o.NewName)
		}
	case facts.OpAlterColumnType, facts.OpSetNotNull, facts.OpDropNotNull, facts.OpSetDefault, facts.OpDropDefault:
		if t == nil {
			return
		}
		c := t.Column(o.Name)
		if c == nil {
			return
		}
		o.Before = copyColumn(c)
		switch o.Kind {
		case facts.OpAlterColumnType:
			c.Type = o.Type
		case facts.OpSetNotNull:
			o.Proven = hasNotNullCheck(t, c.Name)
			c.Null = facts.NotNull
		case facts.OpDropNotNull:
			c.Null = facts.Nullable
		case facts.OpSetDefault:
			c.Def, c.DefKnown = o.Col.Def, o.Col.DefKnown
		case facts.OpDropDefault:
			c.Def, c.DefKnown = "", true
		}
	case facts.OpModifyColumn:
		if t == nil {
			return
		}
		if o.Col.Charset == "" && facts.IsTextType(o.Col.Type) {
			// A whole new definition: without a character set of its
			// own, the column takes the table's default, whatever it had.
			o.Col.Charset = t.Charset
		}
		if c := t.Column(o.Name); c != nil {
			o.Before = copyColumn(c)
			if o.NewName != o.Name {
				sc.renameColumn(t, o.Name, o.NewName)
			}
			c.Type, c.Null, c.Def, c.DefKnown, c.Charset = o.Col.Type, o.Col.Null, o.Col.Def, o.Col.DefKnown, o.Col.Charset
		}
	case facts.OpTableCharset:
		if t != nil {
			t.Charset = o.NewName
		}
	case facts.OpTableRebuild:
		if t != nil && o.Name == "CONVERT TO CHARACTER SET" && o.NewName != "" {
			t.Charset = o.NewName
			for _, c := range t.Cols {
				if facts.IsTextType(c.Type) {
					c.Charset = o.NewName
				}
			}
		}
	case facts.OpAddConstraint:
		if t == nil {
			return
		}
		r.addConstraint(o, t)
	case facts.OpDropConstraint:
		if t == nil {
			return
		}
		if c := t.Constraint(o.Name); c != nil {
			t.Cons = slices.DeleteFunc(t.Cons, func(x *facts.Constraint) bool { return x == c })
		} else {
			// The model named it differently (or never saw it): its idea
			// of this table's constraints can no longer be trusted.
			t.ConsUncertain = true
		}
	case facts.OpRenameConstraint:
		if t != nil {
			if c := t.Constraint(o.Name); c != nil {
				c.Name, c.Named = o.NewName, true
			}
		}
	case facts.OpValidateConstraint:
		if t != nil {
			if c := t.Constraint(o.Name); c != nil {
				c.NotValid = false
			}
		}
	case facts.OpCreateIndex:
		r.createIndex(o, t)
	case facts.OpDropIndex:
		key := sc.indexKey(o.Table, o.Name)
		x := sc.indexes[key]
		if x == nil {
			// Made outside the migrations, or under a name the model did
			// not guess; with IF EXISTS, perhaps not there at all.
			sc.indexesUncertain = true
			o.Noop = o.IfExists
			return
		}
		if it := sc.tables[x.Table]; it != nil {
			o.Subject, o.Existed = it, it.CreatedIn != r.m
		}
		delete(sc.indexes, key)
	case facts.OpRenameIndex:
		key := sc.indexKey(o.Table, o.Name)
		if x := sc.indexes[key]; x != nil {
			delete(sc.indexes, key)
			x.Name, x.Named = o.NewName, true
			sc.indexes[sc.indexKey(o.Table, o.NewName)] = x
		}
	case facts.OpCreateObject:
		k := ObjKey(o.Obj, o.Name)
		_, o.Existed = sc.objects[k]
		o.Noop = o.Existed && !o.OrReplace
		if !o.Existed {
			sc.objects[k] = r.s.Origin(o.Pos, "")
		}
	case facts.OpDropObject:
		org, ok := sc.objects[ObjKey(o.Obj, o.Name)]
		o.Existed = !ok || org.Mig != r.m
		sc.dropObject(o)
	case facts.OpRenameObject:
		k := ObjKey(o.Obj, o.Name)
		if org, ok := sc.objects[k]; ok {
			delete(sc.objects, k)
			sc.objects[ObjKey(o.Obj, o.NewName)] = org
		}
	case facts.OpAlterTableOther:
		if t != nil {
			t.Opaque = true
		}
	case facts.OpTouch:
		for _, w := range identifierWords(o.Name) {
			if tt := sc.tables[w]; tt != nil {
				tt.Opaque = true
			}
		}
	}
}

// dropObject removes a named object. Dropping a schema drops its tables,
// dropping a materialized view its indexes.
func (sc *schema) dropObject(o *facts.Op) {
	delete(sc.objects, ObjKey(o.Obj, o.Name))
	if o.Obj == facts.ObjMatView {
		for k, x := range sc.indexes {
			if x.Table == o.Name {
				delete(sc.indexes, k)
			}
		}
	}
	if o.Obj == facts.ObjSchema {
		for name, t := range sc.tables {
			if strings.HasPrefix(name, o.Name+".") {
				sc.dropTable(t)
			}
		}
	}
}

// identifierWords returns the lower-case words of procedural code, to
// find the tables it may touch.
func identifierWords(code string) []string {
	return strings.FieldsFunc(strings.ToLower(code), func(r rune) bool {
		return !(r == '_' || r == '.' || r >= 'a' && r <= 'z' || r >= '0' && r <= '9')
	})
}

func copyColumn(c *facts.Column) *facts.Column {
	if c == nil {
		return nil
	}
	cp := *c
	return &cp
}

func cloneConstraint(c *facts.Constraint) *facts.Constraint {
	cp := *c
	cp.Cols, cp.RefCols = slices.Clone(c.Cols), slices.Clone(c.RefCols)
	return &cp
}

func cloneIndex(x *facts.Index) *facts.Index {
	cp := *x
	cp.Cols = slices.Clone(x.Cols)
	return &cp
}

func cloneTable(t *facts.Table) *facts.Table {
	cp := *t
	cp.Cols = make([]*facts.Column, len(t.Cols))
	for i, c := range t.Cols {
		cp.Cols[i] = copyColumn(c)
	}
	cp.Cons = make([]*facts.Constraint, len(t.Cons))
	for i, c := range t.Cons {
		cp.Cons[i] = cloneConstraint(c)
	}
	return &cp
}

// tableAgain records a CREATE TABLE of a table the model already holds.
func (r *replayer) tableAgain(o *facts.Op, old *facts.Table) {
	if old.Opaque {
		return
	}
	nt := o.Tbl
	d := &Redef{Stmt: r.s, Pos: o.Pos, What: "table " + old.Name, Earlier: []facts.Origin{old.Origin},
		IfNotExists: o.IfExists, Fails: !o.IfExists, alive: r.tableAlive(old)}
	for _, c := range nt.Cols {
		oc := old.Column(c.Name)
		if oc == nil {
			if !old.Incomplete {
				d.Missing = append(d.Missing, "column "+c.Name)
			}
			continue
		}
		// Identical columns are covered by the table's own finding.
		if cd := r.compareColumn(old, oc, c, columnCons(nt, c.Name)); len(cd.Diffs) > 0 {
			cd.Pos = c.Origin.Pos
			cd.IfNotExists = o.IfExists
			r.redefs = append(r.redefs, cd)
		}
	}
	for _, c := range nt.Cons {
		if len(c.Cols) == 1 && nt.Column(c.Cols[0]) != nil && c.Kind != facts.ConPrimary {
			continue // written on the column: compared with it
		}
		if old.ConsUncertain {
			continue
		}
		oc := findConstraint(old, c)
		if oc == nil {
			d.Missing = append(d.Missing, c.Render())
			continue
		}
		if diffs := constraintDiffs(r.sc, oc, c); len(diffs) > 0 {
			r.redefs = append(r.redefs, &Redef{Stmt: r.s, Pos: c.Origin.Pos, What: c.Kind.String() + " " + c.Name + " on " + old.Name,
				Here: c.Render(), Earlier: []facts.Origin{oc.Origin}, Diffs: diffs, IfNotExists: o.IfExists})
		}
	}
	d.Here = "CREATE TABLE " + nt.Name
	r.redefs = append(r.redefs, d)
}

// columnCons returns the single-column constraints of t on column name.
func columnCons(t *facts.Table, name string) []*facts.Constraint {
	var out []*facts.Constraint
	for _, c := range t.Cons {
		if len(c.Cols) == 1 && c.Cols[0] == name && c.Kind != facts.ConPrimary {
			out = append(out, c)
		}
	}
	return out
}

// columnAgain records an ADD COLUMN of a column the table already has.
func (r *replayer) columnAgain(o *facts.Op, t *facts.Table, old *facts.Column) {
	var cons []*facts.Constraint
	for _, later := range r.s.Ops {
		if later.Kind == facts.OpAddConstraint && later.ViaColumn && later.Table == o.Table &&
			len(later.Con.Cols) == 1 && later.Con.Cols[0] == old.Name {
			cons = append(cons, later.Con)
		}
	}
	if d := r.compareColumn(t, old, o.Col, cons); d != nil {
		d.Pos = o.Pos
		d.IfNotExists, d.Fails = o.IfExists, !o.IfExists
		r.redefs = append(r.redefs, d)
	}
}

// compareColumn compares a column written again (with the constraints
// written on it) with the model's, returning the redefinition.
func (r *replayer) compareColumn(t *facts.Table, old, c *facts.Column, cons []*facts.Constraint) *Redef {
	d := &Redef{Stmt: r.s, What: "column " + t.Name + "." + old.Name, Earlier: []facts.Origin{old.Origin},
		Here: c.Render(), alive: r.tableAlive(t)}
	d.Diffs = columnDiffs(old, c)
	if !t.ConsUncertain {
		for _, nc := range cons {
			d.Here += " " + nc.RenderInline()
			oc := findConstraint(t, nc)
			if oc == nil {
				d.Diffs = append(d.Diffs, fmt.Sprintf("%s %s only here", nc.Kind, nc.Render()))
				continue
			}
			if diffs := constraintDiffs(r.sc, oc, nc); len(diffs) > 0 {
				d.Diffs = append(d.Diffs, diffs...)
				if !oc.Inline || oc.Origin.File != old.Origin.File {
					d.Earlier = append(d.Earlier, oc.Origin) // not shown with the column's own definition
				}
			}
		}
	}
	return d
}

func (r *replayer) tableAlive(t *facts.Table) func() bool {
	sc := r.sc
	return func() bool { return sc.tables[t.Name] == t }
}

// columnDiffs lists how two definitions of a column differ, comparing
// only what both readers knew.
func columnDiffs(old, c *facts.Column) []string {
	var diffs []string
	if old.Type != "" && c.Type != "" && !strings.EqualFold(old.Type, c.Type) {
		diffs = append(diffs, fmt.Sprintf("type %s here, %s earlier", c.Type, old.Type))
	}
	if old.Null != facts.NullUnknown && c.Null != facts.NullUnknown && old.Null != c.Null {
		diffs = append(diffs, fmt.Sprintf("%s here, %s earlier", nullWord(c.Null), nullWord(old.Null)))
	}
	if old.DefKnown && c.DefKnown && !sameDefault(old.Def, c.Def) {
		diffs = append(diffs, fmt.Sprintf("default %s here, %s earlier", orNone(c.Def), orNone(old.Def)))
	}
	return diffs
}

func nullWord(n facts.Nullness) string {
	if n == facts.NotNull {
		return "NOT NULL"
	}
	return "nullable"
}

func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}

// sameDefault compares canonical defaults, ignoring case outside quotes.
func sameDefault(a, b string) bool {
	return a == b || strings.EqualFold(a, b) && !strings.Contains(a, "'")
}

// findConstraint finds the model's constraint matching c: by name, or
// else one of the same kind on the same columns (for a check, with the
// same expression).
func findConstraint(t *facts.Table, c *facts.Constraint) *facts.Constraint {
	if c.Named {
		if oc := t.Constraint(c.Name); oc != nil {
			return oc
		}
	}
	for _, oc := range t.Cons {
		if oc.Kind != c.Kind {
			continue
		}
		switch c.Kind {
		case facts.ConPrimary:
			return oc
		case facts.ConCheck:
			if oc.Expr != "" && oc.Expr == c.Expr {
				return oc
			}
		default:
			if len(c.Cols) > 0 && sameColumns(oc.Cols, c.Cols) {
				return oc
			}
		}
	}
	if oc := t.Constraint(c.Name); oc != nil && oc.Kind == c.Kind {
		return oc
	}
	return nil
}

// constraintDiffs lists how two definitions of a constraint differ.
func constraintDiffs(sc *schema, old, c *facts.Constraint) []string {
	var diffs []string
	if old.Kind != c.Kind {
		return []string{fmt.Sprintf("%s here, %s earlier", c.Kind, old.Kind)}
	}
	if len(old.Cols) > 0 && len(c.Cols) > 0 && !sameColumns(old.Cols, c.Cols) {
		diffs = append(diffs, fmt.Sprintf("columns (%s) here, (%s) earlier", strings.Join(c.Cols, ", "), strings.Join(old.Cols, ", ")))
	}
	switch c.Kind {
	case facts.ConForeign:
		if old.RefTable != c.RefTable {
			diffs = append(diffs, fmt.Sprintf("references %s here, %s earlier", c.RefTable, old.RefTable))
		} else if a, b := sc.refColumns(old), sc.refColumns(c); a != nil && b != nil && !sameColumns(a, b) {
			diffs = append(diffs, fmt.Sprintf("references %s(%s) here, (%s) earlier", c.RefTable, strings.Join(b, ", "), strings.Join(a, ", ")))
		}
		if old.OnDelete != "" && c.OnDelete != "" && old.OnDelete != c.OnDelete {
			diffs = append(diffs, fmt.Sprintf("ON DELETE %s here, ON DELETE %s earlier", c.OnDelete, old.OnDelete))
		}
		if old.OnUpdate != "" && c.OnUpdate != "" && old.OnUpdate != c.OnUpdate {
			diffs = append(diffs, fmt.Sprintf("ON UPDATE %s here, ON UPDATE %s earlier", c.OnUpdate, old.OnUpdate))
		}
	case facts.ConCheck:
		if old.Expr != "" && c.Expr != "" && old.Expr != c.Expr {
			diffs = append(diffs, fmt.Sprintf("CHECK (%s) here, CHECK (%s) earlier", c.Expr, old.Expr))
		}
	}
	return diffs
}

// refColumns returns the columns a foreign key references: as written,
// or else the referenced table's primary key; nil when unknown.
func (sc *schema) refColumns(c *facts.Constraint) []string {
	if len(c.RefCols) > 0 {
		return c.RefCols
	}
	if t := sc.tables[c.RefTable]; t != nil {
		for _, pk := range t.Cons {
			if pk.Kind == facts.ConPrimary {
				return pk.Cols
			}
		}
	}
	return nil
}

// addConstraint applies ADD CONSTRAINT, or records it as a
// redefinition.
func (r *replayer) addConstraint(o *facts.Op, t *facts.Table) {
	c := o.Con
	if o.ViaColumn && r.addNoop {
		o.Noop = true // compared with its column in columnAgain
		return
	}
	if c.UsingIndex != "" {
		if x := r.sc.indexes[r.sc.indexKey(t.Name, facts.SchemaPrefix(t.Name)+c.UsingIndex)]; x != nil {
			c.Cols = slices.Clone(x.Cols)
			delete(r.sc.indexes, r.sc.indexKey(t.Name, x.Name))
		}
	}
	if !t.Opaque && !t.ConsUncertain {
		if oc := findConstraint(t, c); oc != nil {
			diffs := constraintDiffs(r.sc, oc, c)
			sameName := oc.Name == c.Name
			if sameName || c.Kind == facts.ConPrimary {
				o.Noop = true // fails: the name (or the primary key) is taken
			}
			d := &Redef{Stmt: r.s, Pos: o.Pos, What: c.Kind.String() + " " + c.Name + " on " + t.Name,
				Here: c.Render(), Earlier: []facts.Origin{oc.Origin}, Diffs: diffs, Fails: o.Noop, alive: r.constraintAlive(t, oc)}
			if !sameName {
				d.Other = oc.Kind.String() + " " + oc.Name
			}
			r.redefs = append(r.redefs, d)
			if o.Noop {
				return
			}
		}
	}
	c = cloneConstraint(c)
	c.Origin.Mig = r.m
	t.Cons = append(t.Cons, c)
}

func (r *replayer) constraintAlive(t *facts.Table, c *facts.Constraint) func() bool {
	sc := r.sc
	return func() bool { return sc.tables[t.Name] == t && slices.Contains(t.Cons, c) }
}

// createIndex applies CREATE INDEX, or records it as a redefinition.
func (r *replayer) createIndex(o *facts.Op, t *facts.Table) {
	sc := r.sc
	x := o.Idx
	key := sc.indexKey(x.Table, x.Name)
	if old := sc.indexes[key]; old != nil {
		o.Noop = true
		if old.Known && x.Known && (t == nil || !t.Opaque) {
			r.redefs = append(r.redefs, &Redef{Stmt: r.s, Pos: o.Pos, What: "index " + x.Name, Here: x.Render(),
				Earlier: []facts.Origin{old.Origin}, Diffs: indexDiffs(old, x), IfNotExists: o.IfExists, Fails: !o.IfExists, alive: r.indexAlive(key, old)})
		}
		return
	}
	if x.Known && !sc.indexesUncertain && (t == nil || !t.Opaque) {
		for k, old := range sc.indexes {
			if old.Table == x.Table && old.Known && len(indexDiffs(old, x)) == 0 {
				r.redefs = append(r.redefs, &Redef{Stmt: r.s, Pos: o.Pos, What: "index " + x.Name, Other: "index " + old.Name,
					Here: x.Render(), Earlier: []facts.Origin{old.Origin}, alive: r.indexAlive(k, old)})
				break
			}
		}
	}
	x = cloneIndex(x)
	x.Origin.Mig = r.m
	sc.indexes[key] = x
}

func (r *replayer) indexAlive(key string, x *facts.Index) func() bool {
	sc := r.sc
	return func() bool { return sc.indexes[key] == x }
}

// indexDiffs lists how two definitions of an index differ.
func indexDiffs(old, x *facts.Index) []string {
	var diffs []string
	if old.Table != x.Table {
		diffs = append(diffs, fmt.Sprintf("on %s here, on %s earlier", x.Table, old.Table))
	}
	if !slices.Equal(old.Cols, x.Cols) {
		diffs = append(diffs, fmt.Sprintf("columns (%s) here, (%s) earlier", strings.Join(x.Cols, ", "), strings.Join(old.Cols, ", ")))
	}
	if old.Unique != x.Unique {
		diffs = append(diffs, fmt.Sprintf("%s here, %s earlier", uniqueWord(x.Unique), uniqueWord(old.Unique)))
	}
	if old.Where != x.Where {
		diffs = append(diffs, fmt.Sprintf("WHERE %s here, WHERE %s earlier", orNone(x.Where), orNone(old.Where)))
	}
	if old.Method != x.Method {
		diffs = append(diffs, fmt.Sprintf("USING %s here, USING %s earlier", orDefault(x.Method), orDefault(old.Method)))
	}
	return diffs
}

func uniqueWord(u bool) string {
	if u {
		return "unique"
	}
	return "not unique"
}

func orDefault(s string) string {
	if s == "" {
		return "the default method"
	}
	return s
}

// rebuild is a table replaced by a new copy under the same name:
// SQLite's way to change a column (create a new table, copy the rows,
// drop the old one, rename the new one into place; or rename the old one
// out of the way first, then create, copy and drop). The rows survive, so
// the DROP and the RENAME in it are not destructive; columns the new copy
// lacks are. The steps may be spread over several migrations, as
// generated migrations do with one statement per file.
type Rebuild struct {
	Table string   // the name kept
	Lost  []string // columns of the old table the new one lacks; nil when unknown
}

// rebuildTracker follows the up sections' table drops, creates and
// renames across migrations to find rebuilds.
type rebuildTracker struct {
	seq     int                      // ops seen so far
	created map[*facts.Table]int     // when each table was created (op sequence)
	dropped map[string]pending       // a pre-existing table dropped, by its name
	renamed map[string]pending       // a pre-existing table renamed away, by its old name
	await   map[*facts.Table]pending // renamed away, new table created under the old name: the drop ends it
	found   map[*facts.Op]*Rebuild
}

// pending is a step of a rebuild in progress.
type pending struct {
	o    *facts.Op
	old  *facts.Table
	cols []string // the old table's columns then
	seq  int
	repl *facts.Table // the new copy, once known
}

func newRebuildTracker() *rebuildTracker {
	return &rebuildTracker{created: map[*facts.Table]int{}, dropped: map[string]pending{},
		renamed: map[string]pending{}, await: map[*facts.Table]pending{}, found: map[*facts.Op]*Rebuild{}}
}

func columnNames(t *facts.Table) []string {
	if t == nil || t.Incomplete {
		return nil
	}
	out := make([]string, len(t.Cols))
	for i, c := range t.Cols {
		out[i] = c.Name
	}
	return out
}

// step records one op, after the replay applied it.
func (rt *rebuildTracker) step(o *facts.Op) {
	rt.seq++
	switch o.Kind {
	case facts.OpCreateTable:
		if o.Noop || o.Temporary || o.Subject == nil {
			return
		}
		rt.created[o.Subject] = rt.seq
		delete(rt.dropped, o.Table) // the name went to a new, empty table
		if r, ok := rt.renamed[o.Table]; ok {
			delete(rt.renamed, o.Table)
			r.repl = o.Subject
			rt.await[r.old] = r
		}
	case facts.OpDropTable:
		t := o.Subject
		if t == nil {
			return
		}
		if r, ok := rt.await[t]; ok {
			delete(rt.await, t)
			rt.record(r.o, o, t.Name, r.cols, r.repl)
			return
		}
		if _, ok := rt.created[t]; ok || o.Existed {
			rt.dropped[o.Table] = pending{o: o, old: t, cols: columnNames(t), seq: rt.seq}
		}
	case facts.OpRenameTable:
		t := o.Subject
		if t == nil {
			return
		}
		if d, ok := rt.dropped[o.NewName]; ok {
			delete(rt.dropped, o.NewName)
			// A copy made before the old table was dropped, renamed
			// into its place.
			if at, ok := rt.created[t]; ok && at < d.seq && t != d.old {
				rt.record(d.o, o, o.NewName, d.cols, t)
				return
			}
		}
		rt.renamed[o.Table] = pending{o: o, old: t, cols: columnNames(t), seq: rt.seq}
	}
}

// record marks the two ops of a rebuild.
func (rt *rebuildTracker) record(a, b *facts.Op, name string, oldCols []string, repl *facts.Table) {
	rb := &Rebuild{Table: name}
	if oldCols != nil && repl != nil && !repl.Incomplete {
		rb.Lost = []string{}
		for _, c := range oldCols {
			if repl.Column(c) == nil {
				rb.Lost = append(rb.Lost, c)
			}
		}
	}
	rt.found[a], rt.found[b] = rb, rb
}

// hasNotNullCheck reports whether a validated check constraint proves
// that column col has no NULLs.
func hasNotNullCheck(t *facts.Table, col string) bool {
	for _, c := range t.Cons {
		if c.Kind == facts.ConCheck && !c.NotValid && (c.Expr == col+" IS NOT NULL" || c.Expr == "("+col+" IS NOT NULL)") {
			return true
		}
	}
	return false
}
