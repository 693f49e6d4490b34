package mysql

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"

	"github.com/strata-db/strata/internal/dialect"
	"github.com/strata-db/strata/internal/schema"
)

// inspector holds one inspection of the current database. Objects are
// named without the database name, so that two databases (staging and
// production, a live one and its scratch copy) compare object by object.
type inspector struct {
	q       dialect.Querier
	s       *schema.Schema
	db      string // DATABASE()
	mariadb bool
	tables  map[string]*schema.Table
	skip    map[string]bool
}

// Inspect implements dialect.Engine, reading information_schema for the
// current database. MySQL 8 or MariaDB 10.3 or later.
func (Engine) Inspect(ctx context.Context, q dialect.Querier, t dialect.Tables) (*schema.Schema, error) {
	in := &inspector{q: q, s: &schema.Schema{Dialect: "mysql"}, tables: map[string]*schema.Table{}, skip: map[string]bool{}}
	var version sql.NullString
	var db sql.NullString
	if err := q.QueryRowContext(ctx, `SELECT VERSION(), DATABASE()`).Scan(&version, &db); err != nil {
		return nil, fmt.Errorf("reading the server version: %w", err)
	}
	if !db.Valid {
		return nil, fmt.Errorf("the connection has no current database: name one in the URL (mysql://user@host:3306/dbname)")
	}
	in.db = db.String
	in.mariadb = strings.Contains(strings.ToLower(version.String), "mariadb")
	if in.mariadb {
		in.s.Server = "MariaDB " + strings.SplitN(version.String, "-MariaDB", 2)[0]
	} else {
		in.s.Server = "MySQL " + version.String
	}
	for _, name := range []string{t.History, t.Locks} {
		if sch, tbl := dialect.SplitQualified(name); sch == "" || sch == in.db {
			in.skip[tbl] = true
		}
	}
	for _, step := range []struct {
		what string
		f    func(context.Context) error
	}{
		{"tables", in.relations},
		{"columns", in.columns},
		{"indexes", in.indexes},
		{"check constraints", in.checks},
		{"foreign keys", in.foreignKeys},
		{"views", in.views},
		{"routines", in.routines},
		{"triggers", in.triggers},
	} {
		if err := step.f(ctx); err != nil {
			return nil, fmt.Errorf("reading the %s from information_schema: %w", step.what, err)
		}
	}
	in.s.Sort()
	return in.s, nil
}

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

// relations reads base tables, and the sequences of MariaDB, which are
// tables of a kind.
func (in *inspector) relations(ctx context.Context) error {
	var seqs []string
	err := in.each(ctx, `SELECT TABLE_NAME, TABLE_TYPE, COALESCE(ENGINE, ''), COALESCE(TABLE_COLLATION, ''), COALESCE(CREATE_OPTIONS, '')
FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_TYPE IN ('BASE TABLE', 'SEQUENCE')`,
		func(r *sql.Rows) error {
			var name, kind, engine, collation, options string
			if err := r.Scan(&name, &kind, &engine, &collation, &options); err != nil {
				return err
			}
			if in.skip[name] {
				return nil
			}
			if kind == "SEQUENCE" {
				seqs = append(seqs, name)
				return nil
			}
			t := &schema.Table{Name: name, Options: map[string]string{"engine": engine, "collation": collation}}
			if options != "" {
				t.Options["create options"] = options
			}
			in.tables[name] = t
			in.s.Tables = append(in.s.Tables, t)
			return nil
		})
	if err != nil {
		return err
	}
	for _, name := range seqs {
		sq := &schema.Sequence{Name: name}
		var cycle int
		err := in.q.QueryRowContext(ctx, `SELECT start_value, increment, minimum_value, maximum_value, cache_size, cycle_option FROM `+
			dialect.QuoteQualified(name, '`')).Scan(&sq.Start, &sq.Increment, &sq.Min, &sq.Max, &sq.Cache, &cycle)
		if err != nil {
			return fmt.Errorf("sequence %s: %w", name, err)
		}
		sq.Cycle = cycle != 0
		in.s.Sequences = append(in.s.Sequences, sq)
	}
	return nil
}

