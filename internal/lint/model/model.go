package model

import (
	"slices"
	"strings"

	"github.com/strata-db/strata/internal/lint/facts"
	"github.com/strata-db/strata/internal/sqlsplit"
)

// The schema model: tables with their columns and constraints, indexes,
// and the other objects by name, as the up sections build them in
// version order. It needs no database: each statement's ops (internal/lint/facts) are
// applied to it. It knows only what the migrations say, so a table it
// has never seen was made outside them (by hand, by an extension, before
// a baseline), and an object a statement changes in ways the readers
// cannot follow is marked opaque and left out of the cross-migration
// checks from then on.

// schema is the model.
type schema struct {
	dialect sqlsplit.Syntax
	tables  map[string]*facts.Table
	indexes map[string]*facts.Index
	objects map[string]facts.Origin // key: objKind + ":" + name
	// indexesUncertain: an index the model did not know was dropped, so
	// its idea of which indexes exist can no longer be trusted for
	// finding duplicates under other names.
	indexesUncertain bool
}

func newSchema(d sqlsplit.Syntax) *schema {
	return &schema{dialect: d, tables: map[string]*facts.Table{}, indexes: map[string]*facts.Index{}, objects: map[string]facts.Origin{}}
}

// indexKey is where an index lives in the model.
func (sc *schema) indexKey(tableName, name string) string {
	return IndexKeyOf(sc.dialect, tableName, name)
}

// IndexKeyOf names an index uniquely: MySQL index names are per table,
// the others' per schema.
func IndexKeyOf(d sqlsplit.Syntax, tableName, name string) string {
	if d == sqlsplit.MySQL {
		return tableName + "." + name
	}
	return name
}

// ObjKey is where an object other than a table or index lives in the
// model: its kind and name.
func ObjKey(k facts.ObjKind, name string) string {
	return k.String() + ":" + name
}

// dropTable removes a table and everything that depends on it: its
// indexes and triggers, and the foreign keys of other tables that
// reference it (which PostgreSQL drops with CASCADE and which otherwise
// make the DROP fail, so that either way they are gone afterwards).
func (sc *schema) dropTable(t *facts.Table) {
	delete(sc.tables, t.Name)
	for k, x := range sc.indexes {
		if x.Table == t.Name {
			delete(sc.indexes, k)
		}
	}
	prefix := ObjKey(facts.ObjTrigger, t.Name+".")
	for k := range sc.objects {
		if strings.HasPrefix(k, prefix) {
			delete(sc.objects, k)
		}
	}
	for _, other := range sc.tables {
		other.Cons = slices.DeleteFunc(other.Cons, func(c *facts.Constraint) bool {
			return c.Kind == facts.ConForeign && c.RefTable == t.Name
		})
	}
}

// renameTable moves a table to a new name, with what refers to it.
func (sc *schema) renameTable(t *facts.Table, to string) {
	from := t.Name
	delete(sc.tables, from)
	t.Name = to
	sc.tables[to] = t
	for k, x := range sc.indexes {
		if x.Table == from {
			x.Table = to
			if sc.dialect == sqlsplit.MySQL {
				delete(sc.indexes, k)
				sc.indexes[sc.indexKey(to, x.Name)] = x
			}
		}
	}
	for _, other := range sc.tables {
		for _, c := range other.Cons {
			if c.Kind == facts.ConForeign && c.RefTable == from {
				c.RefTable = to
			}
		}
	}
}

// dropColumn removes a column with the constraints and indexes that use
// it, as the databases do.
func (sc *schema) dropColumn(t *facts.Table, name string) {
	t.Cols = slices.DeleteFunc(t.Cols, func(c *facts.Column) bool { return c.Name == name })
	t.Cons = slices.DeleteFunc(t.Cons, func(c *facts.Constraint) bool { return slices.Contains(c.Cols, name) })
	for k, x := range sc.indexes {
		if x.Table == t.Name && slices.Contains(x.Cols, name) {
			delete(sc.indexes, k)
		}
	}
	for _, other := range sc.tables {
		other.Cons = slices.DeleteFunc(other.Cons, func(c *facts.Constraint) bool {
			return c.Kind == facts.ConForeign && c.RefTable == t.Name && slices.Contains(c.RefCols, name)
		})
	}
}

// renameColumn renames a column everywhere it is named.
func (sc *schema) renameColumn(t *facts.Table, from, to string) {
	if c := t.Column(from); c != nil {
		c.Name = to
	}
	rename := func(list []string) {
		for i, s := range list {
			if s == from {
				list[i] = to
			}
		}
	}
	for _, c := range t.Cons {
		rename(c.Cols)
	}
	for _, x := range sc.indexes {
		if x.Table == t.Name {
			rename(x.Cols)
		}
	}
	for _, other := range sc.tables {
		for _, c := range other.Cons {
			if c.Kind == facts.ConForeign && c.RefTable == t.Name {
				rename(c.RefCols)
			}
		}
	}
}

// sameColumns reports whether two column lists are equal.
func sameColumns(a, b []string) bool {
	return slices.Equal(a, b)
}
