package schema

import (
	"slices"
	"strconv"
	"strings"
)

// Kind says what happened to an object between two schemas.
type Kind string

// The kinds of change.
const (
	Added   Kind = "added"   // in the second schema only
	Removed Kind = "removed" // in the first schema only
	Changed Kind = "changed" // in both, with a different attribute
)

// Change is one difference between two schemas.
type Change struct {
	Kind Kind `json:"kind"`
	// Object is what changed: "schema", "extension", "type", "sequence",
	// "table", "column", "primary key", "unique", "check", "foreign key",
	// "index", "view", "materialized view", "function", "procedure",
	// "aggregate", "trigger".
	Object string `json:"object"`
	// Name is the object's name; a column, key, constraint, index or
	// trigger is named "table.name".
	Name string `json:"name"`
	// Attribute is what changed about an object that is in both schemas
	// ("type", "default", "on delete", "definition", a table's "column
	// order", …); "" for an added or removed object.
	Attribute string `json:"attribute,omitempty"`
	// From and To are the attribute's values in the first and the second
	// schema. For a removed object From describes it, for an added one To
	// does.
	From string `json:"from,omitempty"`
	To   string `json:"to,omitempty"`
}

// String is the change on one line, for people: `changed column
// users.email: type: text -> character varying(255)`.
func (c Change) String() string {
	var b strings.Builder
	b.WriteString(string(c.Kind))
	b.WriteByte(' ')
	b.WriteString(c.Object)
	b.WriteByte(' ')
	b.WriteString(c.Name)
	switch c.Kind {
	case Added:
		if c.To != "" {
			b.WriteString(": ")
			b.WriteString(oneLine(c.To))
		}
	case Removed:
		if c.From != "" {
			b.WriteString(": ")
			b.WriteString(oneLine(c.From))
		}
	default:
		b.WriteString(": ")
		b.WriteString(c.Attribute)
		b.WriteString(": ")
		b.WriteString(shown(c.From))
		b.WriteString(" -> ")
		b.WriteString(shown(c.To))
	}
	return b.String()
}

func shown(v string) string {
	if v == "" {
		return "(none)"
	}
	return oneLine(v)
}

// oneLine folds a multi-line value (a view definition as PostgreSQL
// prints it) onto one line.
func oneLine(v string) string {
	if !strings.ContainsAny(v, "\n\r\t") {
		return v
	}
	return strings.Join(strings.Fields(v), " ")
}

// Diff lists the differences between two schemas: what to has that from
// has not (added), what from has that to has not (removed), and every
// attribute that differs between objects of the same name (changed).
//
// The order is stable: by kind of object (schemas, extensions, types,
// sequences, tables, views, functions, triggers), then by name; a table's
// own changes come first, then its columns, primary key, unique, check and
// foreign key constraints and indexes, each by name. The same two schemas
// always give the same list. Two identical schemas give none.
func Diff(from, to *Schema) []Change {
	d := &differ{}
	d.schemas(from.Schemas, to.Schemas)
	diffByName(from.Extensions, to.Extensions, func(e *Extension) string { return e.Name }, d.extension)
	diffByName(from.Types, to.Types, func(t *Type) string { return t.Name }, d.typ)
	diffByName(from.Sequences, to.Sequences, func(s *Sequence) string { return s.Name }, d.sequence)
	diffByName(from.Tables, to.Tables, func(t *Table) string { return t.Name }, d.table)
	diffByName(from.Views, to.Views, func(v *View) string { return v.Name }, d.view)
	diffByName(from.Functions, to.Functions, (*Function).Signature, d.function)
	diffByName(from.Triggers, to.Triggers, func(t *Trigger) string { return t.Table + "." + t.Name }, d.trigger)
	return d.out
}

type differ struct{ out []Change }

func (d *differ) add(object, name, desc string) {
	d.out = append(d.out, Change{Kind: Added, Object: object, Name: name, To: desc})
}

func (d *differ) remove(object, name, desc string) {
	d.out = append(d.out, Change{Kind: Removed, Object: object, Name: name, From: desc})
}

// attr records a changed attribute when its values differ.
func (d *differ) attr(object, name, attribute, from, to string) {
	if from != to {
		d.out = append(d.out, Change{Kind: Changed, Object: object, Name: name, Attribute: attribute, From: from, To: to})
	}
}

