package strata

import "github.com/strata-db/strata/internal/schema"

// The schema model, as Inspect returns it and Diff compares it. Values are
// kept as the server prints them (types, defaults, expressions, view
// definitions); objects of the default schema carry no schema name, and no
// name carries the database's. Objects elsewhere are named "schema.name".

// Schema is the schema of one database.
type Schema struct {
	// Dialect is "postgres", "mysql" or "sqlite".
	Dialect string `json:"dialect"`
	// Server is the server's product and version, for reports. It is never
	// compared.
	Server string `json:"server,omitempty"`
	// Schemas are the namespaces of the database other than the default
	// one (PostgreSQL only).
	Schemas    []string     `json:"schemas,omitempty"`
	Extensions []*Extension `json:"extensions,omitempty"`
	Types      []*UserType  `json:"types,omitempty"`
	Sequences  []*Sequence  `json:"sequences,omitempty"`
	Tables     []*Table     `json:"tables,omitempty"`
	Views      []*View      `json:"views,omitempty"`
	Functions  []*Function  `json:"functions,omitempty"`
	Triggers   []*Trigger   `json:"triggers,omitempty"`
}

// Table is a table with everything that belongs to it.
type Table struct {
	Name    string    `json:"name"`
	Columns []*Column `json:"columns"` // in table order
	// PrimaryKey is nil when the table has none.
	PrimaryKey  *PrimaryKey   `json:"primary_key,omitempty"`
	Uniques     []*Unique     `json:"uniques,omitempty"`
	Checks      []*Check      `json:"checks,omitempty"`
	ForeignKeys []*ForeignKey `json:"foreign_keys,omitempty"`
	// Indexes are the indexes that are not the implementation of a primary
	// key or unique constraint listed above.
	Indexes []*Index `json:"indexes,omitempty"`
	// Options are dialect-specific settings: "engine" and "collation" on
	// MySQL; "unlogged", "partition by", "row level security", "replica
	// identity" and each row security policy ("policy NAME") on
	// PostgreSQL; "without rowid" and "strict" on SQLite.
	Options map[string]string `json:"options,omitempty"`
}

// Column is one column of a table.
type Column struct {
	Name     string `json:"name"`
	Type     string `json:"type"`
	Nullable bool   `json:"nullable"`
	// Default is the default expression as the server prints it; "" when
	// the column has none.
	Default string `json:"default,omitempty"`
	// Identity is how the database numbers the column: "ALWAYS" or "BY
	// DEFAULT" (PostgreSQL identity columns), "AUTO_INCREMENT" (MySQL),
	// "AUTOINCREMENT" (SQLite); "" when it does not.
	Identity string `json:"identity,omitempty"`
	// Generated is the expression of a generated column followed by
	// STORED or VIRTUAL; "" for an ordinary column.
	Generated string `json:"generated,omitempty"`
	// Collation is the column's collation where it is not simply that of
	// its type (PostgreSQL, SQLite), or the collation of a text column
	// (MySQL, where every text column has one).
	Collation string `json:"collation,omitempty"`
	// OnUpdate is MySQL's ON UPDATE expression.
	OnUpdate string `json:"on_update,omitempty"`
	// IdentityOptions are the options of a PostgreSQL identity column's
	// sequence that differ from the defaults for its type ("INCREMENT 5
	// CACHE 10"); "" when all are the defaults.
	IdentityOptions string `json:"identity_options,omitempty"`
}

// PrimaryKey is a table's primary key.
type PrimaryKey struct {
	// Name is the constraint's name; "" where the database keeps none
	// (SQLite, and MySQL, where it is always PRIMARY).
	Name       string   `json:"name,omitempty"`
	Columns    []string `json:"columns"`
	Deferrable string   `json:"deferrable,omitempty"` // see ForeignKey.Deferrable
}

// Unique is a unique constraint.
type Unique struct {
	Name       string   `json:"name,omitempty"` // "" where the database keeps none (SQLite)
	Columns    []string `json:"columns"`
	Deferrable string   `json:"deferrable,omitempty"` // see ForeignKey.Deferrable
	// NullsNotDistinct is PostgreSQL 15's NULLS NOT DISTINCT: two NULLs
	// count as duplicates.
	NullsNotDistinct bool `json:"nulls_not_distinct,omitempty"`
}

// Check is a check constraint (on PostgreSQL also an exclusion
// constraint).
type Check struct {
	Name string `json:"name,omitempty"` // "" where the database keeps none (SQLite)
	// Expr is the constraint as the server prints it, without NOT VALID.
	Expr string `json:"expr"`
	// NotValid is true for a PostgreSQL constraint added NOT VALID and not
	// validated since: rows from before it may break it.
	NotValid bool `json:"not_valid,omitempty"`
}

// ForeignKey is a foreign key constraint.
type ForeignKey struct {
	Name       string   `json:"name,omitempty"` // "" where the database keeps none (SQLite)
	Columns    []string `json:"columns"`
	RefTable   string   `json:"ref_table"`
	RefColumns []string `json:"ref_columns"`
	// OnDelete and OnUpdate are "NO ACTION", "RESTRICT", "CASCADE", "SET
	// NULL" or "SET DEFAULT".
	OnDelete string `json:"on_delete"`
	OnUpdate string `json:"on_update"`
	// Deferrable is "", "DEFERRABLE INITIALLY IMMEDIATE" or "DEFERRABLE
	// INITIALLY DEFERRED".
	Deferrable string `json:"deferrable,omitempty"`
	// Match is "FULL" or "PARTIAL"; "" for the default, MATCH SIMPLE.
	Match string `json:"match,omitempty"`
	// NotValid is true for a PostgreSQL foreign key added NOT VALID and not
	// validated since (ALTER TABLE … VALIDATE CONSTRAINT).
	NotValid bool `json:"not_valid,omitempty"`
}

