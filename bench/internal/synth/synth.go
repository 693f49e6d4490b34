// Package synth generates the synthetic migration sets of strata's speed
// benchmarks: N small but realistic migrations (tables with primary and
// foreign keys, added columns, indexes, a routine every 20, a few inserts)
// for one dialect, written both in strata's file format and as one plain
// script for the database's own client, so that strata and the client run
// exactly the same SQL.
//
// The output depends only on the dialect, N and the seed: the benchmark must
// measure the same work on every run and every machine.
package synth

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/strata-db/strata"
)

// Dialect is a database family the generator writes SQL for.
type Dialect string

// The dialects; the names are those strata.ParseDialect accepts.
const (
	Postgres Dialect = "postgres"
	MySQL    Dialect = "mysql"
	SQLite   Dialect = "sqlite"
)

// Dialects lists every dialect, in the order the benchmark reports them.
var Dialects = []Dialect{Postgres, MySQL, SQLite}

// ParseDialect accepts the spellings of a dialect name strata does (see
// strata.ParseDialect).
func ParseDialect(s string) (Dialect, error) {
	d, err := strata.ParseDialect(strings.TrimSpace(s))
	if err != nil {
		return "", fmt.Errorf("unknown dialect %q (use postgres, mysql or sqlite)", s)
	}
	return Dialect(d), nil
}

// DefaultSeed is the seed the benchmark uses unless told otherwise.
const DefaultSeed = 20260101

// Statement is one SQL statement, without its terminating ';'.
type Statement struct {
	SQL string
	// Compound marks a routine or trigger whose body holds ';'. strata's
	// splitter keeps such a statement whole by itself; the mysql client
	// needs it wrapped in DELIMITER, so the plain MySQL script does that.
	Compound bool
}

// Migration is one generated migration.
type Migration struct {
	Version int
	Name    string // lower-case words joined by '_'
	Comment string // one line saying what it does, written as an SQL comment
	Up      []Statement
	// Down undoes Up exactly, statement by statement in reverse order.
	Down []Statement
}

// Width is the number of digits of the versions of an n-migration set:
// four, or more when n needs them (five for 10,000).
func Width(n int) int {
	return max(4, len(strconv.Itoa(n)))
}

// FileName is the migration's file name in a set padded to width digits.
func (m Migration) FileName(width int) string {
	return fmt.Sprintf("%0*d_%s.sql", width, m.Version, m.Name)
}

// column is a column of a generated table.
type column struct {
	name string
	// indexable is false for columns an index should not cover.
	indexable bool
}

// table is a table created by an earlier migration.
type table struct {
	name string
	cols []column
	has  map[string]bool
}

func (t *table) add(name string, indexable bool) {
	t.cols = append(t.cols, column{name, indexable})
	t.has[name] = true
}

// gen holds what the migrations so far have created.
type gen struct {
	d       Dialect
	r       *rand.Rand
	width   int
	tables  []*table
	indexes map[string]bool
}

// Table names are drawn from words a real schema uses, numbered by the
// migration that creates them so that they never collide.
var tableWords = []string{
	"accounts", "customers", "orders", "order_items", "invoices", "payments",
	"products", "suppliers", "shipments", "warehouses", "employees",
	"departments", "projects", "tasks", "comments", "tags", "sessions",
	"events", "subscriptions", "coupons", "reviews", "carts", "refunds",
	"addresses", "audits", "documents", "teams", "tickets",
}

// addedColumn is a column a later migration adds, with its type in each
// dialect. Every added column is nullable or has a default, as columns added
// to tables that hold rows must.
type addedColumn struct {
	name               string
	postgres, my, lite string
	indexable          bool
}

