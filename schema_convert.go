package strata

import "github.com/strata-db/strata/internal/schema"

// The public schema model mirrors internal/schema field for field: the
// dialects fill the internal one, and these convert at the boundary. The
// leaf types convert directly, so a field added on one side only does not
// compile; TestSchemaMirrorsInternal checks the others.

// each converts a list of pointers, keeping nil as nil.
func each[T, U any](in []*T, f func(*T) *U) []*U {
	if in == nil {
		return nil
	}
	out := make([]*U, len(in))
	for i, v := range in {
		out[i] = f(v)
	}
	return out
}

// conv converts one value of a leaf type with a direct conversion.
func conv[T, U any](f func(T) U) func(*T) *U {
	return func(v *T) *U {
		if v == nil {
			return nil
		}
		u := f(*v)
		return &u
	}
}

// schemaOf converts an inspected schema.
func schemaOf(s *schema.Schema) *Schema {
	if s == nil {
		return nil
	}
	return &Schema{
		Dialect: s.Dialect, Server: s.Server, Schemas: s.Schemas,
		Extensions: each(s.Extensions, conv(func(e schema.Extension) Extension { return Extension(e) })),
		Types:      each(s.Types, conv(func(t schema.Type) UserType { return UserType(t) })),
		Sequences:  each(s.Sequences, conv(func(q schema.Sequence) Sequence { return Sequence(q) })),
		Tables:     each(s.Tables, tableOf),
		Views:      each(s.Views, viewOf),
		Functions:  each(s.Functions, conv(func(f schema.Function) Function { return Function(f) })),
		Triggers:   each(s.Triggers, conv(func(t schema.Trigger) Trigger { return Trigger(t) })),
	}
}

func tableOf(t *schema.Table) *Table {
	return &Table{
		Name:        t.Name,
		Columns:     each(t.Columns, conv(func(c schema.Column) Column { return Column(c) })),
		PrimaryKey:  conv(func(p schema.PrimaryKey) PrimaryKey { return PrimaryKey(p) })(t.PrimaryKey),
		Uniques:     each(t.Uniques, conv(func(u schema.Unique) Unique { return Unique(u) })),
		Checks:      each(t.Checks, conv(func(c schema.Check) Check { return Check(c) })),
		ForeignKeys: each(t.ForeignKeys, conv(func(f schema.ForeignKey) ForeignKey { return ForeignKey(f) })),
		Indexes:     each(t.Indexes, conv(func(i schema.Index) Index { return Index(i) })),
		Options:     t.Options,
	}
}

func viewOf(v *schema.View) *View {
	return &View{Name: v.Name, Materialized: v.Materialized, Definition: v.Definition,
		Indexes: each(v.Indexes, conv(func(i schema.Index) Index { return Index(i) })), Options: v.Options}
}

// schemaIn converts back, for Diff.
func schemaIn(s *Schema) *schema.Schema {
	if s == nil {
		return nil
	}
	return &schema.Schema{
		Dialect: s.Dialect, Server: s.Server, Schemas: s.Schemas,
		Extensions: each(s.Extensions, conv(func(e Extension) schema.Extension { return schema.Extension(e) })),
		Types:      each(s.Types, conv(func(t UserType) schema.Type { return schema.Type(t) })),
		Sequences:  each(s.Sequences, conv(func(q Sequence) schema.Sequence { return schema.Sequence(q) })),
		Tables:     each(s.Tables, tableIn),
		Views:      each(s.Views, viewIn),
		Functions:  each(s.Functions, conv(func(f Function) schema.Function { return schema.Function(f) })),
		Triggers:   each(s.Triggers, conv(func(t Trigger) schema.Trigger { return schema.Trigger(t) })),
	}
}

func tableIn(t *Table) *schema.Table {
	return &schema.Table{
		Name:        t.Name,
		Columns:     each(t.Columns, conv(func(c Column) schema.Column { return schema.Column(c) })),
		PrimaryKey:  conv(func(p PrimaryKey) schema.PrimaryKey { return schema.PrimaryKey(p) })(t.PrimaryKey),
		Uniques:     each(t.Uniques, conv(func(u Unique) schema.Unique { return schema.Unique(u) })),
		Checks:      each(t.Checks, conv(func(c Check) schema.Check { return schema.Check(c) })),
		ForeignKeys: each(t.ForeignKeys, conv(func(f ForeignKey) schema.ForeignKey { return schema.ForeignKey(f) })),
		Indexes:     each(t.Indexes, conv(func(i Index) schema.Index { return schema.Index(i) })),
		Options:     t.Options,
	}
}

func viewIn(v *View) *schema.View {
	return &schema.View{Name: v.Name, Materialized: v.Materialized, Definition: v.Definition,
		Indexes: each(v.Indexes, conv(func(i Index) schema.Index { return schema.Index(i) })), Options: v.Options}
}

// changesOf converts a diff; never nil, so that JSON shows [].
func changesOf(in []schema.Change) []Change {
	out := make([]Change, len(in))
	for i, c := range in {
		out[i] = Change{Kind: ChangeKind(c.Kind), Object: c.Object, Name: c.Name, Attribute: c.Attribute, From: c.From, To: c.To}
	}
	return out
}
