package schema

import (
	"encoding/json"
	"strings"
	"testing"
)

func sample() *Schema {
	return &Schema{
		Dialect:    "postgres",
		Schemas:    []string{"audit"},
		Extensions: []*Extension{{Name: "pgcrypto", Version: "1.3"}},
		Types:      []*Type{{Name: "mood", Kind: "enum", Values: []string{"'sad'", "'ok'"}}},
		Sequences:  []*Sequence{{Name: "invoice_no", Type: "bigint", Start: 1, Increment: 1, Min: 1, Max: 100, Cache: 1}},
		Tables: []*Table{{
			Name: "users",
			Columns: []*Column{
				{Name: "id", Type: "bigint", Identity: "ALWAYS"},
				{Name: "email", Type: "text"},
			},
			PrimaryKey:  &PrimaryKey{Name: "users_pkey", Columns: []string{"id"}},
			Uniques:     []*Unique{{Name: "users_email_key", Columns: []string{"email"}}},
			Checks:      []*Check{{Name: "users_email_check", Expr: "CHECK (email <> '')"}},
			ForeignKeys: []*ForeignKey{{Name: "users_org_fkey", Columns: []string{"org"}, RefTable: "orgs", RefColumns: []string{"id"}, OnDelete: "CASCADE", OnUpdate: "NO ACTION"}},
			Indexes:     []*Index{{Name: "users_email_idx", Columns: []string{"lower(email)"}, Method: "btree"}},
		}},
		Views:     []*View{{Name: "v", Definition: "SELECT 1"}},
		Functions: []*Function{{Name: "f", Args: "integer", Kind: "function", Returns: "integer", Language: "sql", BodyHash: BodyHash("SELECT 1")}},
		Triggers:  []*Trigger{{Name: "t", Table: "users", Definition: "CREATE TRIGGER t …"}},
	}
}

// clone is a deep copy, through JSON, which the model round-trips.
func clone(t *testing.T, s *Schema) *Schema {
	t.Helper()
	b, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	var out Schema
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatal(err)
	}
	return &out
}

func strs(cs []Change) []string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = c.String()
	}
	return out
}

func TestDiffIdentical(t *testing.T) {
	a := sample()
	if d := Diff(a, clone(t, a)); len(d) != 0 {
		t.Fatalf("identical schemas differ: %v", strs(d))
	}
	if d := Diff(&Schema{}, &Schema{}); len(d) != 0 {
		t.Fatalf("empty schemas differ: %v", strs(d))
	}
}