var addedColumns = []addedColumn{
	{"status", "varchar(20) NOT NULL DEFAULT 'new'", "VARCHAR(20) NOT NULL DEFAULT 'new'", "TEXT NOT NULL DEFAULT 'new'", true},
	{"note", "text", "TEXT", "TEXT", false},
	{"amount", "numeric(12,2) NOT NULL DEFAULT 0", "DECIMAL(12,2) NOT NULL DEFAULT 0", "NUMERIC NOT NULL DEFAULT 0", true},
	{"quantity", "integer NOT NULL DEFAULT 1", "INT NOT NULL DEFAULT 1", "INTEGER NOT NULL DEFAULT 1", true},
	{"is_active", "boolean NOT NULL DEFAULT true", "BOOLEAN NOT NULL DEFAULT TRUE", "INTEGER NOT NULL DEFAULT 1", true},
	{"updated_at", "timestamptz", "DATETIME NULL", "TEXT", true},
	{"email", "varchar(255)", "VARCHAR(255) NULL", "TEXT", true},
	{"external_ref", "varchar(64)", "VARCHAR(64) NULL", "TEXT", true},
	{"priority", "smallint NOT NULL DEFAULT 0", "SMALLINT NOT NULL DEFAULT 0", "INTEGER NOT NULL DEFAULT 0", true},
	{"due_at", "timestamptz", "DATETIME NULL", "TEXT", true},
	{"score", "double precision", "DOUBLE NULL", "REAL", true},
	{"metadata", "jsonb NOT NULL DEFAULT '{}'", "JSON NULL", "TEXT NOT NULL DEFAULT '{}'", false},
}

func (c addedColumn) typ(d Dialect) string {
	switch d {
	case Postgres:
		return c.postgres
	case MySQL:
		return c.my
	}
	return c.lite
}

// Generate returns n migrations for dialect d, the same for the same seed.
func Generate(d Dialect, n int, seed uint64) ([]Migration, error) {
	if n < 1 {
		return nil, fmt.Errorf("n must be at least 1, not %d", n)
	}
	d, err := ParseDialect(string(d))
	if err != nil {
		return nil, err
	}
	g := &gen{d: d, r: rand.New(rand.NewPCG(seed, uint64(len(d)))), width: Width(n), indexes: map[string]bool{}}
	out := make([]Migration, 0, n)
	for v := 1; v <= n; v++ {
		out = append(out, g.next(v))
	}
	return out, nil
}

// next generates migration v. The mix follows what real histories hold:
// about a third new tables, then added columns, indexes, a few data
// inserts, and a routine every 20th migration.
func (g *gen) next(v int) Migration {
	if len(g.tables) == 0 {
		return g.createTable(v)
	}
	if v%20 == 0 {
		return g.routine(v)
	}
	switch p := g.r.IntN(100); {
	case p < 34:
		return g.createTable(v)
	case p < 60:
		return g.addColumn(v, false)
	case p < 80:
		return g.createIndex(v)
	case p < 90:
		return g.insert(v)
	default:
		return g.addColumn(v, true)
	}
}

func (g *gen) num(v int) string { return fmt.Sprintf("%0*d", g.width, v) }

// recent picks one of the 50 newest tables: migrations mostly touch what
// was created lately, and a bounded window keeps foreign keys local.
func (g *gen) recent() *table {
	k := min(len(g.tables), 50)
	return g.tables[len(g.tables)-1-g.r.IntN(k)]
}

func stmt(format string, args ...any) Statement {
	return Statement{SQL: fmt.Sprintf(format, args...)}
}

