package lint

// table is a table in the model.
type table struct {
	name string
	cols []*column
	cons []*constraint
	// incomplete: the table has columns the model does not know (LIKE,
	// INHERITS, CREATE TABLE AS).
	incomplete bool
	// opaque: a statement changed the table in a way the model could not
	// follow; duplicate and conflict checks leave it alone.
	opaque bool
	// consUncertain: a constraint the model did not know was dropped, so
	// its constraint names no longer match the database's.
	consUncertain bool
	// charset is a MySQL table's default character set, "" when the
	// migrations do not name it.
	charset   string
	origin    origin
	createdIn *migration
}

// column returns the named column, or nil.
func (t *table) column(name string) *column {
	for _, c := range t.cols {
		if c.name == name {
			return c
		}
	}
	return nil
}

// constraint returns the named constraint, or nil.
func (t *table) constraint(name string) *constraint {
	for _, c := range t.cons {
		if c.name == name {
			return c
		}
	}
	return nil
}