func TestDiffEveryKindOfChange(t *testing.T) {
	a := sample()
	b := clone(t, a)
	b.Schemas = nil
	b.Extensions[0].Version = "1.4"
	b.Types[0].Values = append(b.Types[0].Values, "'happy'")
	b.Sequences = nil
	u := b.Tables[0]
	u.Columns[1].Type = "varchar(10)"
	u.Columns[1].Nullable = true
	u.Columns = append(u.Columns, &Column{Name: "name", Type: "text", Nullable: true, Default: "'x'"})
	u.PrimaryKey = nil
	u.Uniques[0].Deferrable = "DEFERRABLE INITIALLY DEFERRED"
	u.Checks = nil
	u.ForeignKeys[0].OnDelete = "SET NULL"
	u.Indexes[0].Where = "email IS NOT NULL"
	b.Tables = append(b.Tables, &Table{Name: "audit.log", Columns: []*Column{{Name: "at", Type: "timestamptz"}}})
	b.Views[0].Definition = "SELECT 2"
	b.Functions[0].BodyHash = BodyHash("SELECT 2")
	b.Triggers[0].Disabled = true

	want := []string{
		"removed schema audit",
		"changed extension pgcrypto: version: 1.3 -> 1.4",
		"changed type mood: values: 'sad', 'ok' -> 'sad', 'ok', 'happy'",
		"removed sequence invoice_no: bigint START 1 INCREMENT 1",
		"added table audit.log: (at)",
		"changed column users.email: type: text -> varchar(10)",
		"changed column users.email: nullability: NOT NULL -> NULL",
		"added column users.name: text DEFAULT 'x'",
		"removed primary key users.primary key: users_pkey (id)",
		"changed unique users.users_email_key: deferrable: (none) -> DEFERRABLE INITIALLY DEFERRED",
		"removed check users.users_email_check: CHECK (email <> '')",
		"changed foreign key users.users_org_fkey: on delete: CASCADE -> SET NULL",
		"changed index users.users_email_idx: where: (none) -> email IS NOT NULL",
		"changed view v: definition: SELECT 1 -> SELECT 2",
		"changed function f(integer): body: " + BodyHash("SELECT 1") + " -> " + BodyHash("SELECT 2"),
		"changed trigger users.t: disabled: false -> true",
	}
	got := strs(Diff(a, b))
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("got:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	// The other way round, every addition is a removal and back.
	back := Diff(b, a)
	if len(back) != len(want) {
		t.Fatalf("reverse diff has %d changes, want %d: %v", len(back), len(want), strs(back))
	}
	for _, c := range back {
		if c.Kind == Changed && (c.From == "" && c.To == "") {
			t.Errorf("change without values: %v", c)
		}
	}
}

// Unnamed constraints (SQLite) are matched by what they are.
func TestDiffUnnamedConstraints(t *testing.T) {
	a := &Schema{Tables: []*Table{{Name: "t",
		Checks:      []*Check{{Expr: "a > 0"}},
		ForeignKeys: []*ForeignKey{{Columns: []string{"p"}, RefTable: "p", RefColumns: []string{"id"}, OnDelete: "CASCADE", OnUpdate: "NO ACTION"}},
	}}}
	b := &Schema{Tables: []*Table{{Name: "t",
		Checks:      []*Check{{Expr: "a > 1"}},
		ForeignKeys: []*ForeignKey{{Columns: []string{"p"}, RefTable: "p", RefColumns: []string{"id"}, OnDelete: "SET NULL", OnUpdate: "NO ACTION"}},
	}}}
	want := []string{
		"removed check t.CHECK (a > 0): a > 0",
		"added check t.CHECK (a > 1): a > 1",
		"changed foreign key t.FOREIGN KEY (p) REFERENCES p (id): on delete: CASCADE -> SET NULL",
	}
	if got := strs(Diff(a, b)); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("got:\n%s", strings.Join(got, "\n"))
	}
}

// The order does not depend on the order of the lists.
func TestDiffStableOrder(t *testing.T) {
	a := &Schema{}
	b := &Schema{}
	for _, n := range []string{"c", "a", "b"} {
		b.Tables = append(b.Tables, &Table{Name: n})
		b.Views = append(b.Views, &View{Name: n, Definition: n})
	}
	first := strs(Diff(a, b))
	b.Sort()
	if second := strs(Diff(a, b)); strings.Join(first, "|") != strings.Join(second, "|") {
		t.Fatalf("order changed: %v vs %v", first, second)
	}
	if first[0] != "added table a: ()" || first[3] != "added view a: a" {
		t.Fatalf("order: %v", first)
	}
}

func TestChangeStringFoldsLines(t *testing.T) {
	c := Change{Kind: Changed, Object: "view", Name: "v", Attribute: "definition", From: " SELECT a,\n    b\n   FROM t;", To: ""}
	if got := c.String(); got != "changed view v: definition: SELECT a, b FROM t; -> (none)" {
		t.Fatal(got)
	}
}

