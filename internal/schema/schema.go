// Package schema is strata's dialect-neutral model of a database schema,
// filled by the dialects' introspection (internal/dialect/*), and the Diff
// of two models.
//
// The model holds what a migration can create and a person can change by
// hand: schemas, tables with their columns, keys, constraints and indexes,
// views, sequences, user types, functions, triggers and extensions. It
// holds no data and nothing that differs between two databases built the
// same way: no object ids, no database name, and objects of the default
// schema carry no schema name. Objects elsewhere are named "schema.name".
//
// Values are kept as the server prints them (types, defaults, expressions,
// view definitions), so that two databases of one server compare equal
// exactly when the server sees the same schema. The package imports
// nothing outside the standard library.
package schema

import (
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"slices"
	"strings"
)

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
	Types      []*Type      `json:"types,omitempty"`
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

// Type is a user-defined type.
type Type struct {
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

// Function is a function, procedure or aggregate.
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
// function or trigger: what a scratch database must be before migrations
// are replayed into it. Schemas and extensions do not count, since a new
// database may have them from its template (PostgreSQL's plpgsql).
func (s *Schema) Empty() bool {
	return len(s.Types) == 0 && len(s.Sequences) == 0 && len(s.Tables) == 0 && len(s.Views) == 0 &&
		len(s.Functions) == 0 && len(s.Triggers) == 0
}

// Sort puts every list of the schema in its canonical order (by name;
// columns and key parts keep their database order), so that two
// inspections of one schema are equal and print alike.
func (s *Schema) Sort() {
	slices.Sort(s.Schemas)
	slices.SortFunc(s.Extensions, func(a, b *Extension) int { return cmp.Compare(a.Name, b.Name) })
	slices.SortFunc(s.Types, func(a, b *Type) int { return cmp.Compare(a.Name, b.Name) })
	slices.SortFunc(s.Sequences, func(a, b *Sequence) int { return cmp.Compare(a.Name, b.Name) })
	slices.SortFunc(s.Tables, func(a, b *Table) int { return cmp.Compare(a.Name, b.Name) })
	slices.SortFunc(s.Views, func(a, b *View) int { return cmp.Compare(a.Name, b.Name) })
	slices.SortFunc(s.Functions, func(a, b *Function) int { return cmp.Compare(a.Signature(), b.Signature()) })
	slices.SortFunc(s.Triggers, func(a, b *Trigger) int {
		return cmp.Or(cmp.Compare(a.Table, b.Table), cmp.Compare(a.Name, b.Name))
	})
	for _, t := range s.Tables {
		slices.SortFunc(t.Uniques, func(a, b *Unique) int { return cmp.Compare(a.key(), b.key()) })
		slices.SortFunc(t.Checks, func(a, b *Check) int { return cmp.Compare(a.key(), b.key()) })
		slices.SortFunc(t.ForeignKeys, func(a, b *ForeignKey) int { return cmp.Compare(a.key(), b.key()) })
		sortIndexes(t.Indexes)
	}
	for _, v := range s.Views {
		sortIndexes(v.Indexes)
	}
}

func sortIndexes(ix []*Index) {
	slices.SortFunc(ix, func(a, b *Index) int { return cmp.Compare(a.Name, b.Name) })
}

// The keys below identify constraints within their table: the name where
// the database keeps one, else what the constraint is, so that unnamed
// constraints (SQLite) are matched by their content.

func (u *Unique) key() string {
	if u.Name != "" {
		return u.Name
	}
	return "UNIQUE (" + strings.Join(u.Columns, ", ") + ")"
}

func (c *Check) key() string {
	if c.Name != "" {
		return c.Name
	}
	return "CHECK (" + c.Expr + ")"
}

func (f *ForeignKey) key() string {
	if f.Name != "" {
		return f.Name
	}
	return "FOREIGN KEY (" + strings.Join(f.Columns, ", ") + ") REFERENCES " + f.RefTable + " (" + strings.Join(f.RefColumns, ", ") + ")"
}

// BodyHash returns "sha256:" and the first 16 hex digits of the SHA-256 of
// a function body in normal form: line ends as LF, trailing blanks of
// each line and blank lines at either end dropped. That is enough to tell
// bodies apart, and short enough to print in a report.
func BodyHash(body string) string {
	body = strings.ReplaceAll(body, "\r\n", "\n")
	body = strings.ReplaceAll(body, "\r", "\n")
	lines := strings.Split(body, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " \t")
	}
	body = strings.Trim(strings.Join(lines, "\n"), "\n")
	sum := sha256.Sum256([]byte(body))
	return "sha256:" + hex.EncodeToString(sum[:8])
}

// Squeeze returns SQL text with its comments dropped and every run of
// whitespace outside quotes turned into one space, for definitions a
// database keeps exactly as written (SQLite views and triggers): two
// databases built from differently indented statements then compare
// equal. Quoted strings and identifiers are kept as they are.
func Squeeze(sql string) string {
	var b strings.Builder
	b.Grow(len(sql))
	space := false
	for i := 0; i < len(sql); {
		c := sql[i]
		switch {
		case c == '\'' || c == '"' || c == '`' || c == '[':
			end := byte(c)
			if c == '[' {
				end = ']'
			}
			j := i + 1
			for j < len(sql) {
				if sql[j] == end {
					if end != ']' && j+1 < len(sql) && sql[j+1] == end {
						j += 2
						continue
					}
					break
				}
				j++
			}
			j = min(j+1, len(sql))
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteString(sql[i:j])
			i = j
		case c == '-' && i+1 < len(sql) && sql[i+1] == '-':
			j := strings.IndexByte(sql[i:], '\n')
			if j < 0 {
				j = len(sql) - i
			}
			i += j
			space = true
		case c == '/' && i+1 < len(sql) && sql[i+1] == '*':
			j := strings.Index(sql[i+2:], "*/")
			if j < 0 {
				i = len(sql)
			} else {
				i += j + 4
			}
			space = true
		case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v':
			space = true
			i++
		default:
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteByte(c)
			i++
		}
	}
	return b.String()
}
