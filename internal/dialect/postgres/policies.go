package postgres

import (
	"context"
	"database/sql"
	"strings"
)

// policies reads the row security policies, as table options named
// "policy NAME": who may see or change which rows is part of the schema,
// and a policy added or changed by hand is drift.
func (in *inspector) policies(ctx context.Context) error {
	return in.each(ctx, `SELECT p.polrelid::bigint, p.polname, p.polpermissive,
	CASE p.polcmd WHEN 'r' THEN 'SELECT' WHEN 'a' THEN 'INSERT' WHEN 'w' THEN 'UPDATE' WHEN 'd' THEN 'DELETE' ELSE 'ALL' END,
	CASE WHEN p.polroles = '{0}' THEN 'PUBLIC'
		ELSE (SELECT string_agg(quote_ident(r.rolname), ', ' ORDER BY r.rolname) FROM pg_roles r WHERE r.oid = ANY (p.polroles)) END,
	pg_get_expr(p.polqual, p.polrelid, true), pg_get_expr(p.polwithcheck, p.polrelid, true)
FROM pg_policy p`,
		func(r *sql.Rows) error {
			var (
				rel               int64
				name, cmd         string
				permissive        bool
				roles, qual, with sql.NullString
			)
			if err := r.Scan(&rel, &name, &permissive, &cmd, &roles, &qual, &with); err != nil {
				return err
			}
			t := in.tables[rel]
			if t == nil {
				return nil
			}
			def := []string{"AS RESTRICTIVE"}
			if permissive {
				def[0] = "AS PERMISSIVE"
			}
			def = append(def, "FOR "+cmd, "TO "+roles.String)
			if qual.Valid {
				def = append(def, "USING ("+qual.String+")")
			}
			if with.Valid {
				def = append(def, "WITH CHECK ("+with.String+")")
			}
			t.Options = setOpt(t.Options, "policy "+name, strings.Join(def, " "))
			return nil
		})
}
