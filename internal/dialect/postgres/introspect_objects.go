package postgres

import (
	"context"
	"database/sql"
	"strconv"
	"strings"

	"github.com/strata-db/strata/internal/schema"
)

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
