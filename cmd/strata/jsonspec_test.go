package main

import (
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"
)

// The list of JSON documents in docs/json.md, read as a small type
// language, so that the documents are tested against the docs themselves
// rather than against a copy of them:
//
//	strata status = {database: string, current_version: version|null, …}
//	lock          = {locked_by: string, …}
//
// A type is an object {key: type, …} whose keys must all be there and no
// others, a list [type], alternatives a|b, a primitive (string, int, bool,
// null, version, time) or the name of an object defined in the list.

// jsonType is one parsed type.
type jsonType struct {
	kind   string // "object", "list", "union", "name"
	name   string // for "name": a primitive or a defined object
	fields map[string]*jsonType
	order  []string    // the object's keys as written
	elem   *jsonType   // for "list"
	alts   []*jsonType // for "union"
}

// jsonSpec is docs/json.md's list: documents ("strata status") and objects
// ("lock") by name.
type jsonSpec map[string]*jsonType

var specLine = regexp.MustCompile(`^((?:strata [a-z -]+?)|[a-z_]+)\s+= (.+)$`)

// jsonDoc is the file that lists the JSON documents.
const jsonDoc = "docs/json.md"

// readJSONSpec reads the list from docs/json.md: the code block whose
// first line defines "strata status".
func readJSONSpec(t *testing.T) jsonSpec {
	t.Helper()
	text := readDoc(t, jsonDoc)
	blocks := strings.Split(text, "```")
	for i := 1; i < len(blocks); i += 2 {
		body := strings.TrimPrefix(blocks[i], "\n")
		if !strings.HasPrefix(body, "strata status ") {
			continue
		}
		spec := jsonSpec{}
		for _, line := range strings.Split(strings.TrimSpace(body), "\n") {
			m := specLine.FindStringSubmatch(line)
			if m == nil {
				t.Fatalf("%s: the JSON list has a line that is not NAME = TYPE: %q", jsonDoc, line)
			}
			typ, err := parseJSONType(m[2])
			if err != nil {
				t.Fatalf("%s: %s: %v", jsonDoc, m[1], err)
			}
			if spec[m[1]] != nil {
				t.Fatalf("%s: %s is defined twice", jsonDoc, m[1])
			}
			spec[m[1]] = typ
		}
		spec.checkNames(t)
		return spec
	}
	t.Fatalf("%s has no code block listing the JSON documents (its first line defines strata status)", jsonDoc)
	return nil
}

// checkNames makes sure every name a type uses is defined.
func (s jsonSpec) checkNames(t *testing.T) {
	var walk func(where string, typ *jsonType)
	walk = func(where string, typ *jsonType) {
		switch typ.kind {
		case "name":
			if !primitives[typ.name] && s[typ.name] == nil {
				t.Errorf("%s: %s uses %q, which the list does not define", jsonDoc, where, typ.name)
			}
		case "list":
			walk(where, typ.elem)
		case "union":
			for _, a := range typ.alts {
				walk(where, a)
			}
		case "object":
			for _, k := range typ.order {
				walk(where+"."+k, typ.fields[k])
			}
		}
	}
	for name, typ := range s {
		walk(name, typ)
	}
}

var primitives = map[string]bool{"string": true, "int": true, "bool": true, "null": true, "version": true, "time": true}

// parseJSONType parses one type of the list.
func parseJSONType(src string) (*jsonType, error) {
	p := &typeParser{src: src}
	typ, err := p.union()
	if err != nil {
		return nil, err
	}
	if p.skip(); p.pos < len(p.src) {
		return nil, fmt.Errorf("unexpected %q at %d", p.src[p.pos:], p.pos)
	}
	return typ, nil
}

type typeParser struct {
	src string
	pos int
}

func (p *typeParser) skip() {
	for p.pos < len(p.src) && p.src[p.pos] == ' ' {
		p.pos++
	}
}

func (p *typeParser) eat(c byte) bool {
	p.skip()
	if p.pos < len(p.src) && p.src[p.pos] == c {
		p.pos++
		return true
	}
	return false
}

func (p *typeParser) ident() (string, error) {
	p.skip()
	start := p.pos
	for p.pos < len(p.src) && (p.src[p.pos] == '_' || p.src[p.pos] >= 'a' && p.src[p.pos] <= 'z') {
		p.pos++
	}
	if p.pos == start {
		return "", fmt.Errorf("a name expected at %d in %q", start, p.src)
	}
	return p.src[start:p.pos], nil
}

