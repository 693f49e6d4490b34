package strata_test

import (
	"context"
	"database/sql"
	"errors"
	"io/fs"
	"os"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/strata-db/strata"
	"github.com/strata-db/strata/internal/corpus"
	"github.com/strata-db/strata/internal/testdb"
)

// changeLines renders changes one per line, for comparing and printing.
func changeLines(cs []strata.Change) []string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = c.String()
	}
	return out
}

func mustUp(t testing.TB, m *strata.Migrator) []strata.Result {
	t.Helper()
	res, err := m.Up(context.Background())
	if err != nil {
		t.Fatalf("up: %v", err)
	}
	return res
}

func exec(t testing.TB, db *sql.DB, stmts ...string) {
	t.Helper()
	for _, s := range stmts {
		if _, err := db.Exec(s); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
	}
}

// driftFS is a small migration set, written per dialect, with a table, a
// foreign key with ON DELETE, an index and a view.
func driftFS(dialect string) fs.FS {
	id := "id INTEGER PRIMARY KEY"
	switch dialect {
	case "postgres":
		id = "id bigserial PRIMARY KEY"
	case "mysql":
		id = "id BIGINT AUTO_INCREMENT PRIMARY KEY"
	}
	ref := "INTEGER"
	if dialect != "sqlite" {
		ref = "BIGINT"
	}
	return fstest.MapFS{
		"001_users.sql": {Data: []byte("CREATE TABLE users (" + id + ", email VARCHAR(200) NOT NULL);\n" +
			"CREATE INDEX users_email_idx ON users (email);\n-- strata:down\nDROP TABLE users;\n")},
		"002_posts.sql": {Data: []byte("CREATE TABLE posts (" + id + ", user_id " + ref + ", title VARCHAR(200),\n" +
			"  CONSTRAINT posts_user_fk FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE);\n" +
			"-- strata:down\nDROP TABLE posts;\n")},
		"003_titles.sql": {Data: []byte("CREATE VIEW titles AS SELECT id, title FROM posts;\n-- strata:down\nDROP VIEW titles;\n")},
	}
}

func TestDrift(t *testing.T) {
	for _, d := range testdb.Dialects {
		t.Run(d, func(t *testing.T) {
			ctx := context.Background()
			live := testdb.Open(t, d)
			fsys := driftFS(d)
			m, err := strata.New(live.DB, strata.Dialect(d), fsys)
			if err != nil {
				t.Fatal(err)
			}
			mustUp(t, m)
			r, err := m.Drift(ctx, testdb.Open(t, d).DB)
			if err != nil {
				t.Fatal(err)
			}
			if r.Drifted() || r.Replayed != 3 || r.CurrentVersion != "3" {
				t.Fatalf("fresh database: %+v\n%s", r, strings.Join(changeLines(r.Changes), "\n"))
			}

			// By hand: an index dropped, a column added, ON DELETE changed.
			switch d {
			case "postgres":
				exec(t, live.DB, `DROP INDEX users_email_idx`, `ALTER TABLE users ADD COLUMN nickname text`,
					`ALTER TABLE posts DROP CONSTRAINT posts_user_fk`,
					`ALTER TABLE posts ADD CONSTRAINT posts_user_fk FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE SET NULL`)
			case "mysql":
				exec(t, live.DB, `DROP INDEX users_email_idx ON users`, `ALTER TABLE users ADD COLUMN nickname TEXT`,
					`ALTER TABLE posts DROP FOREIGN KEY posts_user_fk`,
					`ALTER TABLE posts ADD CONSTRAINT posts_user_fk FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE SET NULL`)
			case "sqlite":
				exec(t, live.DB, `DROP INDEX users_email_idx`, `ALTER TABLE users ADD COLUMN nickname TEXT`)
				rebuildSQLite(t, live.DB, "posts", "ON DELETE CASCADE", "ON DELETE SET NULL")
			}
			r, err = m.Drift(ctx, testdb.Open(t, d).DB)
			if err != nil {
				t.Fatal(err)
			}
			fk := "posts.posts_user_fk"
			if d == "sqlite" {
				fk = "posts.FOREIGN KEY (user_id) REFERENCES users (id)"
			}
			want := []string{
				"changed foreign key " + fk + ": on delete: CASCADE -> SET NULL",
				"added column users.nickname: ",
				"removed index users.users_email_idx: ",
			}
			got := changeLines(r.Changes)
			if len(got) != len(want) {
				t.Fatalf("got %d changes, want %d:\n%s", len(got), len(want), strings.Join(got, "\n"))
			}
			for i := range want {
				if !strings.HasPrefix(got[i], want[i]) {
					t.Errorf("change %d: got %q, want %q…", i, got[i], want[i])
				}
			}
		})
	}
}

