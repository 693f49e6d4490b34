package sqlite

import (
	"context"
	"database/sql"
	"strings"

	"github.com/strata-db/strata/internal/dialect"
	"github.com/strata-db/strata/internal/schema"
)

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