func (g *gen) createTable(v int) Migration {
	word := tableWords[g.r.IntN(len(tableWords))]
	t := &table{name: word + "_" + g.num(v), has: map[string]bool{}}
	// Up to two foreign keys to distinct earlier tables.
	var parents []*table
	if len(g.tables) > 0 {
		for range g.r.IntN(3) {
			p := g.recent()
			dup := false
			for _, q := range parents {
				dup = dup || q == p
			}
			if !dup {
				parents = append(parents, p)
			}
		}
	}
	withCode := g.r.IntN(10) < 3

	var cols []string
	var fkCols []string
	switch g.d {
	case Postgres:
		cols = append(cols, "id bigserial PRIMARY KEY")
	case MySQL:
		cols = append(cols, "id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY")
	case SQLite:
		cols = append(cols, "id INTEGER PRIMARY KEY")
	}
	t.add("id", false)
	for _, p := range parents {
		c := p.name + "_id"
		fkCols = append(fkCols, c)
		switch g.d {
		case Postgres:
			cols = append(cols, fmt.Sprintf("%s bigint REFERENCES %s (id)", c, p.name))
		case MySQL:
			cols = append(cols, fmt.Sprintf("%s BIGINT NULL", c))
		case SQLite:
			cols = append(cols, fmt.Sprintf("%s INTEGER REFERENCES %s (id)", c, p.name))
		}
		t.add(c, false)
	}
	switch g.d {
	case Postgres:
		cols = append(cols, "name varchar(100) NOT NULL", "created_at timestamptz NOT NULL DEFAULT now()")
		if withCode {
			cols = append(cols, "code varchar(40) UNIQUE")
		}
	case MySQL:
		cols = append(cols, "name VARCHAR(100) NOT NULL", "created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP")
		if withCode {
			cols = append(cols, "code VARCHAR(40) NULL UNIQUE")
		}
		for i, p := range parents {
			cols = append(cols, fmt.Sprintf("CONSTRAINT %s_fk%d FOREIGN KEY (%s) REFERENCES %s (id)", t.name, i+1, fkCols[i], p.name))
		}
	case SQLite:
		cols = append(cols, "name TEXT NOT NULL", "created_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP")
		if withCode {
			cols = append(cols, "code TEXT UNIQUE")
		}
	}
	t.add("name", true)
	t.add("created_at", true)
	if withCode {
		t.add("code", false)
	}
	create := "CREATE TABLE " + t.name + " (\n    " + strings.Join(cols, ",\n    ") + "\n)"
	if g.d == MySQL {
		create += " ENGINE=InnoDB"
	}
	m := Migration{Version: v, Name: "create_" + t.name, Up: []Statement{{SQL: create}}}
	m.Comment = "Create " + t.name
	if len(parents) > 0 {
		names := make([]string, len(parents))
		for i, p := range parents {
			names[i] = p.name
		}
		m.Comment += ", referencing " + strings.Join(names, " and ")
	}
	// PostgreSQL and SQLite do not index the referencing side of a foreign
	// key by themselves; projects add the index in the same migration.
	// MySQL's InnoDB creates one for the constraint.
	if g.d != MySQL {
		for _, c := range fkCols {
			ix := t.name + "_" + c + "_idx"
			g.indexes[ix] = true
			m.Up = append(m.Up, stmt("CREATE INDEX %s ON %s (%s)", ix, t.name, c))
		}
	}
	// Dropping the table drops its indexes and, on MySQL, its constraints.
	m.Down = []Statement{stmt("DROP TABLE %s", t.name)}
	g.tables = append(g.tables, t)
	return m
}

// addColumn adds a column to a recent table and, with index, indexes it in
// the same migration.
func (g *gen) addColumn(v int, index bool) Migration {
	t := g.recent()
	c := addedColumns[g.r.IntN(len(addedColumns))]
	name := c.name
	if t.has[name] {
		name += "_" + strconv.Itoa(v)
	}
	t.add(name, c.indexable)
	m := Migration{Version: v, Name: "add_" + name + "_to_" + t.name,
		Comment: "Add " + name + " to " + t.name,
		Up:      []Statement{stmt("ALTER TABLE %s ADD COLUMN %s %s", t.name, name, c.typ(g.d))},
		Down:    []Statement{stmt("ALTER TABLE %s DROP COLUMN %s", t.name, name)},
	}
	if index && c.indexable {
		ix := g.indexName(t, []string{name}, v)
		m.Name += "_indexed"
		m.Comment += ", indexed"
		m.Up = append(m.Up, stmt("CREATE INDEX %s ON %s (%s)", ix, t.name, name))
		// The index goes before the column it covers.
		m.Down = append([]Statement{g.dropIndex(ix, t)}, m.Down...)
	}
	return m
}

func (g *gen) indexName(t *table, cols []string, v int) string {
	ix := t.name + "_" + strings.Join(cols, "_") + "_idx"
	if g.indexes[ix] {
		ix = t.name + "_" + strings.Join(cols, "_") + "_" + strconv.Itoa(v) + "_idx"
	}
	g.indexes[ix] = true
	return ix
}

func (g *gen) dropIndex(ix string, t *table) Statement {
	if g.d == MySQL {
		return stmt("DROP INDEX %s ON %s", ix, t.name)
	}
	return stmt("DROP INDEX %s", ix)
}

