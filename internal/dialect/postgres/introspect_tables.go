package postgres

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/strata-db/strata/internal/schema"
)

// relations reads tables, partitioned tables, views and materialized
// views.
func (in *inspector) relations(ctx context.Context) error {
	return in.each(ctx, `SELECT c.oid::bigint, n.nspname, c.relname, c.relkind::text, c.relpersistence::text, c.relispartition, c.relrowsecurity,
	c.relforcerowsecurity, c.relreplident::text,
	(SELECT ri.relname FROM pg_index i JOIN pg_class ri ON ri.oid = i.indexrelid WHERE i.indrelid = c.oid AND i.indisreplident),
	CASE WHEN c.relkind = 'p' THEN pg_get_partkeydef(c.oid) END,
	(SELECT string_agg(i.inhparent::regclass::text, ', ' ORDER BY i.inhseqno) FROM pg_inherits i WHERE i.inhrelid = c.oid),
	CASE WHEN c.relispartition THEN pg_get_expr(c.relpartbound, c.oid, true) END,
	CASE WHEN c.relkind IN ('v', 'm') THEN pg_get_viewdef(c.oid, true) END,
	array_to_json(c.reloptions)::text
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('r', 'p', 'v', 'm') AND `+userNamespace+` AND `+notExtension("pg_class", "c.oid"),
		func(r *sql.Rows) error {
			var (
				oid                                       int64
				nsp, name, kind, persistence              string
				partition, rls, forceRLS                  bool
				replident                                 string
				replIndex                                 sql.NullString
				partKey, parents, bound, viewDef, options sql.NullString
			)
			if err := r.Scan(&oid, &nsp, &name, &kind, &persistence, &partition, &rls, &forceRLS, &replident, &replIndex,
				&partKey, &parents, &bound, &viewDef, &options); err != nil {
				return err
			}
			qn := in.qualify(nsp, name)
			if in.skip[qn] {
				return nil
			}
			opts, err := reloptions(options)
			if err != nil {
				return err
			}
			in.relNames[oid] = qn
			if kind == "v" || kind == "m" {
				v := &schema.View{Name: qn, Materialized: kind == "m", Definition: strings.TrimSpace(viewDef.String), Options: opts}
				in.views[oid] = v
				in.s.Views = append(in.s.Views, v)
				return nil
			}
			if persistence == "u" {
				opts = setOpt(opts, "unlogged", "true")
			}
			if rls {
				opts = setOpt(opts, "row level security", "enabled")
			}
			if forceRLS {
				// The owner is subject to the policies too.
				opts = setOpt(opts, "force row level security", "enabled")
			}
			// What logical replication sends of an updated or deleted row.
			switch replident {
			case "n":
				opts = setOpt(opts, "replica identity", "NOTHING")
			case "f":
				opts = setOpt(opts, "replica identity", "FULL")
			case "i":
				opts = setOpt(opts, "replica identity", "USING INDEX "+replIndex.String)
			}
			if partKey.Valid {
				opts = setOpt(opts, "partition by", partKey.String)
			}
			if parents.Valid {
				if partition {
					opts = setOpt(opts, "partition of", parents.String+" "+bound.String)
				} else {
					opts = setOpt(opts, "inherits", parents.String)
				}
			}
			t := &schema.Table{Name: qn, Options: opts}
			in.tables[oid] = t
			in.s.Tables = append(in.s.Tables, t)
			return nil
		})
}

func setOpt(m map[string]string, k, v string) map[string]string {
	if m == nil {
		m = map[string]string{}
	}
	m[k] = v
	return m
}

// reloptions turns ["fillfactor=70", …] into a map.
func reloptions(js sql.NullString) (map[string]string, error) {
	list, err := strs(js)
	if err != nil || len(list) == 0 {
		return nil, err
	}
	m := make(map[string]string, len(list))
	for _, o := range list {
		k, v, _ := strings.Cut(o, "=")
		m[k] = v
	}
	return m, nil
}

