package lint

import (
	"slices"
	"strings"

	"github.com/strata-db/strata/internal/sqlsplit"
)

// The schema model: tables with their columns and constraints, indexes,
// and the other objects by name, as the up sections build them in
// version order. It needs no database: each statement's ops (ops.go) are
// applied to it. It knows only what the migrations say, so a table it
// has never seen was made outside them (by hand, by an extension, before
// a baseline), and an object a statement changes in ways the readers
// cannot follow is marked opaque and left out of the cross-migration
// checks from then on.

// schema is the model.
type schema struct {
	dialect sqlsplit.Dialect
	tables  map[string]*table
	indexes map[string]*index
	objects map[string]origin // key: objKind + ":" + name
	// indexesUncertain: an index the model did not know was dropped, so
	// its idea of which indexes exist can no longer be trusted for
	// finding duplicates under other names.
	indexesUncertain bool
}

func newSchema(d sqlsplit.Dialect) *schema {
	return &schema{dialect: d, tables: map[string]*table{}, indexes: map[string]*index{}, objects: map[string]origin{}}
}

// indexKey is where an index lives in the model.
func (sc *schema) indexKey(tableName, name string) string {
	return indexKeyOf(sc.dialect, tableName, name)
}

// indexKeyOf names an index uniquely: MySQL index names are per table,
// the others' per schema.
func indexKeyOf(d sqlsplit.Dialect, tableName, name string) string {
	if d == sqlsplit.MySQL {
		return tableName + "." + name
	}
	return name
}

func objKey(k objKind, name string) string {
	return k.String() + ":" + name
}

// dropTable removes a table and everything that depends on it: its
// indexes and triggers, and the foreign keys of other tables that
// reference it (which PostgreSQL drops with CASCADE and which otherwise
// make the DROP fail, so that either way they are gone afterwards).
func (sc *schema) dropTable(t *table) {
	delete(sc.tables, t.name)
	for k, x := range sc.indexes {
		if x.table == t.name {
			delete(sc.indexes, k)
		}
	}
	prefix := objKey(objTrigger, t.name+".")
	for k := range sc.objects {
		if strings.HasPrefix(k, prefix) {
			delete(sc.objects, k)
		}
	}
	for _, other := range sc.tables {
		other.cons = slices.DeleteFunc(other.cons, func(c *constraint) bool {
			return c.kind == conForeign && c.refTable == t.name
		})
	}
}

// renameTable moves a table to a new name, with what refers to it.
func (sc *schema) renameTable(t *table, to string) {
	from := t.name
	delete(sc.tables, from)
	t.name = to
	sc.tables[to] = t
	for k, x := range sc.indexes {
		if x.table == from {
			x.table = to
			if sc.dialect == sqlsplit.MySQL {
				delete(sc.indexes, k)
				sc.indexes[sc.indexKey(to, x.name)] = x
			}
		}
	}
	for _, other := range sc.tables {
		for _, c := range other.cons {
			if c.kind == conForeign && c.refTable == from {
				c.refTable = to
			}
		}
	}
}

// dropColumn removes a column with the constraints and indexes that use
// it, as the databases do.
func (sc *schema) dropColumn(t *table, name string) {
	t.cols = slices.DeleteFunc(t.cols, func(c *column) bool { return c.name == name })
	t.cons = slices.DeleteFunc(t.cons, func(c *constraint) bool { return slices.Contains(c.cols, name) })
	for k, x := range sc.indexes {
		if x.table == t.name && slices.Contains(x.cols, name) {
			delete(sc.indexes, k)
		}
	}
	for _, other := range sc.tables {
		other.cons = slices.DeleteFunc(other.cons, func(c *constraint) bool {
			return c.kind == conForeign && c.refTable == t.name && slices.Contains(c.refCols, name)
		})
	}
}

// renameColumn renames a column everywhere it is named.
func (sc *schema) renameColumn(t *table, from, to string) {
	if c := t.column(from); c != nil {
		c.name = to
	}
	rename := func(list []string) {
		for i, s := range list {
			if s == from {
				list[i] = to
			}
		}
	}
	for _, c := range t.cons {
		rename(c.cols)
	}
	for _, x := range sc.indexes {
		if x.table == t.name {
			rename(x.cols)
		}
	}
	for _, other := range sc.tables {
		for _, c := range other.cons {
			if c.kind == conForeign && c.refTable == t.name {
				rename(c.refCols)
			}
		}
	}
}

// sameColumns reports whether two column lists are equal.
func sameColumns(a, b []string) bool {
	return slices.Equal(a, b)
}