func TestSqueeze(t *testing.T) {
	for in, want := range map[string]string{
		"SELECT  a,\n\tb -- note\nFROM t":     "SELECT a, b FROM t",
		"SELECT 'a  b' /* x */ FROM \"t  u\"": "SELECT 'a  b' FROM \"t  u\"",
		"  x  ":                               "x",
		"SELECT 'it''s  ok'":                  "SELECT 'it''s  ok'",
		"SELECT [a  b] FROM `c  d`":           "SELECT [a  b] FROM `c  d`",
	} {
		if got := Squeeze(in); got != want {
			t.Errorf("Squeeze(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestBodyHash(t *testing.T) {
	if BodyHash("\nBEGIN\r\n  RETURN 1;  \nEND\n\n") != BodyHash("BEGIN\n  RETURN 1;\nEND") {
		t.Error("line ends and trailing blanks count")
	}
	if BodyHash("RETURN 1") == BodyHash("RETURN 2") {
		t.Error("different bodies hash alike")
	}
	if h := BodyHash("x"); !strings.HasPrefix(h, "sha256:") || len(h) != len("sha256:")+16 {
		t.Errorf("hash %q", h)
	}
}

func TestSortAndEmpty(t *testing.T) {
	s := &Schema{Tables: []*Table{{Name: "b"}, {Name: "a"}}}
	if s.Empty() {
		t.Fatal("a schema with tables is not empty")
	}
	s.Sort()
	if s.Tables[0].Name != "a" {
		t.Fatal("not sorted")
	}
	if !(&Schema{Dialect: "postgres", Extensions: []*Extension{{Name: "plpgsql"}}}).Empty() {
		t.Fatal("a schema with only an extension is empty")
	}
}

func TestDiffColumnOrder(t *testing.T) {
	cols := func(names ...string) []*Column {
		var out []*Column
		for _, n := range names {
			out = append(out, &Column{Name: n, Type: "int"})
		}
		return out
	}
	a := &Schema{Tables: []*Table{{Name: "t", Columns: cols("id", "a", "b")}}}
	// b dropped and added again: it comes last, after the new column c,
	// which alone does not change the order of the others.
	b := &Schema{Tables: []*Table{{Name: "t", Columns: cols("id", "b", "c", "a")}}}
	want := []string{
		"changed table t: column order: id, a, b -> id, b, a",
		"added column t.c: int NOT NULL",
	}
	if got := strs(Diff(a, b)); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("got:\n%s", strings.Join(got, "\n"))
	}
	c := &Schema{Tables: []*Table{{Name: "t", Columns: cols("id", "a", "c", "b")}}}
	if got := strs(Diff(a, c)); len(got) != 1 {
		t.Fatalf("a column added in the middle is no reordering: %v", got)
	}
}

// Attributes that change what the database accepts or uses without
// changing the definition's text: validation, validity, visibility, NULLS
// NOT DISTINCT, deferrability of a primary key, identity options,
// trigger firing. Each is one change, named, with both values.
func TestDiffStateAttributes(t *testing.T) {
	a := sample()
	b := clone(t, a)
	u := b.Tables[0]
	u.Columns[0].IdentityOptions = "INCREMENT 5"
	u.PrimaryKey.Deferrable = "DEFERRABLE INITIALLY IMMEDIATE"
	u.Uniques[0].NullsNotDistinct = true
	u.Checks[0].NotValid = true
	u.ForeignKeys[0].NotValid = true
	u.Indexes[0].Invalid = true
	u.Indexes[0].Invisible = true
	u.Indexes[0].NullsNotDistinct = true
	b.Triggers[0].Fires = "ALWAYS"
	want := []string{
		"changed column users.id: identity options: (none) -> INCREMENT 5",
		"changed primary key users.primary key: deferrable: (none) -> DEFERRABLE INITIALLY IMMEDIATE",
		"changed unique users.users_email_key: nulls not distinct: false -> true",
		"changed check users.users_email_check: validated: true -> false",
		"changed foreign key users.users_org_fkey: validated: true -> false",
		"changed index users.users_email_idx: nulls not distinct: false -> true",
		"changed index users.users_email_idx: valid: true -> false",
		"changed index users.users_email_idx: visible: true -> false",
		"changed trigger users.t: fires: (none) -> ALWAYS",
	}
	got := strs(Diff(a, b))
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("got:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	// Added and removed objects carry the state in their description.
	c := clone(t, b)
	c.Tables[0].Name = "users2"
	for _, ch := range Diff(b, c) {
		if ch.Object == "table" {
			continue
		}
		t.Errorf("unexpected change %s", ch)
	}
	fk := describeForeignKey(u.ForeignKeys[0])
	ix := describeIndex(u.Indexes[0])
	if !strings.HasSuffix(fk, " NOT VALID") || !strings.Contains(ix, "NULLS NOT DISTINCT") || !strings.Contains(ix, "INVALID") || !strings.Contains(ix, "INVISIBLE") {
		t.Errorf("descriptions lose the state: %q, %q", fk, ix)
	}
}
