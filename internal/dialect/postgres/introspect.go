package postgres

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"

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
