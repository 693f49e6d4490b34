package schema

import (
	"strconv"
	"strings"
)

func (d *differ) table(f, t *Table) {
	switch {
	case f == nil:
		d.add("table", t.Name, describeTable(t))
		return
	case t == nil:
		d.remove("table", f.Name, describeTable(f))
		return
	}
	n := t.Name
	d.options("table", n, f.Options, t.Options)
	d.attr("table", n, "column order", columnOrder(f, t), columnOrder(t, f))
	diffByName(f.Columns, t.Columns, func(c *Column) string { return c.Name }, func(fc, tc *Column) {
		switch {
		case fc == nil:
			d.add("column", n+"."+tc.Name, describeColumn(tc))
		case tc == nil:
			d.remove("column", n+"."+fc.Name, describeColumn(fc))
		default:
			cn := n + "." + tc.Name
			d.attr("column", cn, "type", fc.Type, tc.Type)
			d.attr("column", cn, "nullability", nullability(fc.Nullable), nullability(tc.Nullable))
			d.attr("column", cn, "default", fc.Default, tc.Default)
			d.attr("column", cn, "identity", fc.Identity, tc.Identity)
			d.attr("column", cn, "identity options", fc.IdentityOptions, tc.IdentityOptions)
			d.attr("column", cn, "generated", fc.Generated, tc.Generated)
			d.attr("column", cn, "collation", fc.Collation, tc.Collation)
			d.attr("column", cn, "on update", fc.OnUpdate, tc.OnUpdate)
		}
	})
	d.primaryKey(n, f.PrimaryKey, t.PrimaryKey)
	diffByName(f.Uniques, t.Uniques, (*Unique).key, func(fu, tu *Unique) {
		switch {
		case fu == nil:
			d.add("unique", n+"."+tu.key(), describeUnique(tu))
		case tu == nil:
			d.remove("unique", n+"."+fu.key(), describeUnique(fu))
		default:
			un := n + "." + tu.key()
			d.attr("unique", un, "columns", strings.Join(fu.Columns, ", "), strings.Join(tu.Columns, ", "))
			d.attr("unique", un, "deferrable", fu.Deferrable, tu.Deferrable)
			d.attr("unique", un, "nulls not distinct", strconv.FormatBool(fu.NullsNotDistinct), strconv.FormatBool(tu.NullsNotDistinct))
		}
	})
	diffByName(f.Checks, t.Checks, (*Check).key, func(fc, tc *Check) {
		switch {
		case fc == nil:
			d.add("check", n+"."+tc.key(), tc.Expr+notValid(tc.NotValid))
		case tc == nil:
			d.remove("check", n+"."+fc.key(), fc.Expr+notValid(fc.NotValid))
		default:
			d.attr("check", n+"."+tc.key(), "expression", fc.Expr, tc.Expr)
			d.attr("check", n+"."+tc.key(), "validated", strconv.FormatBool(!fc.NotValid), strconv.FormatBool(!tc.NotValid))
		}
	})
	diffByName(f.ForeignKeys, t.ForeignKeys, (*ForeignKey).key, func(ff, tf *ForeignKey) {
		switch {
		case ff == nil:
			d.add("foreign key", n+"."+tf.key(), describeForeignKey(tf))
		case tf == nil:
			d.remove("foreign key", n+"."+ff.key(), describeForeignKey(ff))
		default:
			fn := n + "." + tf.key()
			d.attr("foreign key", fn, "columns", strings.Join(ff.Columns, ", "), strings.Join(tf.Columns, ", "))
			d.attr("foreign key", fn, "references", references(ff), references(tf))
			d.attr("foreign key", fn, "on delete", ff.OnDelete, tf.OnDelete)
			d.attr("foreign key", fn, "on update", ff.OnUpdate, tf.OnUpdate)
			d.attr("foreign key", fn, "deferrable", ff.Deferrable, tf.Deferrable)
			d.attr("foreign key", fn, "match", ff.Match, tf.Match)
			d.attr("foreign key", fn, "validated", strconv.FormatBool(!ff.NotValid), strconv.FormatBool(!tf.NotValid))
		}
	})
	d.indexes(n, f.Indexes, t.Indexes)
}

// columnOrder lists the columns of a that b has too, in a's order: a
// column dropped and added again comes last, which SELECT * and INSERT
// without a column list notice, while columns only one side has are
// reported on their own.
func columnOrder(a, b *Table) string {
	var names []string
	for _, c := range a.Columns {
		if b.Column(c.Name) != nil {
			names = append(names, c.Name)
		}
	}
	return strings.Join(names, ", ")
}

func describeTable(t *Table) string {
	names := make([]string, len(t.Columns))
	for i, c := range t.Columns {
		names[i] = c.Name
	}
	return "(" + strings.Join(names, ", ") + ")"
}

func nullability(nullable bool) string {
	if nullable {
		return "NULL"
	}
	return "NOT NULL"
}