// createIndex indexes one or two columns of a recent table.
func (g *gen) createIndex(v int) Migration {
	t := g.recent()
	var cand []string
	for _, c := range t.cols {
		if c.indexable {
			cand = append(cand, c.name)
		}
	}
	cols := []string{cand[g.r.IntN(len(cand))]}
	if g.r.IntN(10) < 3 && cols[0] != "created_at" {
		cols = append(cols, "created_at")
	}
	ix := g.indexName(t, cols, v)
	return Migration{Version: v, Name: "index_" + strings.TrimSuffix(ix, "_idx"),
		Comment: "Index " + t.name + " (" + strings.Join(cols, ", ") + ")",
		Up:      []Statement{stmt("CREATE INDEX %s ON %s (%s)", ix, t.name, strings.Join(cols, ", "))},
		Down:    []Statement{g.dropIndex(ix, t)},
	}
}

// insert seeds a few rows; the rows carry names unique to the migration so
// that the down section deletes exactly them.
func (g *gen) insert(v int) Migration {
	t := g.recent()
	k := 2 + g.r.IntN(4)
	vals := make([]string, k)
	names := make([]string, k)
	for i := range k {
		names[i] = fmt.Sprintf("'seed %d-%d'", v, i+1)
		vals[i] = "(" + names[i] + ")"
	}
	return Migration{Version: v, Name: "seed_" + t.name,
		Comment: fmt.Sprintf("Seed %d rows into %s", k, t.name),
		Up:      []Statement{stmt("INSERT INTO %s (name) VALUES %s", t.name, strings.Join(vals, ", "))},
		Down:    []Statement{stmt("DELETE FROM %s WHERE name IN (%s)", t.name, strings.Join(names, ", "))},
	}
}

// routine writes what each database uses for logic in the schema: a
// PL/pgSQL function on PostgreSQL, alternately a stored procedure and a
// trigger with BEGIN … END bodies (no DELIMITER) on MySQL, a trigger on
// SQLite.
func (g *gen) routine(v int) Migration {
	t := g.recent()
	odd := (v/20)%2 == 1
	switch g.d {
	case Postgres:
		fn := t.name + "_rename_" + strconv.Itoa(v)
		return Migration{Version: v, Name: "function_" + fn,
			Comment: "Function " + fn + " renames a row of " + t.name,
			Up: []Statement{{SQL: `CREATE FUNCTION ` + fn + `(p_id bigint, p_name text) RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
    n integer;
BEGIN
    UPDATE ` + t.name + ` SET name = p_name WHERE id = p_id;
    GET DIAGNOSTICS n = ROW_COUNT;
    IF n = 0 THEN
        RAISE NOTICE 'no row % in ` + t.name + `', p_id;
    END IF;
    RETURN n;
END;
$$`}},
			Down: []Statement{stmt("DROP FUNCTION %s(bigint, text)", fn)},
		}
	case MySQL:
		if odd {
			tr := t.name + "_bi_" + strconv.Itoa(v)
			return Migration{Version: v, Name: "trigger_" + tr,
				Comment: "Trigger " + tr + " names unnamed rows of " + t.name,
				Up: []Statement{{Compound: true, SQL: `CREATE TRIGGER ` + tr + ` BEFORE INSERT ON ` + t.name + `
FOR EACH ROW
BEGIN
    IF NEW.name = '' THEN
        SET NEW.name = 'unnamed';
    END IF;
END`}},
				Down: []Statement{stmt("DROP TRIGGER %s", tr)},
			}
		}
		p := t.name + "_rename_" + strconv.Itoa(v)
		return Migration{Version: v, Name: "procedure_" + p,
			Comment: "Procedure " + p + " renames a row of " + t.name,
			Up: []Statement{{Compound: true, SQL: `CREATE PROCEDURE ` + p + `(IN p_id BIGINT, IN p_name VARCHAR(100))
BEGIN
    DECLARE n INT DEFAULT 0;
    UPDATE ` + t.name + ` SET name = p_name WHERE id = p_id;
    SET n = ROW_COUNT();
    IF n = 0 THEN
        SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'no such row';
    END IF;
END`}},
			Down: []Statement{stmt("DROP PROCEDURE %s", p)},
		}
	}
	if odd {
		tr := t.name + "_touch_" + strconv.Itoa(v)
		return Migration{Version: v, Name: "trigger_" + tr,
			Comment: "Trigger " + tr + " stamps renamed rows of " + t.name,
			Up: []Statement{{Compound: true, SQL: `CREATE TRIGGER ` + tr + ` AFTER UPDATE OF name ON ` + t.name + `
FOR EACH ROW
BEGIN
    UPDATE ` + t.name + ` SET created_at = CURRENT_TIMESTAMP WHERE id = NEW.id;
    DELETE FROM ` + t.name + ` WHERE id = NEW.id AND NEW.name = '';
END`}},
			Down: []Statement{stmt("DROP TRIGGER %s", tr)},
		}
	}
	tr := t.name + "_check_" + strconv.Itoa(v)
	return Migration{Version: v, Name: "trigger_" + tr,
		Comment: "Trigger " + tr + " refuses unnamed rows in " + t.name,
		Up: []Statement{{Compound: true, SQL: `CREATE TRIGGER ` + tr + ` BEFORE INSERT ON ` + t.name + `
WHEN NEW.name = ''
BEGIN
    SELECT RAISE(ABORT, 'name must not be empty');
END`}},
		Down: []Statement{stmt("DROP TRIGGER %s", tr)},
	}
}