func (in *inspector) columns(ctx context.Context) error {
	return in.each(ctx, `SELECT TABLE_NAME, COLUMN_NAME, COLUMN_TYPE, IS_NULLABLE = 'YES', COLUMN_DEFAULT, EXTRA, COALESCE(GENERATION_EXPRESSION, ''), COALESCE(COLLATION_NAME, '')
FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() ORDER BY TABLE_NAME, ORDINAL_POSITION`,
		func(r *sql.Rows) error {
			var (
				table, extra, gen string
				c                 schema.Column
				def               sql.NullString
			)
			if err := r.Scan(&table, &c.Name, &c.Type, &c.Nullable, &def, &extra, &gen, &c.Collation); err != nil {
				return err
			}
			t := in.tables[table]
			if t == nil {
				return nil
			}
			// MariaDB reports the implicit default of a nullable column as
			// NULL, MySQL as no default: both mean the same.
			if def.Valid && def.String != "NULL" {
				c.Default = def.String
			}
			lower := strings.ToLower(extra)
			switch {
			case strings.Contains(lower, "auto_increment"):
				c.Identity = "AUTO_INCREMENT"
			case strings.Contains(lower, "virtual generated"):
				c.Generated, c.Default = gen+" VIRTUAL", ""
			case strings.Contains(lower, "stored generated"), strings.Contains(lower, "persistent generated"):
				c.Generated, c.Default = gen+" STORED", ""
			}
			if i := strings.Index(lower, "on update "); i >= 0 {
				c.OnUpdate = extra[i+len("on update "):]
			}
			t.Columns = append(t.Columns, &c)
			return nil
		})
}

// indexes reads the indexes, the primary key among them. A unique
// constraint is a unique index in MySQL, so it is listed as one.
func (in *inspector) indexes(ctx context.Context) error {
	// Functional key parts (MySQL 8.0.13) have an expression instead of a
	// column; an index can be hidden from the optimizer (MySQL 8
	// IS_VISIBLE, MariaDB 10.6 IGNORED). Older servers lack the columns.
	expr, invisible := `NULL`, `false`
	err := in.each(ctx, `SELECT COLUMN_NAME FROM information_schema.COLUMNS
		WHERE TABLE_SCHEMA = 'information_schema' AND TABLE_NAME = 'STATISTICS' AND COLUMN_NAME IN ('EXPRESSION', 'IS_VISIBLE', 'IGNORED')`,
		func(r *sql.Rows) error {
			var col string
			if err := r.Scan(&col); err != nil {
				return err
			}
			switch strings.ToUpper(col) {
			case "EXPRESSION":
				expr = `EXPRESSION`
			case "IS_VISIBLE":
				invisible = `IS_VISIBLE = 'NO'`
			case "IGNORED":
				invisible = `IGNORED = 'YES'`
			}
			return nil
		})
	if err != nil {
		return err
	}
	type key struct{ table, index string }
	seen := map[key]*schema.Index{}
	return in.each(ctx, `SELECT TABLE_NAME, INDEX_NAME, NON_UNIQUE = 0, COALESCE(COLUMN_NAME, ''), `+expr+`, SUB_PART, COALESCE(COLLATION, ''), INDEX_TYPE, `+invisible+`
FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() ORDER BY TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX`,
		func(r *sql.Rows) error {
			var (
				table, name, col, order, method string
				unique, hidden                  bool
				expression                      sql.NullString
				sub                             sql.NullInt64
			)
			if err := r.Scan(&table, &name, &unique, &col, &expression, &sub, &order, &method, &hidden); err != nil {
				return err
			}
			t := in.tables[table]
			if t == nil {
				return nil
			}
			part := col
			if expression.Valid && expression.String != "" {
				part = "(" + expression.String + ")"
			}
			if sub.Valid {
				part += "(" + strconv.FormatInt(sub.Int64, 10) + ")"
			}
			if order == "D" {
				part += " DESC"
			}
			if name == "PRIMARY" {
				if t.PrimaryKey == nil {
					t.PrimaryKey = &schema.PrimaryKey{}
				}
				t.PrimaryKey.Columns = append(t.PrimaryKey.Columns, part)
				return nil
			}
			k := key{table, name}
			ix := seen[k]
			if ix == nil {
				ix = &schema.Index{Name: name, Unique: unique, Method: method, Invisible: hidden}
				seen[k] = ix
				t.Indexes = append(t.Indexes, ix)
			}
			ix.Columns = append(ix.Columns, part)
			return nil
		})
}

