package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/strata-db/strata/internal/dialect"
	"github.com/strata-db/strata/internal/schema"
)

// Inspect implements dialect.Engine, reading sqlite_schema and the
// table, index and foreign key pragmas of the main database. What the
// pragmas do not tell (collations, check constraints, generated column
// expressions, AUTOINCREMENT, deferrable foreign keys, index expressions
// and predicates) is read from the CREATE statements SQLite keeps. SQLite
// 3.37 or later.
func (Engine) Inspect(ctx context.Context, q dialect.Querier, t dialect.Tables) (*schema.Schema, error) {
	s := &schema.Schema{Dialect: "sqlite"}
	var version string
	if err := q.QueryRowContext(ctx, `SELECT sqlite_version()`).Scan(&version); err != nil {
		return nil, fmt.Errorf("reading the SQLite version: %w", err)
	}
	s.Server = "SQLite " + version
	skip := map[string]bool{}
	for _, name := range []string{t.History, t.Locks, FormatTable(t)} {
		if sch, tbl := dialect.SplitQualified(name); sch == "" || strings.EqualFold(sch, "main") {
			skip[strings.ToLower(tbl)] = true
		}
	}
	objs, err := objects(ctx, q)
	if err != nil {
		return nil, fmt.Errorf("reading sqlite_schema: %w", err)
	}
	for _, o := range objs {
		if skip[strings.ToLower(o.table)] {
			continue
		}
		switch o.kind {
		case "table":
			tbl, err := inspectTable(ctx, q, o, objs)
			if err != nil {
				return nil, fmt.Errorf("reading table %s: %w", o.name, err)
			}
			if tbl != nil {
				s.Tables = append(s.Tables, tbl)
			}
		case "view":
			s.Views = append(s.Views, &schema.View{Name: o.name, Definition: viewQuery(o.sql)})
		case "trigger":
			s.Triggers = append(s.Triggers, &schema.Trigger{Name: o.name, Table: o.table, Definition: schema.Squeeze(o.sql)})
		}
	}
	s.Sort()
	return s, nil
}

// object is a row of sqlite_schema, with what pragma_table_list adds for
// tables.
type object struct {
	kind, name, table, sql string
	tableType              string // "table", "virtual" or "shadow"
	withoutRowid, strict   bool
}

