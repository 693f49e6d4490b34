package strata

import (
	"encoding/json"
	"os"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/strata-db/strata/internal/history"
	"github.com/strata-db/strata/internal/schema"
)

// TestSchemaMirrorsInternal: the public schema types that are converted
// field by field have the fields of their internal twins, with the same
// JSON keys, and a full schema survives the round trip.
func TestSchemaMirrorsInternal(t *testing.T) {
	pairs := [][2]reflect.Type{
		{reflect.TypeFor[Schema](), reflect.TypeFor[schema.Schema]()},
		{reflect.TypeFor[Table](), reflect.TypeFor[schema.Table]()},
		{reflect.TypeFor[View](), reflect.TypeFor[schema.View]()},
		{reflect.TypeFor[Change](), reflect.TypeFor[schema.Change]()},
	}
	for _, p := range pairs {
		pub, in := p[0], p[1]
		if pub.NumField() != in.NumField() {
			t.Errorf("%s has %d fields, internal %s %d", pub, pub.NumField(), in, in.NumField())
			continue
		}
		for i := range pub.NumField() {
			a, b := pub.Field(i), in.Field(i)
			if a.Name != b.Name || a.Tag.Get("json") != b.Tag.Get("json") {
				t.Errorf("%s.%s `%s` against %s.%s `%s`", pub, a.Name, a.Tag, in, b.Name, b.Tag)
			}
		}
	}
	s := &schema.Schema{Dialect: "postgres", Server: "PostgreSQL 16", Schemas: []string{"ops"},
		Extensions: []*schema.Extension{{Name: "pgcrypto", Version: "1.3"}},
		Types:      []*schema.Type{{Name: "mood", Kind: "enum", Values: []string{"sad", "ok"}}},
		Sequences:  []*schema.Sequence{{Name: "s", Start: 1, Increment: 1, Max: 9}},
		Tables: []*schema.Table{{Name: "t", Columns: []*schema.Column{{Name: "id", Type: "integer"}},
			PrimaryKey: &schema.PrimaryKey{Columns: []string{"id"}}, Uniques: []*schema.Unique{{Name: "u", Columns: []string{"id"}}},
			Checks: []*schema.Check{{Name: "c", Expr: "id > 0"}}, ForeignKeys: []*schema.ForeignKey{{Name: "f", Columns: []string{"id"}, RefTable: "t", RefColumns: []string{"id"}}},
			Indexes: []*schema.Index{{Name: "i", Columns: []string{"id"}}}, Options: map[string]string{"unlogged": "true"}}},
		Views:     []*schema.View{{Name: "v", Definition: "SELECT 1", Indexes: []*schema.Index{{Name: "vi", Columns: []string{"x"}}}}},
		Functions: []*schema.Function{{Name: "f", Args: "integer", Kind: "function"}},
		Triggers:  []*schema.Trigger{{Name: "tr", Table: "t", Definition: "CREATE TRIGGER"}},
	}
	if back := schemaIn(schemaOf(s)); !reflect.DeepEqual(back, s) {
		t.Errorf("round trip changed the schema:\n%+v\n%+v", back, s)
	}
	want, _ := json.Marshal(s)
	got, _ := json.Marshal(schemaOf(s))
	if string(got) != string(want) {
		t.Errorf("JSON of the public schema:\n%s\nwant\n%s", got, want)
	}
	if d := Diff(schemaOf(s), schemaOf(&schema.Schema{Dialect: "postgres"})); len(d) == 0 || d[0].Kind != ChangeRemoved {
		t.Errorf("Diff against an empty schema: %v", d)
	}
}

// TestAttemptJSONMatchesDocs: Attempt's JSON keys are those of the attempt
// document of docs/json.md, and its duration is in milliseconds there.
func TestAttemptJSONMatchesDocs(t *testing.T) {
	doc, err := os.ReadFile("docs/json.md")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?m)^attempt\s+= \{(.*)\}$`).FindSubmatch(doc)
	if m == nil {
		t.Fatal("docs/json.md has no attempt document")
	}
	var want []string
	for _, kv := range strings.Split(string(m[1]), ", ") {
		want = append(want, strings.SplitN(kv, ":", 2)[0])
	}
	var got []string
	at := reflect.TypeFor[Attempt]()
	for i := range at.NumField() {
		got = append(got, strings.Split(at.Field(i).Tag.Get("json"), ",")[0])
	}
	if !slices.Equal(got, want) {
		t.Errorf("Attempt's JSON keys %v, docs/json.md's %v", got, want)
	}
	a := attemptOf(&history.Attempt{Duration: 1500 * time.Millisecond})
	if a.DurationMS != 1500 {
		t.Errorf("DurationMS %d, want 1500", a.DurationMS)
	}
}
