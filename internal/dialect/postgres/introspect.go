package postgres

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/strata-db/strata/internal/dialect"
	"github.com/strata-db/strata/internal/schema"
)

// userNamespace is the condition, on a namespace n, that keeps what users
// create: not the system catalogs, not TOAST or temporary schemas.
const userNamespace = `n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname !~ '^pg_(toast|temp_)'`

// notExtension is the condition that an object (its catalog and oid given)
// was not created by an extension: extension objects come and go with
// CREATE EXTENSION, which the model records once, as the extension.
func notExtension(catalog, oid string) string {
	return `NOT EXISTS (SELECT 1 FROM pg_depend e WHERE e.classid = '` + catalog + `'::regclass AND e.objid = ` + oid + ` AND e.deptype = 'e')`
}

// inspector holds what one inspection has learnt so far: later queries
// attach their rows to the tables and views read first, and rows of
// relations it does not know (tracking tables, extension tables) fall
// away.
type inspector struct {
	q         dialect.Querier
	s         *schema.Schema
	defSchema string // current_schema(): its objects carry no schema name
	version   int    // server_version_num
	tables    map[int64]*schema.Table
	views     map[int64]*schema.View
	relNames  map[int64]string // every table and view read, by oid
	skip      map[string]bool  // qualified names of the tracking tables
	trackNS   string           // schema of the tracking functions
}

// Inspect implements dialect.Engine, reading pg_catalog. PostgreSQL 11
// or later.
func (Engine) Inspect(ctx context.Context, q dialect.Querier, t dialect.Tables) (*schema.Schema, error) {
	in := &inspector{q: q, s: &schema.Schema{Dialect: "postgres"}, tables: map[int64]*schema.Table{},
		views: map[int64]*schema.View{}, relNames: map[int64]string{}, skip: map[string]bool{}}
	var server string
	if err := q.QueryRowContext(ctx, `SELECT COALESCE(current_schema(), ''), current_setting('server_version'), current_setting('server_version_num')::int`).
		Scan(&in.defSchema, &server, &in.version); err != nil {
		return nil, fmt.Errorf("reading the server version: %w", err)
	}
	if in.version < 110000 {
		return nil, fmt.Errorf("schema inspection needs PostgreSQL 11 or later; this server is %s", server)
	}
	in.s.Server = "PostgreSQL " + server
	// The names as strata's session resolved them, when it has: the
	// tracking tables may be in a schema of the search path other than
	// the first.
	t = t.Qualified()
	for _, name := range []string{t.History, t.Locks} {
		sch, tbl := dialect.SplitQualified(name)
		in.skip[in.qualify(sch, tbl)] = true
	}
	in.trackNS, _ = dialect.SplitQualified(t.History)
	if in.trackNS == "" {
		in.trackNS = in.defSchema
	}
	for _, step := range []struct {
		what string
		f    func(context.Context) error
	}{
		{"schemas", in.schemas},
		{"extensions", in.extensions},
		{"tables and views", in.relations},
		{"columns", in.columns},
		{"constraints", in.constraints},
		{"policies", in.policies},
		{"indexes", in.indexes},
		{"sequences", in.sequences},
		{"types", in.types},
		{"functions", in.functions},
		{"triggers", in.triggers},
	} {
		if err := step.f(ctx); err != nil {
			return nil, fmt.Errorf("reading the %s from pg_catalog: %w", step.what, err)
		}
	}
	in.s.Sort()
	return in.s, nil
}

// qualify names an object: bare in the default schema, "schema.name"
// elsewhere.
func (in *inspector) qualify(nsp, name string) string {
	if nsp == "" || nsp == in.defSchema {
		return name
	}
	return nsp + "." + name
}