// checks reads the check constraints. MariaDB names them per table (and
// lists the table), MySQL per database.
func (in *inspector) checks(ctx context.Context) error {
	sameTable := ``
	if in.mariadb {
		sameTable = ` AND cc.TABLE_NAME = tc.TABLE_NAME`
	}
	return in.each(ctx, `SELECT tc.TABLE_NAME, tc.CONSTRAINT_NAME, cc.CHECK_CLAUSE
FROM information_schema.TABLE_CONSTRAINTS tc
JOIN information_schema.CHECK_CONSTRAINTS cc ON cc.CONSTRAINT_SCHEMA = tc.CONSTRAINT_SCHEMA AND cc.CONSTRAINT_NAME = tc.CONSTRAINT_NAME`+sameTable+`
WHERE tc.TABLE_SCHEMA = DATABASE() AND tc.CONSTRAINT_TYPE = 'CHECK'`,
		func(r *sql.Rows) error {
			var table string
			var c schema.Check
			if err := r.Scan(&table, &c.Name, &c.Expr); err != nil {
				return err
			}
			if t := in.tables[table]; t != nil {
				t.Checks = append(t.Checks, &c)
			}
			return nil
		})
}

func (in *inspector) foreignKeys(ctx context.Context) error {
	type key struct{ table, name string }
	seen := map[key]*schema.ForeignKey{}
	return in.each(ctx, `SELECT k.TABLE_NAME, k.CONSTRAINT_NAME, k.COLUMN_NAME, k.REFERENCED_TABLE_SCHEMA, k.REFERENCED_TABLE_NAME, k.REFERENCED_COLUMN_NAME,
	rc.UPDATE_RULE, rc.DELETE_RULE, rc.MATCH_OPTION
FROM information_schema.KEY_COLUMN_USAGE k
JOIN information_schema.REFERENTIAL_CONSTRAINTS rc ON rc.CONSTRAINT_SCHEMA = k.CONSTRAINT_SCHEMA AND rc.TABLE_NAME = k.TABLE_NAME AND rc.CONSTRAINT_NAME = k.CONSTRAINT_NAME
WHERE k.TABLE_SCHEMA = DATABASE() AND k.REFERENCED_TABLE_NAME IS NOT NULL
ORDER BY k.TABLE_NAME, k.CONSTRAINT_NAME, k.ORDINAL_POSITION`,
		func(r *sql.Rows) error {
			var table, name, col, refSchema, refTable, refCol, onUpdate, onDelete, match string
			if err := r.Scan(&table, &name, &col, &refSchema, &refTable, &refCol, &onUpdate, &onDelete, &match); err != nil {
				return err
			}
			t := in.tables[table]
			if t == nil {
				return nil
			}
			k := key{table, name}
			fk := seen[k]
			if fk == nil {
				if refSchema != in.db {
					refTable = refSchema + "." + refTable
				}
				fk = &schema.ForeignKey{Name: name, RefTable: refTable, OnDelete: onDelete, OnUpdate: onUpdate}
				if match == "FULL" || match == "PARTIAL" {
					fk.Match = match
				}
				seen[k] = fk
				t.ForeignKeys = append(t.ForeignKeys, fk)
			}
			fk.Columns = append(fk.Columns, col)
			fk.RefColumns = append(fk.RefColumns, refCol)
			return nil
		})
}

