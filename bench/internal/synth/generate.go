package synth

import (
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
)

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