func (in *inspector) columns(ctx context.Context) error {
	return in.each(ctx, `SELECT a.attrelid::bigint, a.attname, format_type(a.atttypid, a.atttypmod), NOT a.attnotnull,
	pg_get_expr(ad.adbin, ad.adrelid, true), a.attidentity::text, a.attgenerated::text,
	CASE WHEN a.attcollation <> t.typcollation THEN co.collname END
FROM pg_attribute a
JOIN pg_class c ON c.oid = a.attrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
JOIN pg_type t ON t.oid = a.atttypid
LEFT JOIN pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
LEFT JOIN pg_collation co ON co.oid = a.attcollation
WHERE c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped AND `+userNamespace+`
ORDER BY a.attrelid, a.attnum`,
		func(r *sql.Rows) error {
			var (
				rel                 int64
				c                   schema.Column
				def, coll           sql.NullString
				identity, generated string
			)
			if err := r.Scan(&rel, &c.Name, &c.Type, &c.Nullable, &def, &identity, &generated, &coll); err != nil {
				return err
			}
			t := in.tables[rel]
			if t == nil {
				return nil
			}
			switch generated {
			case "s":
				c.Generated = def.String + " STORED"
			case "v":
				c.Generated = def.String + " VIRTUAL"
			default:
				c.Default = def.String
			}
			switch identity {
			case "a":
				c.Identity = "ALWAYS"
			case "d":
				c.Identity = "BY DEFAULT"
			}
			c.Collation = coll.String
			t.Columns = append(t.Columns, &c)
			return nil
		})
}

// actions maps pg_constraint's action codes.
var actions = map[string]string{"a": "NO ACTION", "r": "RESTRICT", "c": "CASCADE", "n": "SET NULL", "d": "SET DEFAULT"}

func (in *inspector) constraints(ctx context.Context) error {
	const names = `array_to_json(ARRAY(SELECT a.attname FROM unnest(%s) WITH ORDINALITY k(num, ord)
		JOIN pg_attribute a ON a.attrelid = %s AND a.attnum = k.num ORDER BY k.ord))::text`
	// PostgreSQL 15: NULLS NOT DISTINCT, and ON DELETE SET NULL/DEFAULT
	// (columns).
	nullsNotDistinct, delSetCols := `false`, `NULL`
	if in.version >= 150000 {
		nullsNotDistinct = `COALESCE((SELECT i.indnullsnotdistinct FROM pg_index i WHERE i.indexrelid = con.conindid), false)`
		delSetCols = fmt.Sprintf(names, "con.confdelsetcols", "con.conrelid")
	}
	return in.each(ctx, `SELECT con.conrelid::bigint, con.conname, con.contype::text, con.condeferrable, con.condeferred, con.convalidated,
	`+nullsNotDistinct+`, `+delSetCols+`,
	`+fmt.Sprintf(names, "con.conkey", "con.conrelid")+`,
	con.confrelid::bigint, fn.nspname, fc.relname,
	`+fmt.Sprintf(names, "con.confkey", "con.confrelid")+`,
	con.confupdtype::text, con.confdeltype::text, con.confmatchtype::text,
	pg_get_constraintdef(con.oid, true)
FROM pg_constraint con
JOIN pg_class c ON c.oid = con.conrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_class fc ON fc.oid = con.confrelid
LEFT JOIN pg_namespace fn ON fn.oid = fc.relnamespace
WHERE con.contype IN ('p', 'u', 'f', 'c', 'x') AND `+userNamespace,
		func(r *sql.Rows) error {
			var (
				rel, ref                  int64
				name, kind                string
				deferrable, deferred      bool
				validated, nullsDistinct  bool
				cols, refCols, setCols    sql.NullString
				refNsp, refName           sql.NullString
				onUpdate, onDelete, match string
				def                       string
			)
			if err := r.Scan(&rel, &name, &kind, &deferrable, &deferred, &validated, &nullsDistinct, &setCols, &cols, &ref, &refNsp, &refName, &refCols,
				&onUpdate, &onDelete, &match, &def); err != nil {
				return err
			}
			t := in.tables[rel]
			if t == nil {
				return nil
			}
			columns, err := strs(cols)
			if err != nil {
				return err
			}
			deferral := ""
			if deferrable {
				deferral = "DEFERRABLE INITIALLY IMMEDIATE"
				if deferred {
					deferral = "DEFERRABLE INITIALLY DEFERRED"
				}
			}
			switch kind {
			case "p":
				t.PrimaryKey = &schema.PrimaryKey{Name: name, Columns: columns, Deferrable: deferral}
			case "u":
				t.Uniques = append(t.Uniques, &schema.Unique{Name: name, Columns: columns, Deferrable: deferral, NullsNotDistinct: nullsDistinct})
			case "c", "x":
				// pg_get_constraintdef ends with NOT VALID for a constraint
				// not validated; the model keeps that apart, so that
				// validating it is a change of its own.
				t.Checks = append(t.Checks, &schema.Check{Name: name, Expr: strings.TrimSuffix(def, " NOT VALID"), NotValid: !validated})
			case "f":
				rc, err := strs(refCols)
				if err != nil {
					return err
				}
				fk := &schema.ForeignKey{Name: name, Columns: columns, RefTable: in.qualify(refNsp.String, refName.String), RefColumns: rc,
					OnDelete: actions[onDelete], OnUpdate: actions[onUpdate], Deferrable: deferral, NotValid: !validated}
				if sc, err := strs(setCols); err != nil {
					return err
				} else if len(sc) > 0 {
					fk.OnDelete += " (" + strings.Join(sc, ", ") + ")"
				}
				switch match {
				case "f":
					fk.Match = "FULL"
				case "p":
					fk.Match = "PARTIAL"
				}
				t.ForeignKeys = append(t.ForeignKeys, fk)
			}
			return nil
		})
}