// rebuildSQLite changes a table's definition the way SQLite asks for it:
// a new table under a temporary name, the rows copied, the old one dropped,
// the new one renamed, its indexes made again.
func rebuildSQLite(t *testing.T, db *sql.DB, table, old, new string) {
	t.Helper()
	var def string
	if err := db.QueryRow(`SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = ?`, table).Scan(&def); err != nil {
		t.Fatal(err)
	}
	rows, err := db.Query(`SELECT sql FROM sqlite_schema WHERE tbl_name = ? AND type IN ('index', 'trigger') AND sql IS NOT NULL`, table)
	if err != nil {
		t.Fatal(err)
	}
	var extra []string
	for rows.Next() {
		var s string
		rows.Scan(&s)
		extra = append(extra, s)
	}
	rows.Close()
	// Written in any case and quoted or not in the corpus.
	at := strings.Index(strings.ToUpper(def), strings.ToUpper(old))
	if at < 0 {
		t.Fatalf("%q not in %s", old, def)
	}
	def = def[:at] + new + def[at+len(old):]
	open := strings.IndexByte(def, '(')
	newDef := "CREATE TABLE \"" + table + "_new\" " + def[open:]
	conn, err := db.Conn(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	// legacy_alter_table keeps the rename from rewriting (and checking) the
	// views and triggers that name the table, as SQLite's own recipe asks.
	for _, s := range append([]string{`PRAGMA foreign_keys = OFF`, `PRAGMA legacy_alter_table = ON`, newDef,
		`INSERT INTO "` + table + `_new" SELECT * FROM "` + table + `"`, `DROP TABLE "` + table + `"`,
		`ALTER TABLE "` + table + `_new" RENAME TO "` + table + `"`}, extra...) {
		if _, err := conn.ExecContext(context.Background(), s); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
	}
}

func TestDriftRefusesNonEmptyScratch(t *testing.T) {
	ctx := context.Background()
	live := testdb.SQLite(t)
	m, err := strata.New(live.DB, strata.SQLite, driftFS("sqlite"))
	if err != nil {
		t.Fatal(err)
	}
	mustUp(t, m)
	// The live database itself, given by mistake as the scratch one.
	_, err = m.Drift(ctx, live.DB)
	if err == nil || !strings.Contains(err.Error(), "table users") || !strings.Contains(err.Error(), "Try:") {
		t.Fatalf("want a refusal naming what is there, got %v", err)
	}
}

// Versions skipped by the live database are skipped by the replay too.
func TestDriftReplaysExactlyTheAppliedVersions(t *testing.T) {
	ctx := context.Background()
	live := testdb.SQLite(t)
	fsys := driftFS("sqlite").(fstest.MapFS)
	three := fsys["003_titles.sql"]
	delete(fsys, "003_titles.sql")
	m, err := strata.New(live.DB, strata.SQLite, fsys)
	if err != nil {
		t.Fatal(err)
	}
	mustUp(t, m)
	fsys["003_titles.sql"] = three
	r, err := m.Drift(ctx, testdb.SQLite(t).DB)
	if err != nil {
		t.Fatal(err)
	}
	if r.Drifted() || r.Replayed != 2 {
		t.Fatalf("%+v: %v", r, changeLines(r.Changes))
	}
}

func TestMemoryDatabaseAsScratch(t *testing.T) {
	ctx := context.Background()
	live := testdb.SQLite(t)
	m, err := strata.New(live.DB, strata.SQLite, driftFS("sqlite"))
	if err != nil {
		t.Fatal(err)
	}
	mustUp(t, m)
	s, err := strata.MemoryDatabase(ctx, live.DB.Driver())
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close(ctx)
	r, err := m.Drift(ctx, s.DB)
	if err != nil {
		t.Fatal(err)
	}
	if r.Drifted() || r.Replayed != 3 {
		t.Fatalf("%+v", r)
	}
}

func TestTempDatabase(t *testing.T) {
	for _, d := range []string{"postgres", "mysql"} {
		t.Run(d, func(t *testing.T) {
			ctx := context.Background()
			live := testdb.Open(t, d)
			m, err := strata.New(live.DB, strata.Dialect(d), driftFS(d))
			if err != nil {
				t.Fatal(err)
			}
			mustUp(t, m)
			s, err := strata.TempDatabase(ctx, live.DB, func(name string) (*sql.DB, error) {
				return sql.Open(live.Driver, strings.Replace(live.DSN, live.Name, name, 1))
			})
			if err != nil {
				t.Fatal(err)
			}
			r, err := m.Drift(ctx, s.DB)
			if err != nil {
				t.Fatal(err)
			}
			if r.Drifted() {
				t.Fatalf("%v", changeLines(r.Changes))
			}
			if err := s.Close(ctx); err != nil {
				t.Fatal(err)
			}
			var n int
			q := `SELECT COUNT(*) FROM pg_database WHERE datname = $1`
			if d == "mysql" {
				q = `SELECT COUNT(*) FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?`
			}
			if err := live.DB.QueryRow(q, s.Name).Scan(&n); err != nil || n != 0 {
				t.Fatalf("temporary database %s left behind (%d, %v)", s.Name, n, err)
			}
		})
	}
}

func TestTempDatabaseOnSQLiteSaysWhatToDo(t *testing.T) {
	live := testdb.SQLite(t)
	_, err := strata.TempDatabase(context.Background(), live.DB, func(string) (*sql.DB, error) {
		t.Fatal("open called although nothing was created")
		return nil, nil
	})
	if err == nil || !strings.Contains(err.Error(), "--dev-url") {
		t.Fatalf("got %v", err)
	}
}

func TestInspectAndDiffTwoDatabases(t *testing.T) {
	ctx := context.Background()
	a, b := testdb.SQLite(t), testdb.SQLite(t)
	exec(t, a.DB, `CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)`)
	exec(t, b.DB, `CREATE TABLE t (id INTEGER PRIMARY KEY, v INTEGER)`, `CREATE TABLE strata_history (x)`)
	sa, err := strata.Inspect(ctx, a.DB, strata.SQLite)
	if err != nil {
		t.Fatal(err)
	}
	sb, err := strata.Inspect(ctx, b.DB, strata.SQLite, strata.WithTables("strata_history", "strata_lock"))
	if err != nil {
		t.Fatal(err)
	}
	got := changeLines(strata.Diff(sa, sb))
	if !slices.Equal(got, []string{"changed column t.v: type: TEXT -> INTEGER"}) {
		t.Fatalf("got %q", got)
	}
	if d := strata.Diff(sa, sa); d == nil || len(d) != 0 {
		t.Fatalf("want an empty, non-nil list, got %#v", d)
	}
}

// kratos applied by strata shows no drift; after hand-made changes, drift
// reports exactly those.
func TestDriftKratosPostgres(t *testing.T) {
	if testing.Short() {
		t.Skip("long")
	}
	ctx := context.Background()
	dir := corpus.Dir(t, "kratos-postgres")
	live := testdb.Postgres(t)
	m, err := strata.New(live.DB, strata.Postgres, os.DirFS(dir))
	if err != nil {
		t.Fatal(err)
	}
	mustUp(t, m)
	start := time.Now()
	r, err := m.Drift(ctx, testdb.Postgres(t).DB)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("drift of %d migrations in %s", r.Replayed, time.Since(start).Round(time.Millisecond))
	if r.Drifted() {
		t.Fatalf("kratos applied by strata drifts:\n%s", strings.Join(changeLines(r.Changes), "\n"))
	}
	// Reading the whole schema and comparing it is quick enough to run on
	// every deploy.
	start = time.Now()
	live0, err := m.Inspect(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if d := strata.Diff(live0, live0); len(d) != 0 {
		t.Fatal(d)
	}
	if took := time.Since(start); took > time.Second {
		t.Errorf("inspecting and diffing kratos took %s, more than a second", took)
	} else {
		t.Logf("inspect+diff: %s for %d tables", took.Round(time.Microsecond), len(live0.Tables))
	}
	// The objects to change by hand are picked from the schema, so that
	// the test follows the corpus: the first index, and the first foreign
	// key with ON DELETE CASCADE, in name order.
	var idxTable, idx, fkTable string
	var fk *strata.ForeignKey
	for _, tb := range live0.Tables {
		if idx == "" && len(tb.Indexes) > 0 {
			idxTable, idx = tb.Name, tb.Indexes[0].Name
		}
		for _, f := range tb.ForeignKeys {
			if fk == nil && f.OnDelete == "CASCADE" {
				fkTable, fk = tb.Name, f
			}
		}
	}
	if idx == "" || fk == nil {
		t.Fatal("no index or no ON DELETE CASCADE foreign key in kratos")
	}
	exec(t, live.DB,
		`DROP INDEX `+idx,
		`ALTER TABLE identities ADD COLUMN nickname text`,
		`ALTER TABLE `+fkTable+` DROP CONSTRAINT `+fk.Name,
		`ALTER TABLE `+fkTable+` ADD CONSTRAINT `+fk.Name+` FOREIGN KEY (`+strings.Join(fk.Columns, ", ")+`) REFERENCES `+
			fk.RefTable+` (`+strings.Join(fk.RefColumns, ", ")+`) ON DELETE SET NULL ON UPDATE `+fk.OnUpdate)
	r, err = m.Drift(ctx, testdb.Postgres(t).DB)
	if err != nil {
		t.Fatal(err)
	}
	want := []strata.Change{
		{Kind: strata.ChangeAdded, Object: "column", Name: "identities.nickname", To: "text"},
		{Kind: strata.ChangeRemoved, Object: "index", Name: idxTable + "." + idx},
		{Kind: strata.ChangeChanged, Object: "foreign key", Name: fkTable + "." + fk.Name, Attribute: "on delete", From: "CASCADE", To: "SET NULL"},
	}
	checkChanges(t, r.Changes, want)
}

// checkChanges checks that got holds exactly the changes of want, in any
// order; a removed object's description is not compared.
func checkChanges(t *testing.T, got, want []strata.Change) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("got %d changes, want %d:\n%s", len(got), len(want), strings.Join(changeLines(got), "\n"))
	}
	for _, w := range want {
		found := false
		for _, g := range got {
			if w.Kind == strata.ChangeRemoved {
				g.From = ""
			}
			if g == w {
				found = true
			}
		}
		if !found {
			t.Errorf("missing %s; got:\n%s", w, strings.Join(changeLines(got), "\n"))
		}
	}
}