func (d *differ) options(object, name string, from, to map[string]string) {
	keys := make([]string, 0, len(from)+len(to))
	for k := range from {
		keys = append(keys, k)
	}
	for k := range to {
		if _, ok := from[k]; !ok {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	for _, k := range keys {
		d.attr(object, name, k, from[k], to[k])
	}
}

// diffByName walks the union of two lists by identity, in name order, and
// hands each pair to f, with nil (the zero value) on the side where the
// object is missing. It is how every kind of object is matched.
func diffByName[T any](from, to []T, key func(T) string, f func(from, to T)) {
	fm := make(map[string]T, len(from))
	for _, x := range from {
		fm[key(x)] = x
	}
	tm := make(map[string]T, len(to))
	for _, x := range to {
		tm[key(x)] = x
	}
	names := make([]string, 0, len(fm)+len(tm))
	for k := range fm {
		names = append(names, k)
	}
	for k := range tm {
		if _, ok := fm[k]; !ok {
			names = append(names, k)
		}
	}
	slices.Sort(names)
	for _, n := range names {
		f(fm[n], tm[n])
	}
}

func (d *differ) schemas(from, to []string) {
	diffByName(from, to, func(s string) string { return s }, func(f, t string) {
		switch {
		case f == "":
			d.add("schema", t, "")
		case t == "":
			d.remove("schema", f, "")
		}
	})
}

func (d *differ) extension(f, t *Extension) {
	switch {
	case f == nil:
		d.add("extension", t.Name, describeExtension(t))
	case t == nil:
		d.remove("extension", f.Name, describeExtension(f))
	default:
		d.attr("extension", t.Name, "version", f.Version, t.Version)
		d.attr("extension", t.Name, "schema", f.Schema, t.Schema)
	}
}

func describeExtension(e *Extension) string {
	s := "version " + e.Version
	if e.Schema != "" {
		s += " in schema " + e.Schema
	}
	return s
}

func (d *differ) typ(f, t *Type) {
	switch {
	case f == nil:
		d.add("type", t.Name, describeType(t))
	case t == nil:
		d.remove("type", f.Name, describeType(f))
	default:
		d.attr("type", t.Name, "kind", f.Kind, t.Kind)
		d.attr("type", t.Name, "values", strings.Join(f.Values, ", "), strings.Join(t.Values, ", "))
		d.attr("type", t.Name, "definition", f.Definition, t.Definition)
	}
}

func describeType(t *Type) string {
	s := t.Kind
	if len(t.Values) > 0 {
		s += " (" + strings.Join(t.Values, ", ") + ")"
	}
	if t.Definition != "" {
		s += " " + t.Definition
	}
	return s
}

func (d *differ) sequence(f, t *Sequence) {
	switch {
	case f == nil:
		d.add("sequence", t.Name, describeSequence(t))
	case t == nil:
		d.remove("sequence", f.Name, describeSequence(f))
	default:
		n := t.Name
		i := strconv.FormatInt
		d.attr("sequence", n, "type", f.Type, t.Type)
		d.attr("sequence", n, "start", i(f.Start, 10), i(t.Start, 10))
		d.attr("sequence", n, "increment", i(f.Increment, 10), i(t.Increment, 10))
		d.attr("sequence", n, "min", i(f.Min, 10), i(t.Min, 10))
		d.attr("sequence", n, "max", i(f.Max, 10), i(t.Max, 10))
		d.attr("sequence", n, "cache", i(f.Cache, 10), i(t.Cache, 10))
		d.attr("sequence", n, "cycle", strconv.FormatBool(f.Cycle), strconv.FormatBool(t.Cycle))
		d.attr("sequence", n, "owned by", f.OwnedBy, t.OwnedBy)
	}
}

func describeSequence(s *Sequence) string {
	var b strings.Builder
	if s.Type != "" {
		b.WriteString(s.Type + " ")
	}
	b.WriteString("START " + strconv.FormatInt(s.Start, 10))
	b.WriteString(" INCREMENT " + strconv.FormatInt(s.Increment, 10))
	if s.Cycle {
		b.WriteString(" CYCLE")
	}
	if s.OwnedBy != "" {
		b.WriteString(" OWNED BY " + s.OwnedBy)
	}
	return b.String()
}

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

func viewObject(v *View) string {
	if v.Materialized {
		return "materialized view"
	}
	return "view"
}

func (d *differ) view(f, t *View) {
	switch {
	case f == nil:
		d.add(viewObject(t), t.Name, t.Definition)
	case t == nil:
		d.remove(viewObject(f), f.Name, f.Definition)
	default:
		o := viewObject(t)
		d.attr(o, t.Name, "materialized", strconv.FormatBool(f.Materialized), strconv.FormatBool(t.Materialized))
		d.attr(o, t.Name, "definition", f.Definition, t.Definition)
		d.options(o, t.Name, f.Options, t.Options)
		d.indexes(t.Name, f.Indexes, t.Indexes)
	}
}

func (d *differ) function(f, t *Function) {
	switch {
	case f == nil:
		d.add(t.Kind, t.Signature(), describeFunction(t))
	case t == nil:
		d.remove(f.Kind, f.Signature(), describeFunction(f))
	default:
		n := t.Signature()
		d.attr(t.Kind, n, "kind", f.Kind, t.Kind)
		d.attr(t.Kind, n, "returns", f.Returns, t.Returns)
		d.attr(t.Kind, n, "language", f.Language, t.Language)
		d.attr(t.Kind, n, "body", f.BodyHash, t.BodyHash)
		d.options(t.Kind, n, f.Options, t.Options)
	}
}

func describeFunction(f *Function) string {
	var parts []string
	if f.Returns != "" {
		parts = append(parts, "RETURNS "+f.Returns)
	}
	if f.Language != "" {
		parts = append(parts, "LANGUAGE "+f.Language)
	}
	if f.BodyHash != "" {
		parts = append(parts, "body "+f.BodyHash)
	}
	return strings.Join(parts, " ")
}

func (d *differ) trigger(f, t *Trigger) {
	switch {
	case f == nil:
		d.add("trigger", t.Table+"."+t.Name, t.Definition)
	case t == nil:
		d.remove("trigger", f.Table+"."+f.Name, f.Definition)
	default:
		n := t.Table + "." + t.Name
		d.attr("trigger", n, "definition", f.Definition, t.Definition)
		d.attr("trigger", n, "disabled", strconv.FormatBool(f.Disabled), strconv.FormatBool(t.Disabled))
		d.attr("trigger", n, "fires", f.Fires, t.Fires)
	}
}