func describeColumn(c *Column) string {
	parts := []string{c.Type}
	if !c.Nullable {
		parts = append(parts, "NOT NULL")
	}
	if c.Default != "" {
		parts = append(parts, "DEFAULT "+c.Default)
	}
	if c.Identity != "" {
		parts = append(parts, "IDENTITY "+c.Identity)
	}
	if c.IdentityOptions != "" {
		parts = append(parts, "("+c.IdentityOptions+")")
	}
	if c.Generated != "" {
		parts = append(parts, "GENERATED "+c.Generated)
	}
	if c.Collation != "" {
		parts = append(parts, "COLLATE "+c.Collation)
	}
	if c.OnUpdate != "" {
		parts = append(parts, "ON UPDATE "+c.OnUpdate)
	}
	return strings.Join(parts, " ")
}

func (d *differ) primaryKey(table string, f, t *PrimaryKey) {
	name := table + ".primary key"
	switch {
	case f == nil && t == nil:
	case f == nil:
		d.add("primary key", name, describePrimaryKey(t))
	case t == nil:
		d.remove("primary key", name, describePrimaryKey(f))
	default:
		d.attr("primary key", name, "name", f.Name, t.Name)
		d.attr("primary key", name, "columns", strings.Join(f.Columns, ", "), strings.Join(t.Columns, ", "))
		d.attr("primary key", name, "deferrable", f.Deferrable, t.Deferrable)
	}
}

func describePrimaryKey(p *PrimaryKey) string {
	s := "(" + strings.Join(p.Columns, ", ") + ")"
	if p.Name != "" {
		s = p.Name + " " + s
	}
	if p.Deferrable != "" {
		s += " " + p.Deferrable
	}
	return s
}

func describeUnique(u *Unique) string {
	s := "(" + strings.Join(u.Columns, ", ") + ")"
	if u.NullsNotDistinct {
		s = "NULLS NOT DISTINCT " + s
	}
	if u.Deferrable != "" {
		s += " " + u.Deferrable
	}
	return s
}

// notValid is what a description adds for a constraint not validated.
func notValid(nv bool) string {
	if nv {
		return " NOT VALID"
	}
	return ""
}

func references(f *ForeignKey) string {
	return f.RefTable + " (" + strings.Join(f.RefColumns, ", ") + ")"
}

func describeForeignKey(f *ForeignKey) string {
	s := "(" + strings.Join(f.Columns, ", ") + ") REFERENCES " + references(f) + " ON DELETE " + f.OnDelete + " ON UPDATE " + f.OnUpdate
	if f.Match != "" {
		s += " MATCH " + f.Match
	}
	if f.Deferrable != "" {
		s += " " + f.Deferrable
	}
	return s + notValid(f.NotValid)
}

func (d *differ) indexes(parent string, from, to []*Index) {
	diffByName(from, to, func(i *Index) string { return i.Name }, func(fi, ti *Index) {
		switch {
		case fi == nil:
			d.add("index", parent+"."+ti.Name, describeIndex(ti))
		case ti == nil:
			d.remove("index", parent+"."+fi.Name, describeIndex(fi))
		default:
			n := parent + "." + ti.Name
			d.attr("index", n, "unique", strconv.FormatBool(fi.Unique), strconv.FormatBool(ti.Unique))
			d.attr("index", n, "method", fi.Method, ti.Method)
			d.attr("index", n, "columns", strings.Join(fi.Columns, ", "), strings.Join(ti.Columns, ", "))
			d.attr("index", n, "include", strings.Join(fi.Include, ", "), strings.Join(ti.Include, ", "))
			d.attr("index", n, "where", fi.Where, ti.Where)
			d.attr("index", n, "nulls not distinct", strconv.FormatBool(fi.NullsNotDistinct), strconv.FormatBool(ti.NullsNotDistinct))
			d.attr("index", n, "valid", strconv.FormatBool(!fi.Invalid), strconv.FormatBool(!ti.Invalid))
			d.attr("index", n, "visible", strconv.FormatBool(!fi.Invisible), strconv.FormatBool(!ti.Invisible))
		}
	})
}

func describeIndex(i *Index) string {
	var b strings.Builder
	if i.Unique {
		b.WriteString("UNIQUE ")
	}
	if i.Method != "" {
		b.WriteString(i.Method + " ")
	}
	b.WriteString("(" + strings.Join(i.Columns, ", ") + ")")
	if len(i.Include) > 0 {
		b.WriteString(" INCLUDE (" + strings.Join(i.Include, ", ") + ")")
	}
	if i.NullsNotDistinct {
		b.WriteString(" NULLS NOT DISTINCT")
	}
	if i.Where != "" {
		b.WriteString(" WHERE " + i.Where)
	}
	if i.Invalid {
		b.WriteString(" INVALID")
	}
	if i.Invisible {
		b.WriteString(" INVISIBLE")
	}
	return b.String()
}