func (p *typeParser) union() (*jsonType, error) {
	var alts []*jsonType
	for {
		a, err := p.single()
		if err != nil {
			return nil, err
		}
		alts = append(alts, a)
		if !p.eat('|') {
			break
		}
	}
	if len(alts) == 1 {
		return alts[0], nil
	}
	return &jsonType{kind: "union", alts: alts}, nil
}

func (p *typeParser) single() (*jsonType, error) {
	switch {
	case p.eat('['):
		elem, err := p.union()
		if err != nil {
			return nil, err
		}
		if !p.eat(']') {
			return nil, fmt.Errorf("] expected at %d in %q", p.pos, p.src)
		}
		return &jsonType{kind: "list", elem: elem}, nil
	case p.eat('{'):
		obj := &jsonType{kind: "object", fields: map[string]*jsonType{}}
		for {
			key, err := p.ident()
			if err != nil {
				return nil, err
			}
			if !p.eat(':') {
				return nil, fmt.Errorf(": expected after %s", key)
			}
			typ, err := p.union()
			if err != nil {
				return nil, err
			}
			if obj.fields[key] != nil {
				return nil, fmt.Errorf("key %s twice", key)
			}
			obj.fields[key] = typ
			obj.order = append(obj.order, key)
			if !p.eat(',') {
				break
			}
		}
		if !p.eat('}') {
			return nil, fmt.Errorf("} expected at %d in %q", p.pos, p.src)
		}
		return obj, nil
	}
	name, err := p.ident()
	if err != nil {
		return nil, err
	}
	return &jsonType{kind: "name", name: name}, nil
}

var versionText = regexp.MustCompile(`^(0|[1-9][0-9]*)$`)

// jsonChecker validates documents and counts what it saw: the objects of
// each name, so that a test can require an instance of every one, and the
// nullable keys seen with a value.
type jsonChecker struct {
	spec    jsonSpec
	objects map[string]int
	filled  map[string]bool // "lock.version": seen not null
}

func newJSONChecker(spec jsonSpec) *jsonChecker {
	return &jsonChecker{spec: spec, objects: map[string]int{}, filled: map[string]bool{}}
}

// check validates v against the type of the document or object name and
// returns every mismatch, each with its path.
func (c *jsonChecker) check(name string, v any) []string {
	typ := c.spec[name]
	if typ == nil {
		return []string{fmt.Sprintf("%s lists no %q", jsonDoc, name)}
	}
	var errs []string
	c.value(name, typ, v, &errs)
	return errs
}

// value checks v at path against typ.
func (c *jsonChecker) value(path string, typ *jsonType, v any, errs *[]string) bool {
	fail := func(format string, args ...any) bool {
		*errs = append(*errs, path+": "+fmt.Sprintf(format, args...))
		return false
	}
	switch typ.kind {
	case "union":
		// Try each alternative; report the mismatch of the one that is
		// not null when none fits.
		var last []string
		for _, a := range typ.alts {
			var e []string
			if c.value(path, a, v, &e) {
				if v != nil {
					c.filled[path] = true
				}
				if s, ok := v.(string); ok && s == "" && slices.ContainsFunc(typ.alts, func(a *jsonType) bool { return a.name == "null" }) {
					return fail(`"" where docs/json.md says null for no value`)
				}
				return true
			}
			if a.name != "null" {
				last = e
			}
		}
		*errs = append(*errs, last...)
		return false
	case "list":
		l, ok := v.([]any)
		if !ok {
			return fail("%s, want a list", describe(v))
		}
		ok = true
		for i, e := range l {
			ok = c.value(fmt.Sprintf("%s.%d", path, i), typ.elem, e, errs) && ok
		}
		return ok
	case "object":
		m, ok := v.(map[string]any)
		if !ok {
			return fail("%s, want an object", describe(v))
		}
		ok = true
		for _, k := range typ.order {
			val, has := m[k]
			if !has {
				ok = fail("no key %q", k)
				continue
			}
			ok = c.value(path+"."+k, typ.fields[k], val, errs) && ok
		}
		var extra []string
		for k := range m {
			if typ.fields[k] == nil {
				extra = append(extra, k)
			}
		}
		sort.Strings(extra)
		if len(extra) > 0 {
			ok = fail("keys docs/json.md does not list: %s", strings.Join(extra, ", "))
		}
		return ok
	}
	switch typ.name {
	case "null":
		if v != nil {
			return fail("%s, want null", describe(v))
		}
	case "string":
		if _, ok := v.(string); !ok {
			return fail("%s, want a string", describe(v))
		}
	case "bool":
		if _, ok := v.(bool); !ok {
			return fail("%s, want true or false", describe(v))
		}
	case "int":
		n, ok := v.(json.Number)
		if _, err := n.Int64(); !ok || err != nil {
			return fail("%s, want a whole number", describe(v))
		}
	case "version":
		if s, ok := v.(string); !ok || !versionText.MatchString(s) {
			return fail("%s, want a version (a string of digits without leading zeros)", describe(v))
		}
	case "time":
		s, ok := v.(string)
		if !ok {
			return fail("%s, want an RFC 3339 time", describe(v))
		}
		if _, err := time.Parse(time.RFC3339, s); err != nil || !strings.HasSuffix(s, "Z") {
			return fail("%q, want an RFC 3339 time in UTC", s)
		}
	default:
		obj := c.spec[typ.name]
		if !c.value(path, obj, v, errs) {
			return false
		}
		c.objects[typ.name]++
	}
	return true
}