// each runs a query and calls f for every row.
func (in *inspector) each(ctx context.Context, query string, f func(*sql.Rows) error) error {
	rows, err := in.q.QueryContext(ctx, query)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := f(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}

// strs decodes a JSON array of strings: array_to_json(...)::text is how the
// queries return lists, since database/sql cannot scan PostgreSQL arrays.
func strs(js sql.NullString) ([]string, error) {
	if !js.Valid || js.String == "" {
		return nil, nil
	}
	var out []string
	if err := json.Unmarshal([]byte(js.String), &out); err != nil {
		return nil, fmt.Errorf("decoding %s: %w", js.String, err)
	}
	return out, nil
}

func (in *inspector) schemas(ctx context.Context) error {
	return in.each(ctx, `SELECT n.nspname FROM pg_namespace n WHERE `+userNamespace+` AND `+notExtension("pg_namespace", "n.oid"),
		func(r *sql.Rows) error {
			var n string
			if err := r.Scan(&n); err != nil {
				return err
			}
			if n != in.defSchema {
				in.s.Schemas = append(in.s.Schemas, n)
			}
			return nil
		})
}

func (in *inspector) extensions(ctx context.Context) error {
	return in.each(ctx, `SELECT e.extname, e.extversion, n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace`,
		func(r *sql.Rows) error {
			var e schema.Extension
			if err := r.Scan(&e.Name, &e.Version, &e.Schema); err != nil {
				return err
			}
			if e.Schema == in.defSchema {
				e.Schema = ""
			}
			in.s.Extensions = append(in.s.Extensions, &e)
			return nil
		})
}

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

// sequences reads the sequences, except those of identity columns, which
// are part of the column.
func (in *inspector) sequences(ctx context.Context) error {
	return in.each(ctx, `SELECT n.nspname, c.relname, format_type(s.seqtypid, NULL), s.seqstart, s.seqincrement, s.seqmin, s.seqmax, s.seqcache, s.seqcycle,
	d.refobjid::bigint, d.deptype::text, a.attname
FROM pg_sequence s
JOIN pg_class c ON c.oid = s.seqrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_depend d ON d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.refclassid = 'pg_class'::regclass AND d.deptype IN ('a', 'i')
LEFT JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
WHERE `+userNamespace+` AND `+notExtension("pg_class", "c.oid"),
		func(r *sql.Rows) error {
			var (
				nsp, name string
				sq        schema.Sequence
				owner     sql.NullInt64
				dep, col  sql.NullString
			)
			if err := r.Scan(&nsp, &name, &sq.Type, &sq.Start, &sq.Increment, &sq.Min, &sq.Max, &sq.Cache, &sq.Cycle, &owner, &dep, &col); err != nil {
				return err
			}
			if dep.String == "i" {
				// An identity column's own sequence: its options belong
				// to the column.
				if t := in.tables[owner.Int64]; t != nil {
					if c := t.Column(col.String); c != nil {
						c.IdentityOptions = identityOptions(&sq)
					}
				}
				return nil
			}
			if owner.Valid {
				t := in.tables[owner.Int64]
				if t == nil {
					// Owned by a tracking table (its id column) or by an
					// extension's table.
					return nil
				}
				sq.OwnedBy = t.Name + "." + col.String
			}
			sq.Name = in.qualify(nsp, name)
			in.s.Sequences = append(in.s.Sequences, &sq)
			return nil
		})
}

// types reads enums, domains, ranges and standalone composite types (not
// the row types every table has).
func (in *inspector) types(ctx context.Context) error {
	return in.each(ctx, `SELECT n.nspname, t.typname, t.typtype::text,
	CASE t.typtype
		WHEN 'e' THEN array_to_json(ARRAY(SELECT quote_literal(e.enumlabel) FROM pg_enum e WHERE e.enumtypid = t.oid ORDER BY e.enumsortorder))::text
		WHEN 'c' THEN array_to_json(ARRAY(SELECT quote_ident(a.attname) || ' ' || format_type(a.atttypid, a.atttypmod)
			FROM pg_attribute a WHERE a.attrelid = t.typrelid AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum))::text
	END,
	CASE t.typtype
		WHEN 'd' THEN format_type(t.typbasetype, t.typtypmod)
			|| CASE WHEN t.typnotnull THEN ' NOT NULL' ELSE '' END
			|| COALESCE(' DEFAULT ' || t.typdefault, '')
			|| COALESCE((SELECT string_agg(' CONSTRAINT ' || quote_ident(con.conname) || ' ' || pg_get_constraintdef(con.oid, true), '' ORDER BY con.conname)
				FROM pg_constraint con WHERE con.contypid = t.oid), '')
		WHEN 'r' THEN (SELECT 'SUBTYPE ' || format_type(r.rngsubtype, NULL) FROM pg_range r WHERE r.rngtypid = t.oid)
	END
FROM pg_type t
JOIN pg_namespace n ON n.oid = t.typnamespace
WHERE (t.typtype IN ('e', 'd', 'r') OR (t.typtype = 'c' AND (SELECT c.relkind FROM pg_class c WHERE c.oid = t.typrelid) = 'c'))
	AND `+userNamespace+` AND `+notExtension("pg_type", "t.oid"),
		func(r *sql.Rows) error {
			var (
				nsp, name, kind string
				values, def     sql.NullString
			)
			if err := r.Scan(&nsp, &name, &kind, &values, &def); err != nil {
				return err
			}
			vals, err := strs(values)
			if err != nil {
				return err
			}
			ty := &schema.Type{Name: in.qualify(nsp, name), Values: vals, Definition: def.String}
			ty.Kind = map[string]string{"e": "enum", "d": "domain", "c": "composite", "r": "range"}[kind]
			in.s.Types = append(in.s.Types, ty)
			return nil
		})
}

// trackingFunctions are the SQL functions strata creates beside its
// history table.
var trackingFunctions = map[string]bool{"get_migration_history": true, "get_current_schema_version": true}

func (in *inspector) functions(ctx context.Context) error {
	body := `p.prosrc`
	if in.version >= 140000 {
		// A SQL-standard body (BEGIN ATOMIC … END) is kept parsed, not in
		// prosrc.
		body = `COALESCE(pg_get_function_sqlbody(p.oid), p.prosrc)`
	}
	return in.each(ctx, `SELECT n.nspname, p.proname, pg_get_function_identity_arguments(p.oid), p.prokind::text,
	CASE WHEN p.prokind <> 'p' THEN pg_get_function_result(p.oid) END, l.lanname,
	p.provolatile::text, p.proisstrict, p.prosecdef, p.proparallel::text, array_to_json(p.proconfig)::text,
	CASE WHEN p.prokind = 'a' THEN (SELECT concat_ws(' ', 'SFUNC ' || ag.aggtransfn::regproc::text, 'STYPE ' || format_type(ag.aggtranstype, NULL),
		'FINALFUNC ' || NULLIF(ag.aggfinalfn, 0)::regproc::text, 'COMBINEFUNC ' || NULLIF(ag.aggcombinefn, 0)::regproc::text,
		'INITCOND ' || quote_literal(ag.agginitval)) FROM pg_aggregate ag WHERE ag.aggfnoid = p.oid)
	ELSE `+body+` END
FROM pg_proc p
JOIN pg_namespace n ON n.oid = p.pronamespace
JOIN pg_language l ON l.oid = p.prolang
WHERE `+userNamespace+` AND `+notExtension("pg_proc", "p.oid")+`
	-- Constructors of range types belong to their type.
	AND NOT EXISTS (SELECT 1 FROM pg_depend i WHERE i.classid = 'pg_proc'::regclass AND i.objid = p.oid AND i.deptype = 'i')`,
		func(r *sql.Rows) error {
			var (
				nsp, name, kind, lang, volatility, parallel string
				f                                           schema.Function
				result, config, src                         sql.NullString
				strict, definer                             bool
			)
			if err := r.Scan(&nsp, &name, &f.Args, &kind, &result, &lang, &volatility, &strict, &definer, &parallel, &config, &src); err != nil {
				return err
			}
			if nsp == in.trackNS && f.Args == "" && trackingFunctions[name] {
				return nil
			}
			f.Name = in.qualify(nsp, name)
			f.Kind = map[string]string{"f": "function", "p": "procedure", "a": "aggregate", "w": "window"}[kind]
			f.Returns, f.Language = result.String, lang
			f.BodyHash = schema.BodyHash(src.String)
			if kind != "a" {
				f.Options = map[string]string{
					"security": map[bool]string{true: "DEFINER", false: "INVOKER"}[definer],
				}
				if kind != "p" {
					f.Options["volatility"] = map[string]string{"i": "IMMUTABLE", "s": "STABLE", "v": "VOLATILE"}[volatility]
					f.Options["strict"] = strconv.FormatBool(strict)
					f.Options["parallel"] = map[string]string{"s": "SAFE", "r": "RESTRICTED", "u": "UNSAFE"}[parallel]
				}
				set, err := strs(config)
				if err != nil {
					return err
				}
				if len(set) > 0 {
					f.Options["set"] = strings.Join(set, ", ")
				}
			}
			in.s.Functions = append(in.s.Functions, &f)
			return nil
		})
}

func (in *inspector) triggers(ctx context.Context) error {
	return in.each(ctx, `SELECT tg.tgrelid::bigint, tg.tgname, pg_get_triggerdef(tg.oid, true), tg.tgenabled::text
FROM pg_trigger tg
JOIN pg_class c ON c.oid = tg.tgrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE NOT tg.tgisinternal AND `+userNamespace,
		func(r *sql.Rows) error {
			var (
				rel     int64
				tr      schema.Trigger
				enabled string
			)
			if err := r.Scan(&rel, &tr.Name, &tr.Definition, &enabled); err != nil {
				return err
			}
			table, ok := in.relNames[rel]
			if !ok {
				return nil
			}
			tr.Table = table
			tr.Disabled = enabled == "D"
			tr.Fires = map[string]string{"R": "REPLICA", "A": "ALWAYS"}[enabled]
			in.s.Triggers = append(in.s.Triggers, &tr)
			return nil
		})
}