// views reads the views. The server keeps their query with every name
// qualified by the database; that qualifier is dropped.
func (in *inspector) views(ctx context.Context) error {
	qualifier := dialect.QuoteQualified(in.db, '`') + "."
	return in.each(ctx, `SELECT TABLE_NAME, VIEW_DEFINITION, CHECK_OPTION, SECURITY_TYPE FROM information_schema.VIEWS WHERE TABLE_SCHEMA = DATABASE()`,
		func(r *sql.Rows) error {
			var name, def, check, security string
			if err := r.Scan(&name, &def, &check, &security); err != nil {
				return err
			}
			in.s.Views = append(in.s.Views, &schema.View{Name: name, Definition: strings.ReplaceAll(def, qualifier, ""),
				Options: map[string]string{"check option": check, "security": security}})
			return nil
		})
}

func (in *inspector) routines(ctx context.Context) error {
	args := map[string][]string{}
	err := in.each(ctx, `SELECT SPECIFIC_NAME, ROUTINE_TYPE, COALESCE(PARAMETER_MODE, ''), COALESCE(PARAMETER_NAME, ''), DTD_IDENTIFIER
FROM information_schema.PARAMETERS WHERE SPECIFIC_SCHEMA = DATABASE() AND ORDINAL_POSITION > 0 ORDER BY SPECIFIC_NAME, ORDINAL_POSITION`,
		func(r *sql.Rows) error {
			var name, kind, mode, param, typ string
			if err := r.Scan(&name, &kind, &mode, &param, &typ); err != nil {
				return err
			}
			a := param + " " + typ
			if kind == "PROCEDURE" {
				a = mode + " " + a
			}
			args[kind+" "+name] = append(args[kind+" "+name], a)
			return nil
		})
	if err != nil {
		return err
	}
	return in.each(ctx, `SELECT ROUTINE_NAME, ROUTINE_TYPE, COALESCE(DTD_IDENTIFIER, ''), COALESCE(ROUTINE_DEFINITION, ''), IS_DETERMINISTIC, SQL_DATA_ACCESS, SECURITY_TYPE
FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = DATABASE()`,
		func(r *sql.Rows) error {
			var name, kind, returns, body, deterministic, access, security string
			if err := r.Scan(&name, &kind, &returns, &body, &deterministic, &access, &security); err != nil {
				return err
			}
			f := &schema.Function{Name: name, Args: strings.Join(args[kind+" "+name], ", "), Kind: strings.ToLower(kind),
				Returns: returns, Language: "SQL", BodyHash: schema.BodyHash(body),
				Options: map[string]string{"deterministic": deterministic, "data access": access, "security": security}}
			in.s.Functions = append(in.s.Functions, f)
			return nil
		})
}

func (in *inspector) triggers(ctx context.Context) error {
	return in.each(ctx, `SELECT TRIGGER_NAME, EVENT_OBJECT_TABLE, ACTION_TIMING, EVENT_MANIPULATION, ACTION_ORIENTATION, ACTION_STATEMENT
FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE()`,
		func(r *sql.Rows) error {
			var name, table, timing, event, orientation, stmt string
			if err := r.Scan(&name, &table, &timing, &event, &orientation, &stmt); err != nil {
				return err
			}
			if in.tables[table] == nil {
				return nil
			}
			in.s.Triggers = append(in.s.Triggers, &schema.Trigger{Name: name, Table: table,
				Definition: timing + " " + event + " ON " + table + " FOR EACH " + orientation + " " + stmt})
			return nil
		})
}