func TestDriftKratosSQLite(t *testing.T) {
	if testing.Short() {
		t.Skip("long")
	}
	ctx := context.Background()
	dir := corpus.Dir(t, "kratos-sqlite3")
	live := testdb.SQLite(t)
	m, err := strata.New(live.DB, strata.SQLite, os.DirFS(dir))
	if err != nil {
		t.Fatal(err)
	}
	mustUp(t, m)
	start := time.Now()
	r, err := m.Drift(ctx, testdb.SQLite(t).DB)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("drift of %d migrations in %s", r.Replayed, time.Since(start).Round(time.Millisecond))
	if r.Drifted() {
		t.Fatalf("kratos applied by strata drifts:\n%s", strings.Join(changeLines(r.Changes), "\n"))
	}
	// The first index, and the first table with exactly one ON DELETE
	// CASCADE foreign key, in name order.
	live0, err := m.Inspect(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var idxTable, idx, fkTable string
	var fk *strata.ForeignKey
	for _, tb := range live0.Tables {
		if idx == "" && len(tb.Indexes) > 0 {
			idxTable, idx = tb.Name, tb.Indexes[0].Name
		}
		var cascades []*strata.ForeignKey
		for _, f := range tb.ForeignKeys {
			if f.OnDelete == "CASCADE" {
				cascades = append(cascades, f)
			}
		}
		if fk == nil && len(cascades) == 1 {
			fkTable, fk = tb.Name, cascades[0]
		}
	}
	if idx == "" || fk == nil {
		t.Fatal("no index or no table with one ON DELETE CASCADE foreign key in kratos")
	}
	exec(t, live.DB, `DROP INDEX "`+idx+`"`, `ALTER TABLE identities ADD COLUMN nickname TEXT`)
	rebuildSQLite(t, live.DB, fkTable, "ON DELETE CASCADE", "ON DELETE SET NULL")
	r, err = m.Drift(ctx, testdb.SQLite(t).DB)
	if err != nil {
		t.Fatal(err)
	}
	fkName := "FOREIGN KEY (" + strings.Join(fk.Columns, ", ") + ") REFERENCES " + fk.RefTable + " (" + strings.Join(fk.RefColumns, ", ") + ")"
	checkChanges(t, r.Changes, []strata.Change{
		{Kind: strata.ChangeAdded, Object: "column", Name: "identities.nickname", To: "TEXT"},
		{Kind: strata.ChangeRemoved, Object: "index", Name: idxTable + "." + idx},
		{Kind: strata.ChangeChanged, Object: "foreign key", Name: fkTable + "." + fkName, Attribute: "on delete", From: "CASCADE", To: "SET NULL"},
	})
	t.Logf("drift after the changes:\n%s", strings.Join(changeLines(r.Changes), "\n"))
}

// BenchmarkInspectDiffKratosPostgres times what strata diff and drift do
// per database: read the whole kratos schema from pg_catalog, and compare
// it with another reading.
func BenchmarkInspectDiffKratosPostgres(b *testing.B) {
	ctx := context.Background()
	dir := corpus.Dir(b, "kratos-postgres")
	live := testdb.Postgres(b)
	m, err := strata.New(live.DB, strata.Postgres, os.DirFS(dir))
	if err != nil {
		b.Fatal(err)
	}
	mustUp(b, m)
	first, err := m.Inspect(ctx)
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for b.Loop() {
		s, err := m.Inspect(ctx)
		if err != nil {
			b.Fatal(err)
		}
		if d := strata.Diff(first, s); len(d) != 0 {
			b.Fatalf("%v", changeLines(d))
		}
	}
	b.ReportMetric(float64(len(first.Tables)), "tables")
}

// kratos-mysql stops on MariaDB at a migration whose generated column
// MariaDB rejects (see TestCorpusKratosMySQL), after its first statements
// committed. Drift replays the 344 applied migrations and finds exactly
// what the failed one left behind.
func TestDriftKratosMySQL(t *testing.T) {
	if testing.Short() {
		t.Skip("long")
	}
	dir := corpus.Dir(t, "kratos-mysql")
	open := func() *sql.DB {
		base := testdb.MySQL(t)
		sep := "?"
		if strings.Contains(base.DSN, "?") {
			sep = "&"
		}
		db, err := sql.Open("mysql", base.DSN+sep+"sql_mode=%27NO_ENGINE_SUBSTITUTION%27")
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		return db
	}
	ctx := context.Background()
	m, err := strata.New(open(), strata.MySQL, os.DirFS(dir))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := m.Up(ctx); err == nil {
		t.Fatal("kratos-mysql applied completely on this server; the test expects MariaDB to refuse one migration")
	}
	r, err := m.Drift(ctx, open())
	if err != nil {
		t.Fatal(err)
	}
	got := changeLines(r.Changes)
	if len(got) != 1 || !strings.HasPrefix(got[0], "added table identity_pending_traits_changes: ") ||
		len(r.Failed) != 1 || r.Failed[0] != "20260408000000000000" {
		t.Fatalf("replayed %d, failed %v:\n%s", r.Replayed, r.Failed, strings.Join(got, "\n"))
	}
}

// What a statement changes without changing a definition's text is drift
// too: a foreign key and a check added NOT VALID by the migrations and
// validated by hand (PostgreSQL), an index hidden from the optimizer by
// hand (MariaDB).
func TestDriftSeesStateChanges(t *testing.T) {
	for _, d := range []string{"postgres", "mysql"} {
		t.Run(d, func(t *testing.T) {
			ctx := context.Background()
			live := testdb.Open(t, d)
			fsys := driftFS(d).(fstest.MapFS)
			byHand, want := []string{"ALTER TABLE posts ALTER INDEX posts_title_idx IGNORED"},
				[]string{"changed index posts.posts_title_idx: visible: true -> false"}
			fsys["004_checks.sql"] = &fstest.MapFile{Data: []byte("CREATE INDEX posts_title_idx ON posts (title);\n")}
			if d == "postgres" {
				fsys["004_checks.sql"] = &fstest.MapFile{Data: []byte(
					"ALTER TABLE posts DROP CONSTRAINT posts_user_fk;\n" +
						"ALTER TABLE posts ADD CONSTRAINT posts_user_fk FOREIGN KEY (user_id) REFERENCES users (id) NOT VALID;\n" +
						"ALTER TABLE posts ADD CONSTRAINT posts_title_check CHECK (title <> '') NOT VALID;\n")}
				byHand = []string{"ALTER TABLE posts VALIDATE CONSTRAINT posts_user_fk", "ALTER TABLE posts VALIDATE CONSTRAINT posts_title_check"}
				want = []string{"changed check posts.posts_title_check: validated: false -> true",
					"changed foreign key posts.posts_user_fk: validated: false -> true"}
			}
			m, err := strata.New(live.DB, strata.Dialect(d), fsys)
			if err != nil {
				t.Fatal(err)
			}
			mustUp(t, m)
			r, err := m.Drift(ctx, testdb.Open(t, d).DB)
			if err != nil {
				t.Fatal(err)
			}
			if r.Drifted() {
				t.Fatalf("fresh database drifted: %s", strings.Join(changeLines(r.Changes), "\n"))
			}
			exec(t, live.DB, byHand...)
			if r, err = m.Drift(ctx, testdb.Open(t, d).DB); err != nil {
				t.Fatal(err)
			}
			if got := changeLines(r.Changes); !slices.Equal(got, want) {
				t.Fatalf("got:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
			}
		})
	}
}

// devFS adds to driftFS what a scratch database must lose again: on
// PostgreSQL a schema of its own, an extension, a type, a function, a
// sequence and a materialized view; on MySQL a procedure, an event and a
// sequence; on SQLite a trigger.
func devFS(d string) fs.FS {
	fsys := driftFS(d).(fstest.MapFS)
	extra := map[string]string{
		"postgres": "CREATE SCHEMA audit;\nCREATE TABLE audit.log (id int);\nCREATE EXTENSION IF NOT EXISTS pg_trgm;\n" +
			"CREATE TYPE mood AS ENUM ('ok');\nCREATE DOMAIN posint AS int CHECK (VALUE > 0);\nCREATE SEQUENCE n;\n" +
			"CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$;\n" +
			"CREATE MATERIALIZED VIEW counts AS SELECT count(*) AS n FROM posts;\n" +
			"ALTER TABLE posts ADD CONSTRAINT posts_self_fk FOREIGN KEY (id) REFERENCES posts (id);\n",
		"mysql": "CREATE PROCEDURE p() SELECT 1;\nCREATE EVENT e ON SCHEDULE EVERY 1 DAY DISABLE DO SELECT 1;\nCREATE SEQUENCE n;\n" +
			"ALTER TABLE users ADD COLUMN post_id BIGINT, ADD CONSTRAINT users_post_fk FOREIGN KEY (post_id) REFERENCES posts (id);\n",
		"sqlite": "CREATE TRIGGER posts_touch AFTER INSERT ON posts BEGIN SELECT 1; END;\n",
	}
	fsys["004_more.sql"] = &fstest.MapFile{Data: []byte(extra[d])}
	return fsys
}

// A --dev-url database is left as it was found after Drift, Verify and
// Health, so that the next run takes it again: every object the replay
// made is gone, strata's tracking tables too, and what the database had
// (PostgreSQL's plpgsql, an extension of its own) is still there.
func TestDevDatabaseLeftAsFound(t *testing.T) {
	for _, d := range testdb.Dialects {
		t.Run(d, func(t *testing.T) {
			ctx := context.Background()
			live := testdb.Open(t, d)
			m, err := strata.New(live.DB, strata.Dialect(d), devFS(d))
			if err != nil {
				t.Fatal(err)
			}
			mustUp(t, m)
			dev := testdb.Open(t, d)
			if d == "postgres" {
				exec(t, dev.DB, `CREATE EXTENSION IF NOT EXISTS citext`, `CREATE SCHEMA kept`)
			}
			found, err := strata.Inspect(ctx, dev.DB, strata.Dialect(d))
			if err != nil {
				t.Fatal(err)
			}
			objects := func() int {
				q := map[string]string{
					"postgres": `SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')`,
					"mysql":    `SELECT (SELECT count(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE()) + (SELECT count(*) FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = DATABASE()) + (SELECT count(*) FROM information_schema.EVENTS WHERE EVENT_SCHEMA = DATABASE())`,
					"sqlite":   `SELECT count(*) FROM sqlite_schema`,
				}[d]
				var n int
				if err := dev.DB.QueryRow(q).Scan(&n); err != nil {
					t.Fatal(err)
				}
				return n
			}
			before := objects()
			for i, run := range []func(*sql.DB) error{
				func(db *sql.DB) error { _, err := m.Drift(ctx, db); return err },
				func(db *sql.DB) error { _, err := m.Verify(ctx, db); return err },
				func(db *sql.DB) error { _, err := m.Health(ctx, strata.HealthDrift(db)); return err },
			} {
				sc, err := m.DevDatabase(ctx, dev.DB)
				if err != nil {
					t.Fatalf("run %d: %v", i, err)
				}
				if err := run(sc.DB); err != nil {
					t.Fatalf("run %d: %v", i, err)
				}
				if objects() <= before {
					t.Fatalf("run %d replayed nothing", i)
				}
				if err := sc.Close(ctx); err != nil {
					t.Fatalf("run %d: %v", i, err)
				}
				if n := objects(); n != before {
					t.Fatalf("run %d left %d objects, found %d", i, n, before)
				}
				now, err := strata.Inspect(ctx, dev.DB, strata.Dialect(d))
				if err != nil {
					t.Fatal(err)
				}
				if diff := strata.Diff(found, now); len(diff) > 0 {
					t.Fatalf("run %d left the database changed:\n%s", i, strings.Join(changeLines(diff), "\n"))
				}
			}
			// A database that holds something is refused, and not emptied.
			exec(t, dev.DB, "CREATE TABLE mine (id INTEGER)")
			if _, err := m.DevDatabase(ctx, dev.DB); !errors.Is(err, strata.ErrScratchNotEmpty) || !strings.Contains(err.Error(), "table mine") {
				t.Fatalf("want a refusal naming table mine, got %v", err)
			}
			if objects() != before+1 {
				t.Fatal("a refused database was changed")
			}
		})
	}
}