func objects(ctx context.Context, q dialect.Querier) ([]*object, error) {
	rows, err := q.QueryContext(ctx, `SELECT s.type, s.name, s.tbl_name, COALESCE(s.sql, ''), COALESCE(l.type, ''), COALESCE(l.wr, 0), COALESCE(l."strict", 0)
FROM main.sqlite_schema s LEFT JOIN pragma_table_list l ON l.schema = 'main' AND l.name = s.name
WHERE s.name NOT LIKE 'sqlite\_%' ESCAPE '\'
ORDER BY s.type, s.name`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*object
	for rows.Next() {
		o := &object{}
		if err := rows.Scan(&o.kind, &o.name, &o.table, &o.sql, &o.tableType, &o.withoutRowid, &o.strict); err != nil {
			return nil, err
		}
		out = append(out, o)
	}
	return out, rows.Err()
}

// inspectTable reads one table; shadow tables of virtual tables (FTS
// storage and the like) are the virtual table's business and give nil.
func inspectTable(ctx context.Context, q dialect.Querier, o *object, objs []*object) (*schema.Table, error) {
	if o.tableType == "shadow" {
		return nil, nil
	}
	t := &schema.Table{Name: o.name}
	def := parseCreateTable(o.sql)
	if o.withoutRowid {
		t.Options = map[string]string{"without rowid": "true"}
	}
	if o.strict {
		t.Options = setOpt(t.Options, "strict", "true")
	}
	if o.tableType == "virtual" {
		t.Options = setOpt(t.Options, "using", def.using)
	}

	rows, err := q.QueryContext(ctx, `SELECT name, type, "notnull", dflt_value, pk, hidden FROM pragma_table_xinfo(?, 'main') ORDER BY cid`, o.name)
	if err != nil {
		return nil, err
	}
	var pk []struct {
		pos  int
		name string
	}
	for rows.Next() {
		var (
			c       schema.Column
			notNull bool
			dflt    sql.NullString
			pos     int
			hidden  int
		)
		if err := rows.Scan(&c.Name, &c.Type, &notNull, &dflt, &pos, &hidden); err != nil {
			rows.Close()
			return nil, err
		}
		if hidden == 1 {
			// A virtual table's hidden column is part of its module.
			continue
		}
		c.Type = strings.ToUpper(schema.Squeeze(c.Type))
		c.Nullable = !notNull
		c.Default = schema.Squeeze(dflt.String)
		cd := def.columns[strings.ToLower(c.Name)]
		c.Collation = cd.collation
		if cd.autoincrement {
			c.Identity = "AUTOINCREMENT"
		}
		switch hidden {
		case 2:
			c.Generated = cd.generated + " VIRTUAL"
		case 3:
			c.Generated = cd.generated + " STORED"
		}
		t.Columns = append(t.Columns, &c)
		if pos > 0 {
			pk = append(pk, struct {
				pos  int
				name string
			}{pos, c.Name})
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if len(pk) > 0 {
		cols := make([]string, len(pk))
		for _, p := range pk {
			cols[p.pos-1] = p.name
		}
		t.PrimaryKey = &schema.PrimaryKey{Columns: cols}
	}
	t.Checks = def.checks

	if err := inspectIndexes(ctx, q, t, objs); err != nil {
		return nil, err
	}
	if err := inspectForeignKeys(ctx, q, t, def, objs); err != nil {
		return nil, err
	}
	return t, nil
}

func setOpt(m map[string]string, k, v string) map[string]string {
	if m == nil {
		m = map[string]string{}
	}
	m[k] = v
	return m
}

func inspectIndexes(ctx context.Context, q dialect.Querier, t *schema.Table, objs []*object) error {
	type listed struct {
		name, origin string
		unique       bool
	}
	rows, err := q.QueryContext(ctx, `SELECT name, "unique", origin FROM pragma_index_list(?, 'main') ORDER BY name`, t.Name)
	if err != nil {
		return err
	}
	var list []listed
	for rows.Next() {
		var l listed
		if err := rows.Scan(&l.name, &l.unique, &l.origin); err != nil {
			rows.Close()
			return err
		}
		list = append(list, l)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, l := range list {
		if l.origin == "pk" {
			continue
		}
		var created *createIndex
		if l.origin == "c" {
			for _, o := range objs {
				if o.kind == "index" && o.name == l.name {
					created = parseCreateIndex(o.sql)
				}
			}
		}
		rows, err := q.QueryContext(ctx, `SELECT cid, COALESCE(name, ''), "desc", COALESCE(coll, '') FROM pragma_index_xinfo(?, 'main') WHERE "key" ORDER BY seqno`, l.name)
		if err != nil {
			return err
		}
		var cols []string
		for i := 0; rows.Next(); i++ {
			var (
				cid        int
				name, coll string
				desc       bool
			)
			if err := rows.Scan(&cid, &name, &desc, &coll); err != nil {
				rows.Close()
				return err
			}
			if cid == -2 {
				// An expression: its text, as written, carries its own
				// COLLATE and DESC.
				if created != nil && i < len(created.keys) {
					cols = append(cols, created.keys[i])
				} else {
					cols = append(cols, "<expression>")
				}
				continue
			}
			if cid == -1 {
				name = "rowid"
			}
			colColl := "BINARY"
			if c := t.Column(name); c != nil && c.Collation != "" {
				colColl = c.Collation
			}
			if !strings.EqualFold(coll, colColl) {
				name += " COLLATE " + strings.ToUpper(coll)
			}
			if desc {
				name += " DESC"
			}
			cols = append(cols, name)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		if l.origin == "u" {
			t.Uniques = append(t.Uniques, &schema.Unique{Columns: cols})
			continue
		}
		ix := &schema.Index{Name: l.name, Columns: cols, Unique: l.unique}
		if created != nil {
			ix.Where = created.where
		}
		t.Indexes = append(t.Indexes, ix)
	}
	return nil
}

func inspectForeignKeys(ctx context.Context, q dialect.Querier, t *schema.Table, def *createTable, objs []*object) error {
	rows, err := q.QueryContext(ctx, `SELECT id, "table", "from", "to", on_update, on_delete, "match" FROM pragma_foreign_key_list(?, 'main') ORDER BY id, seq`, t.Name)
	if err != nil {
		return err
	}
	var (
		fks []*schema.ForeignKey
		ids []int
	)
	for rows.Next() {
		var (
			id                        int
			ref, from                 string
			to                        sql.NullString
			onUpdate, onDelete, match string
		)
		if err := rows.Scan(&id, &ref, &from, &to, &onUpdate, &onDelete, &match); err != nil {
			rows.Close()
			return err
		}
		if len(ids) == 0 || ids[len(ids)-1] != id {
			fk := &schema.ForeignKey{RefTable: ref, OnDelete: onDelete, OnUpdate: onUpdate}
			if m := strings.ToUpper(match); m != "NONE" && m != "SIMPLE" {
				fk.Match = m
			}
			fks, ids = append(fks, fk), append(ids, id)
		}
		fk := fks[len(fks)-1]
		fk.Columns = append(fk.Columns, from)
		if to.Valid {
			fk.RefColumns = append(fk.RefColumns, to.String)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, fk := range fks {
		if len(fk.RefColumns) == 0 {
			// REFERENCES t without columns means t's primary key: name it,
			// so that both spellings compare equal.
			ref, err := primaryKeyOf(ctx, q, fk.RefTable)
			if err != nil {
				return err
			}
			fk.RefColumns = ref
		}
		fk.Deferrable = def.deferrable[strings.ToLower(strings.Join(fk.Columns, ","))]
		t.ForeignKeys = append(t.ForeignKeys, fk)
	}
	return nil
}

func primaryKeyOf(ctx context.Context, q dialect.Querier, table string) ([]string, error) {
	rows, err := q.QueryContext(ctx, `SELECT name FROM pragma_table_info(?, 'main') WHERE pk > 0 ORDER BY pk`, table)
	if err != nil {
		return nil, err
	}
	return dialect.ScanStrings(rows)
}

// viewQuery is the query of a CREATE VIEW statement: what follows its
// first AS, squeezed, so that the name's quoting and the statement's
// layout do not count.
func viewQuery(sql string) string {
	toks := lex(sql)
	for i, tk := range toks {
		if tk.depth == 0 && tk.is("AS") {
			if i+1 < len(toks) {
				return schema.Squeeze(sql[toks[i+1].start:])
			}
		}
	}
	return schema.Squeeze(sql)
}

// createTable is what the pragmas do not tell about a table, read from its
// CREATE TABLE statement.
type createTable struct {
	columns map[string]columnDef // by lower-case name
	checks  []*schema.Check
	// deferrable is the deferrability of each foreign key, by its
	// lower-case columns joined with ",".
	deferrable map[string]string
	using      string // a virtual table's module and arguments
}

type columnDef struct {
	collation     string
	generated     string // the expression
	autoincrement bool
}

// parseCreateTable reads a CREATE TABLE statement. It trusts SQLite to
// have accepted the statement, and only walks its structure: the column
// and constraint definitions between the outer parentheses, separated by
// commas at depth one.
func parseCreateTable(sql string) *createTable {
	ct := &createTable{columns: map[string]columnDef{}, deferrable: map[string]string{}}
	toks := lex(sql)
	open := -1
	for i, tk := range toks {
		if tk.is("USING") && tk.depth == 0 && i+1 < len(toks) {
			ct.using = schema.Squeeze(sql[toks[i+1].start:])
			return ct
		}
		if tk.text == "(" && tk.depth == 0 {
			open = i
			break
		}
	}
	if open < 0 {
		return ct // CREATE TABLE … AS SELECT
	}
	var elem []token
	for _, tk := range toks[open+1:] {
		if tk.depth == 0 { // the closing parenthesis
			ct.element(sql, elem)
			break
		}
		if tk.depth == 1 && tk.text == "," {
			ct.element(sql, elem)
			elem = nil
			continue
		}
		elem = append(elem, tk)
	}
	return ct
}

// element reads one column or table constraint definition.
func (ct *createTable) element(sql string, toks []token) {
	if len(toks) == 0 {
		return
	}
	tableConstraint := false
	switch strings.ToUpper(toks[0].text) {
	case "CONSTRAINT", "PRIMARY", "UNIQUE", "CHECK", "FOREIGN":
		tableConstraint = true
	}
	var cd columnDef
	name := "" // of the constraint being read
	for i := 0; i < len(toks); i++ {
		tk := toks[i]
		if tk.depth != 1 {
			// Inside an expression: a CAST(x AS t) is no generated column.
			continue
		}
		switch {
		case tk.is("CONSTRAINT") && i+1 < len(toks):
			name = toks[i+1].ident()
			i++
		case tk.is("CHECK"):
			if expr, end := parenthesised(sql, toks, i+1); end > 0 {
				ct.checks = append(ct.checks, &schema.Check{Name: name, Expr: expr})
				i = end
			}
			name = ""
		case tk.is("COLLATE") && i+1 < len(toks) && !tableConstraint:
			cd.collation = strings.ToUpper(toks[i+1].ident())
			i++
		case tk.is("AS") && !tableConstraint:
			if expr, end := parenthesised(sql, toks, i+1); end > 0 {
				cd.generated = expr
				i = end
			}
		case tk.is("AUTOINCREMENT"):
			cd.autoincrement = true
		case tk.is("REFERENCES"):
			cols := []string{toks[0].ident()}
			if tableConstraint {
				cols = fkColumns(toks)
			}
			ct.deferrable[strings.ToLower(strings.Join(cols, ","))] = deferrability(toks[i:])
			name = ""
		}
	}
	if !tableConstraint {
		ct.columns[strings.ToLower(toks[0].ident())] = cd
	}
}

// fkColumns returns the columns of FOREIGN KEY (a, b) in a table
// constraint.
func fkColumns(toks []token) []string {
	var cols []string
	in := false
	for _, tk := range toks {
		switch {
		case tk.is("REFERENCES"):
			return cols
		case tk.text == "(":
			in = true
		case tk.text == ")":
			in = false
		case in && tk.text != ",":
			cols = append(cols, tk.ident())
		}
	}
	return cols
}

// deferrability reads [NOT] DEFERRABLE [INITIALLY DEFERRED|IMMEDIATE] in a
// foreign key clause.
func deferrability(toks []token) string {
	for i, tk := range toks {
		if !tk.is("DEFERRABLE") {
			continue
		}
		if i > 0 && toks[i-1].is("NOT") {
			return ""
		}
		if i+2 < len(toks) && toks[i+1].is("INITIALLY") && toks[i+2].is("DEFERRED") {
			return "DEFERRABLE INITIALLY DEFERRED"
		}
		return "DEFERRABLE INITIALLY IMMEDIATE"
	}
	return ""
}

// parenthesised returns the text inside the parentheses that open at
// toks[i], squeezed, and the index of the closing one; end is 0 when
// toks[i] is not "(".
func parenthesised(sql string, toks []token, i int) (expr string, end int) {
	if i >= len(toks) || toks[i].text != "(" {
		return "", 0
	}
	d := toks[i].depth
	for j := i + 1; j < len(toks); j++ {
		if toks[j].text == ")" && toks[j].depth == d {
			return schema.Squeeze(sql[toks[i].end:toks[j].start]), j
		}
	}
	return "", 0
}

// createIndex is what the pragmas do not tell about an index.
type createIndex struct {
	keys  []string // each key part's text, for expressions
	where string
}

func parseCreateIndex(sql string) *createIndex {
	ci := &createIndex{}
	toks := lex(sql)
	i := 0
	for i < len(toks) && toks[i].text != "(" {
		i++
	}
	if i == len(toks) {
		return ci
	}
	start := toks[i].end
	for j := i + 1; j < len(toks); j++ {
		tk := toks[j]
		if tk.depth == 0 || (tk.depth == 1 && tk.text == ",") {
			ci.keys = append(ci.keys, schema.Squeeze(sql[start:tk.start]))
			start = tk.end
		}
		if tk.depth == 0 {
			if j+1 < len(toks) && toks[j+1].is("WHERE") && j+2 < len(toks) {
				ci.where = schema.Squeeze(sql[toks[j+2].start:])
			}
			break
		}
	}
	return ci
}

// token is one lexical token of an SQLite statement. depth is the number
// of parentheses open around it; an opening parenthesis has the depth
// outside it, a closing one the depth after it.
type token struct {
	text       string
	start, end int
	depth      int
	quoted     bool
}

func (t token) is(word string) bool { return !t.quoted && strings.EqualFold(t.text, word) }

// ident is the token as a name: without its quotes.
func (t token) ident() string {
	if !t.quoted || len(t.text) < 2 {
		return t.text
	}
	q := t.text[0]
	inner := t.text[1 : len(t.text)-1]
	if q == '[' {
		return inner
	}
	return strings.ReplaceAll(inner, string([]byte{q, q}), string(q))
}

// lex cuts SQLite SQL into tokens, skipping whitespace and comments.
func lex(sql string) []token {
	var out []token
	depth := 0
	for i := 0; i < len(sql); {
		c := sql[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f':
			i++
		case c == '-' && i+1 < len(sql) && sql[i+1] == '-':
			j := strings.IndexByte(sql[i:], '\n')
			if j < 0 {
				return out
			}
			i += j + 1
		case c == '/' && i+1 < len(sql) && sql[i+1] == '*':
			j := strings.Index(sql[i+2:], "*/")
			if j < 0 {
				return out
			}
			i += j + 4
		case c == '\'' || c == '"' || c == '`' || c == '[':
			end := c
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
			out = append(out, token{text: sql[i:j], start: i, end: j, depth: depth, quoted: c != '\''})
			i = j
		case c == '(':
			out = append(out, token{text: "(", start: i, end: i + 1, depth: depth})
			depth++
			i++
		case c == ')':
			depth--
			out = append(out, token{text: ")", start: i, end: i + 1, depth: depth})
			i++
		case isWord(c):
			j := i + 1
			for j < len(sql) && isWord(sql[j]) {
				j++
			}
			out = append(out, token{text: sql[i:j], start: i, end: j, depth: depth})
			i = j
		default:
			out = append(out, token{text: sql[i : i+1], start: i, end: i + 1, depth: depth})
			i++
		}
	}
	return out
}

func isWord(c byte) bool {
	return c == '_' || c == '$' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= 0x80
}
