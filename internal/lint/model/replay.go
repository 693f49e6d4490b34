package model

import (
	"slices"
	"strings"

	"github.com/strata-db/strata/internal/lint/facts"
	"github.com/strata-db/strata/internal/sqlsplit"
)

// Redef is a definition a migration writes for an object the model
// already holds: S101 reports the identical ones, S102 the different
// ones.
type Redef struct {
	Stmt *facts.Stmt
	Pos  sqlsplit.Position
	What string // "table users", "column orders.user_id", …
	Here string // this definition, canonical
	// Earlier are the earlier definitions involved, the object's own
	// first.
	Earlier []facts.Origin
	Diffs   []string // what differs; empty when identical
	// Missing lists, for a table written again, what this definition has
	// that the table lacks: with IF NOT EXISTS they are never added.
	Missing []string
	// Other names the earlier object when this one has another name but
	// the same definition (a duplicate index or constraint).
	Other string
	// IfNotExists: the statement is a no-op because of IF NOT EXISTS
	// (without it, it fails).
	IfNotExists bool
	// Fails: without IF NOT EXISTS, the statement fails where the
	// earlier object exists.
	Fails bool
	// alive reports whether the earlier object still exists; one dropped
	// later in the same migration was being replaced, not duplicated.
	alive func() bool
}

// Replay applies the up sections to the schema model in version order,
// filling in the ops' facts and collecting redefinitions.
func Replay(d sqlsplit.Syntax, migs []*facts.Migration) (redefs []*Redef, rebuilds map[*facts.Op]*Rebuild) {
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