// Index is an index.
type Index struct {
	Name string `json:"name"`
	// Columns are the key parts in order: a column name or an expression,
	// followed by what the server prints about it (a collation, an
	// operator class, DESC, a prefix length).
	Columns []string `json:"columns"`
	// Include are the non-key columns of a covering index.
	Include []string `json:"include,omitempty"`
	Unique  bool     `json:"unique,omitempty"`
	// Method is the access method ("btree", "gin", "FULLTEXT", …); "" where
	// the database has one kind only (SQLite).
	Method string `json:"method,omitempty"`
	// Where is the predicate of a partial index.
	Where string `json:"where,omitempty"`
	// NullsNotDistinct: see Unique.NullsNotDistinct.
	NullsNotDistinct bool `json:"nulls_not_distinct,omitempty"`
	// Invalid is true for a PostgreSQL index that is not valid, as a
	// failed CREATE INDEX CONCURRENTLY leaves it: queries do not use it
	// (a unique one still refuses duplicates).
	Invalid bool `json:"invalid,omitempty"`
	// Invisible is true for an index the optimizer is told to ignore
	// (MySQL INVISIBLE, MariaDB IGNORED).
	Invisible bool `json:"invisible,omitempty"`
}

// View is a view or a materialized view.
type View struct {
	Name         string `json:"name"`
	Materialized bool   `json:"materialized,omitempty"`
	// Definition is the query as the server prints it.
	Definition string `json:"definition"`
	// Indexes are the indexes of a materialized view.
	Indexes []*Index `json:"indexes,omitempty"`
	// Options are dialect-specific settings, such as MySQL's "check option"
	// and "security".
	Options map[string]string `json:"options,omitempty"`
}

// Sequence is a sequence that is not the hidden one of an identity column.
type Sequence struct {
	Name      string `json:"name"`
	Type      string `json:"type,omitempty"`
	Start     int64  `json:"start"`
	Increment int64  `json:"increment"`
	Min       int64  `json:"min"`
	Max       int64  `json:"max"`
	Cache     int64  `json:"cache"`
	Cycle     bool   `json:"cycle,omitempty"`
	// OwnedBy is the "table.column" the sequence belongs to (a serial
	// column's sequence); "" when it stands alone.
	OwnedBy string `json:"owned_by,omitempty"`
}

// UserType is a user-defined type: an enum, domain, composite or range
// type.
type UserType struct {
	Name string `json:"name"`
	// Kind is "enum", "domain", "composite" or "range".
	Kind string `json:"kind"`
	// Values are an enum's labels in order, or a composite type's
	// attributes ("name type").
	Values []string `json:"values,omitempty"`
	// Definition is what else defines the type: a domain's base type,
	// default, NOT NULL and checks; a range's subtype.
	Definition string `json:"definition,omitempty"`
}

// Function is a function, procedure or aggregate, with a hash of its
// body.
type Function struct {
	// Name is the function's name; with Args it is its identity, since
	// PostgreSQL functions are overloaded on their argument types.
	Name string `json:"name"`
	Args string `json:"args"`
	// Kind is "function", "procedure", "aggregate" or "window".
	Kind     string `json:"kind"`
	Returns  string `json:"returns,omitempty"`
	Language string `json:"language,omitempty"`
	// BodyHash is BodyHash of the body, so that a changed body shows
	// without printing it.
	BodyHash string `json:"body_hash,omitempty"`
	// Options are attributes such as "volatility", "strict", "security",
	// "deterministic" and "data access".
	Options map[string]string `json:"options,omitempty"`
}

// Signature is the function's identity: its name and argument types.
func (f *Function) Signature() string { return f.Name + "(" + f.Args + ")" }

// Trigger is a trigger.
type Trigger struct {
	Name  string `json:"name"`
	Table string `json:"table"`
	// Definition is the trigger as the server prints it: when it fires,
	// on what, and what it runs.
	Definition string `json:"definition"`
	// Disabled is true for a trigger that exists but does not fire.
	Disabled bool `json:"disabled,omitempty"`
	// Fires is "REPLICA" or "ALWAYS" for a PostgreSQL trigger enabled that
	// way (it fires, or also fires, when session_replication_role is
	// replica); "" for the default.
	Fires string `json:"fires,omitempty"`
}

// Extension is an installed extension (PostgreSQL).
type Extension struct {
	Name    string `json:"name"`
	Version string `json:"version"`
	Schema  string `json:"schema,omitempty"` // "" for the default schema
}

// Table returns the table named name, or nil.
func (s *Schema) Table(name string) *Table {
	for _, t := range s.Tables {
		if t.Name == name {
			return t
		}
	}
	return nil
}

// Column returns the column named name, or nil.
func (t *Table) Column(name string) *Column {
	for _, c := range t.Columns {
		if c.Name == name {
			return c
		}
	}
	return nil
}

// Empty reports whether the schema holds no table, view, sequence, type,
// function or trigger. Schemas and extensions do not count, since a new
// database may have them from its template (PostgreSQL's plpgsql).
func (s *Schema) Empty() bool { return schemaIn(s).Empty() }

// ChangeKind says what happened to an object between two schemas.
type ChangeKind string

// The kinds of Change.
const (
	ChangeAdded   ChangeKind = "added"   // in the second schema only
	ChangeRemoved ChangeKind = "removed" // in the first schema only
	ChangeChanged ChangeKind = "changed" // in both, with a different attribute
)

// Change is one difference between two schemas.
type Change struct {
	Kind ChangeKind `json:"kind"`
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
	return schema.Change{Kind: schema.Kind(c.Kind), Object: c.Object, Name: c.Name, Attribute: c.Attribute, From: c.From, To: c.To}.String()
}