func describe(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

// decodeOne decodes text that must hold exactly one JSON document.
func decodeOne(text string) (any, error) {
	dec := json.NewDecoder(strings.NewReader(text))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	if dec.More() {
		return nil, fmt.Errorf("more than one JSON document")
	}
	return v, nil
}

// TestJSONSpecChecker: the checker refuses what docs/json.md's contract
// forbids, so that TestJSONMatchesDocs can fail.
func TestJSONSpecChecker(t *testing.T) {
	spec := jsonSpec{}
	for name, src := range map[string]string{
		"doc":  "{v: version|null, l: lock|null, n: [int], s: string|null, t: time}",
		"lock": "{by: string}",
	} {
		typ, err := parseJSONType(src)
		if err != nil {
			t.Fatal(err)
		}
		spec[name] = typ
	}
	for _, c := range []struct {
		doc  string
		want string // "" for valid
	}{
		{`{"v":"12","l":{"by":"x"},"n":[1],"s":"a","t":"2026-01-02T03:04:05Z"}`, ""},
		{`{"v":null,"l":null,"n":[],"s":null,"t":"2026-01-02T03:04:05Z"}`, ""},
		{`{"v":"","l":null,"n":[],"s":null,"t":"2026-01-02T03:04:05Z"}`, "want a version"},
		{`{"v":"007","l":null,"n":[],"s":null,"t":"2026-01-02T03:04:05Z"}`, "want a version"},
		{`{"v":null,"n":[],"s":null,"t":"2026-01-02T03:04:05Z"}`, `no key "l"`},
		{`{"v":null,"l":null,"n":[],"s":null,"t":"2026-01-02T03:04:05Z","x":1}`, "does not list: x"},
		{`{"v":null,"l":{"by":"x","at":1},"n":[],"s":null,"t":"2026-01-02T03:04:05Z"}`, "does not list: at"},
		{`{"v":null,"l":null,"n":null,"s":null,"t":"2026-01-02T03:04:05Z"}`, "want a list"},
		{`{"v":null,"l":null,"n":[1.5],"s":null,"t":"2026-01-02T03:04:05Z"}`, "whole number"},
		{`{"v":null,"l":null,"n":[],"s":"","t":"2026-01-02T03:04:05Z"}`, "says null"},
		{`{"v":null,"l":null,"n":[],"s":null,"t":"2026-01-02T03:04:05+02:00"}`, "in UTC"},
	} {
		v, err := decodeOne(c.doc)
		if err != nil {
			t.Fatal(err)
		}
		errs := newJSONChecker(spec).check("doc", v)
		got := strings.Join(errs, "; ")
		if (c.want == "") != (got == "") || !strings.Contains(got, c.want) {
			t.Errorf("%s: %q, want %q", c.doc, got, c.want)
		}
	}
}
