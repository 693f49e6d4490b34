package dialect

import "context"

// TableFinder is implemented by the dialects that can find strata's
// tables by their shape where their configured names do not lead: under
// another name (a typo in --history-table), or, on PostgreSQL, in another
// schema than the one a changed search_path now resolves the names to.
// Taking a missing history table for a new database would run every
// migration again.
type TableFinder interface {
	// FindTables lists the tables that have every column of cols (lower
	// case): those of schema ("" for the one unqualified names resolve
	// to) on MySQL and SQLite, those of every schema of the database
	// that the session can see on PostgreSQL.
	FindTables(ctx context.Context, q Querier, schema string, cols []string) (*Found, error)
}

// Found is what FindTables found.
type Found struct {
	// Current is the schema unqualified names resolve to:
	// current_schema() on PostgreSQL ("" when the search path names no
	// schema that exists), DATABASE() on MySQL, "main" on SQLite.
	Current string
	// PathFixed reports that the session's search path came from the
	// connection itself (a search_path in the URL, PGOPTIONS), so that no
	// default of the database or role moves the names elsewhere
	// (PostgreSQL; always false elsewhere).
	PathFixed bool
	// Tables are the tables found.
	Tables []TableName
}

// TableName is a table with its schema (or database).
type TableName struct {
	Schema, Name string
}

// String returns schema.name.
func (t TableName) String() string { return t.Schema + "." + t.Name }
