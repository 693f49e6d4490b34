package schema

import (
	"strconv"
	"strings"
)

func (d *differ) schemas(from, to []string) {
	diffByName(from, to, func(s string) string { return s }, func(f, t string) {
		switch {
		case f == "":
			d.add("schema", t, "")
		case t == "":
			d.remove("schema", f, "")
		}
	})
}

func (d *differ) extension(f, t *Extension) {
	switch {
	case f == nil:
		d.add("extension", t.Name, describeExtension(t))
	case t == nil:
		d.remove("extension", f.Name, describeExtension(f))
	default:
		d.attr("extension", t.Name, "version", f.Version, t.Version)
		d.attr("extension", t.Name, "schema", f.Schema, t.Schema)
	}
}

func describeExtension(e *Extension) string {
	s := "version " + e.Version
	if e.Schema != "" {
		s += " in schema " + e.Schema
	}
	return s
}

func (d *differ) typ(f, t *Type) {
	switch {
	case f == nil:
		d.add("type", t.Name, describeType(t))
	case t == nil:
		d.remove("type", f.Name, describeType(f))
	default:
		d.attr("type", t.Name, "kind", f.Kind, t.Kind)
		d.attr("type", t.Name, "values", strings.Join(f.Values, ", "), strings.Join(t.Values, ", "))
		d.attr("type", t.Name, "definition", f.Definition, t.Definition)
	}
}

func describeType(t *Type) string {
	s := t.Kind
	if len(t.Values) > 0 {
		s += " (" + strings.Join(t.Values, ", ") + ")"
	}
	if t.Definition != "" {
		s += " " + t.Definition
	}
	return s
}

func (d *differ) sequence(f, t *Sequence) {
	switch {
	case f == nil:
		d.add("sequence", t.Name, describeSequence(t))
	case t == nil:
		d.remove("sequence", f.Name, describeSequence(f))
	default:
		n := t.Name
		i := strconv.FormatInt
		d.attr("sequence", n, "type", f.Type, t.Type)
		d.attr("sequence", n, "start", i(f.Start, 10), i(t.Start, 10))
		d.attr("sequence", n, "increment", i(f.Increment, 10), i(t.Increment, 10))
		d.attr("sequence", n, "min", i(f.Min, 10), i(t.Min, 10))
		d.attr("sequence", n, "max", i(f.Max, 10), i(t.Max, 10))
		d.attr("sequence", n, "cache", i(f.Cache, 10), i(t.Cache, 10))
		d.attr("sequence", n, "cycle", strconv.FormatBool(f.Cycle), strconv.FormatBool(t.Cycle))
		d.attr("sequence", n, "owned by", f.OwnedBy, t.OwnedBy)
	}
}

func describeSequence(s *Sequence) string {
	var b strings.Builder
	if s.Type != "" {
		b.WriteString(s.Type + " ")
	}
	b.WriteString("START " + strconv.FormatInt(s.Start, 10))
	b.WriteString(" INCREMENT " + strconv.FormatInt(s.Increment, 10))
	if s.Cycle {
		b.WriteString(" CYCLE")
	}
	if s.OwnedBy != "" {
		b.WriteString(" OWNED BY " + s.OwnedBy)
	}
	return b.String()
}

func viewObject(v *View) string {
	if v.Materialized {
		return "materialized view"
	}
	return "view"
}

func (d *differ) view(f, t *View) {
	switch {
	case f == nil:
		d.add(viewObject(t), t.Name, t.Definition)
	case t == nil:
		d.remove(viewObject(f), f.Name, f.Definition)
	default:
		o := viewObject(t)
		d.attr(o, t.Name, "materialized", strconv.FormatBool(f.Materialized), strconv.FormatBool(t.Materialized))
		d.attr(o, t.Name, "definition", f.Definition, t.Definition)
		d.options(o, t.Name, f.Options, t.Options)
		d.indexes(t.Name, f.Indexes, t.Indexes)
	}
}

func (d *differ) function(f, t *Function) {
	switch {
	case f == nil:
		d.add(t.Kind, t.Signature(), describeFunction(t))
	case t == nil:
		d.remove(f.Kind, f.Signature(), describeFunction(f))
	default:
		n := t.Signature()
		d.attr(t.Kind, n, "kind", f.Kind, t.Kind)
		d.attr(t.Kind, n, "returns", f.Returns, t.Returns)
		d.attr(t.Kind, n, "language", f.Language, t.Language)
		d.attr(t.Kind, n, "body", f.BodyHash, t.BodyHash)
		d.options(t.Kind, n, f.Options, t.Options)
	}
}

func describeFunction(f *Function) string {
	var parts []string
	if f.Returns != "" {
		parts = append(parts, "RETURNS "+f.Returns)
	}
	if f.Language != "" {
		parts = append(parts, "LANGUAGE "+f.Language)
	}
	if f.BodyHash != "" {
		parts = append(parts, "body "+f.BodyHash)
	}
	return strings.Join(parts, " ")
}

func (d *differ) trigger(f, t *Trigger) {
	switch {
	case f == nil:
		d.add("trigger", t.Table+"."+t.Name, t.Definition)
	case t == nil:
		d.remove("trigger", f.Table+"."+f.Name, f.Definition)
	default:
		n := t.Table + "." + t.Name
		d.attr("trigger", n, "definition", f.Definition, t.Definition)
		d.attr("trigger", n, "disabled", strconv.FormatBool(f.Disabled), strconv.FormatBool(t.Disabled))
		d.attr("trigger", n, "fires", f.Fires, t.Fires)
	}
}