// indexes reads the indexes of tables and materialized views, except
// those that implement a primary key, unique or exclusion constraint: the
// constraint stands for them. A key part is printed as PostgreSQL prints
// it in CREATE INDEX: the column or expression, then a collation that is
// not the column's, an operator class that is not the default, and the
// ordering. The key arrays are unnested and joined rather than subscripted
// in correlated subqueries, which the planner runs a hundred times slower.
func (in *inspector) indexes(ctx context.Context) error {
	nullsNotDistinct := `false`
	if in.version >= 150000 {
		nullsNotDistinct = `i.indnullsnotdistinct`
	}
	return in.each(ctx, `SELECT i.indrelid::bigint, ic.relname, i.indisunique, `+nullsNotDistinct+`, NOT i.indisvalid, am.amname,
	array_to_json(ARRAY(
		SELECT pg_get_indexdef(i.indexrelid, k.ord::int, true)
			|| CASE WHEN k.coll NOT IN (0, 100) AND k.coll IS DISTINCT FROM a.attcollation THEN ' COLLATE ' || quote_ident(co.collname) ELSE '' END
			|| CASE WHEN NOT oc.opcdefault THEN ' ' || quote_ident(oc.opcname) ELSE '' END
			|| CASE WHEN k.opt & 1 = 1 THEN ' DESC' || CASE WHEN k.opt & 2 = 0 THEN ' NULLS LAST' ELSE '' END
				WHEN k.opt & 2 = 2 THEN ' NULLS FIRST' ELSE '' END
		FROM unnest(i.indkey::int2[], i.indclass::oid[], i.indcollation::oid[], i.indoption::int2[]) WITH ORDINALITY AS k(attnum, opc, coll, opt, ord)
		LEFT JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
		LEFT JOIN pg_opclass oc ON oc.oid = k.opc
		LEFT JOIN pg_collation co ON co.oid = k.coll
		WHERE k.ord <= i.indnkeyatts ORDER BY k.ord))::text,
	array_to_json(ARRAY(SELECT pg_get_indexdef(i.indexrelid, k, true) FROM generate_series(i.indnkeyatts + 1, i.indnatts) k ORDER BY k))::text,
	pg_get_expr(i.indpred, i.indrelid, true),
	EXISTS (SELECT 1 FROM pg_constraint con WHERE con.conindid = i.indexrelid AND con.conrelid = i.indrelid AND con.contype IN ('p', 'u', 'x'))
FROM pg_index i
JOIN pg_class ic ON ic.oid = i.indexrelid
JOIN pg_am am ON am.oid = ic.relam
JOIN pg_class c ON c.oid = i.indrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE `+userNamespace,
		func(r *sql.Rows) error {
			var (
				rel          int64
				ix           schema.Index
				keys, incl   sql.NullString
				where        sql.NullString
				ofConstraint bool
			)
			if err := r.Scan(&rel, &ix.Name, &ix.Unique, &ix.NullsNotDistinct, &ix.Invalid, &ix.Method, &keys, &incl, &where, &ofConstraint); err != nil {
				return err
			}
			if ofConstraint {
				return nil
			}
			var err error
			if ix.Columns, err = strs(keys); err != nil {
				return err
			}
			if ix.Include, err = strs(incl); err != nil {
				return err
			}
			ix.Where = where.String
			if t := in.tables[rel]; t != nil {
				t.Indexes = append(t.Indexes, &ix)
			} else if v := in.views[rel]; v != nil {
				v.Indexes = append(v.Indexes, &ix)
			}
			return nil
		})
}
