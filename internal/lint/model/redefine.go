package model

import (
	"fmt"
	"slices"
	"strings"

	"github.com/strata-db/strata/internal/lint/facts"
)

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
