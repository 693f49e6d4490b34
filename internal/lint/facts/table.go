package facts

// Table is a table in the model.
type Table struct {
	Name string
	Cols []*Column
	Cons []*Constraint
	// Incomplete: the table has columns the model does not know (LIKE,
	// INHERITS, CREATE TABLE AS).
	Incomplete bool
	// Opaque: a statement changed the table in a way the model could not
	// follow; duplicate and conflict checks leave it alone.
	Opaque bool
	// ConsUncertain: a constraint the model did not know was dropped, so
	// its constraint names no longer match the database's.
	ConsUncertain bool
	// Charset is a MySQL table's default character set, "" when the
	// migrations do not name it.
	Charset   string
	Origin    Origin
	CreatedIn *Migration
}

// Column returns the named column, or nil.
func (t *Table) Column(name string) *Column {
	for _, c := range t.Cols {
		if c.Name == name {
			return c
		}
	}
	return nil
}

// Constraint returns the named constraint, or nil.
func (t *Table) Constraint(name string) *Constraint {
	for _, c := range t.Cons {
		if c.Name == name {
			return c
		}
	}
	return nil
}