// File renders a migration in strata's format: the up section, a
// "-- strata:down" line, the down section.
func File(m Migration) string {
	var b strings.Builder
	b.WriteString("-- " + m.Comment + "\n")
	writeStmts(&b, m.Up, "", "")
	b.WriteString("-- strata:down\n")
	writeStmts(&b, m.Down, "", "")
	return b.String()
}

// writeStmts writes statements separated by blank lines. Compound
// statements get the given delimiter lines around them when open is set.
func writeStmts(b *strings.Builder, stmts []Statement, open, close string) {
	for _, s := range stmts {
		if s.Compound && open != "" {
			b.WriteString(open + "\n" + s.SQL + close + "\n\n")
			continue
		}
		b.WriteString(s.SQL + ";\n\n")
	}
}

// Script renders the plain script the database's own client runs for the
// same migrations: up sections in order (down=false) or down sections in
// reverse order (down=true). PostgreSQL and SQLite get one transaction per
// migration, as strata runs them; MySQL runs statements as they come (its
// DDL commits by itself) and needs DELIMITER around compound statements.
func Script(d Dialect, migs []Migration, down bool) string {
	var b strings.Builder
	switch d {
	case Postgres:
		b.WriteString("\\set ON_ERROR_STOP on\n\n")
	case SQLite:
		b.WriteString(".bail on\n\n")
	}
	width := Width(len(migs))
	for i := range migs {
		m := migs[i]
		stmts := m.Up
		if down {
			m = migs[len(migs)-1-i]
			stmts = m.Down
		}
		b.WriteString("-- " + m.FileName(width) + ": " + m.Comment + "\n")
		switch d {
		case MySQL:
			writeStmts(&b, stmts, "DELIMITER //", "//\nDELIMITER ;")
		default:
			b.WriteString("BEGIN;\n")
			writeStmts(&b, stmts, "", "")
			b.WriteString("COMMIT;\n\n")
		}
	}
	return b.String()
}

// Write generates n migrations for d into dir: dir/migrations/*.sql in
// strata's format, dir/up.sql and dir/down.sql for the client. dir must not
// hold an earlier set (stale files would mix into the migrations).
func Write(dir string, d Dialect, n int, seed uint64) ([]Migration, error) {
	migs, err := Generate(d, n, seed)
	if err != nil {
		return nil, err
	}
	mdir := filepath.Join(dir, "migrations")
	if ents, err := os.ReadDir(mdir); err == nil && len(ents) > 0 {
		return nil, fmt.Errorf("%s is not empty; remove it or choose another directory", mdir)
	}
	if err := os.MkdirAll(mdir, 0o755); err != nil {
		return nil, err
	}
	width := Width(n)
	for _, m := range migs {
		if err := os.WriteFile(filepath.Join(mdir, m.FileName(width)), []byte(File(m)), 0o644); err != nil {
			return nil, err
		}
	}
	if err := os.WriteFile(filepath.Join(dir, "up.sql"), []byte(Script(d, migs, false)), 0o644); err != nil {
		return nil, err
	}
	if err := os.WriteFile(filepath.Join(dir, "down.sql"), []byte(Script(d, migs, true)), 0o644); err != nil {
		return nil, err
	}
	return migs, nil
}
