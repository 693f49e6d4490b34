package schema

import (
	"slices"
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
