package sqlite_test

import (
	"context"
	"strings"
	"testing"

	"github.com/strata-db/strata/internal/dialect"
	"github.com/strata-db/strata/internal/dialect/sqlite"
	"github.com/strata-db/strata/internal/schema"
	"github.com/strata-db/strata/internal/testdb"
)

var tracking = dialect.Tables{History: "schema_migrations", Locks: "migration_locks"}

// build makes a fresh database from statements and inspects it.
func build(t *testing.T, stmts ...string) *schema.Schema {
	t.Helper()
	db := testdb.SQLite(t)
	for _, s := range stmts {
		if _, err := db.DB.Exec(s); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
	}
	ctx := context.Background()
	conn, err := db.DB.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	s, err := sqlite.Engine{}.Inspect(ctx, conn, tracking)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

var base = []string{
	`CREATE TABLE users (
		id INTEGER PRIMARY KEY AUTOINCREMENT,
		email TEXT NOT NULL COLLATE NOCASE UNIQUE,
		name varchar(50),
		created_at TEXT DEFAULT CURRENT_TIMESTAMP,
		email_lower TEXT GENERATED ALWAYS AS (lower(email)) STORED,
		CONSTRAINT name_len CHECK (length(name) > 1)
	)`,
	`CREATE TABLE posts (
		id INTEGER PRIMARY KEY,
		user_id INTEGER REFERENCES users ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
		title TEXT CHECK (title <> ''),
		deleted_at TEXT
	)`,
	`CREATE TABLE tags (post_id INTEGER, tag TEXT, PRIMARY KEY (post_id, tag), FOREIGN KEY (post_id) REFERENCES posts (id)) WITHOUT ROWID`,
	`CREATE INDEX posts_live_idx ON posts (user_id) WHERE deleted_at IS NULL`,
	`CREATE INDEX posts_title_idx ON posts (lower(title) DESC, title COLLATE NOCASE)`,
	`CREATE VIEW live_posts AS SELECT id, title FROM posts WHERE deleted_at IS NULL`,
	`CREATE TRIGGER users_touch AFTER INSERT ON users BEGIN UPDATE users SET created_at = CURRENT_TIMESTAMP WHERE id = NEW.id; END`,
}

func TestInspectModel(t *testing.T) {
	s := build(t, base...)
	users, posts, tags := s.Table("users"), s.Table("posts"), s.Table("tags")
	if users == nil || posts == nil || tags == nil {
		t.Fatalf("tables: %+v", s.Tables)
	}
	checks := map[string]bool{
		"autoincrement":      users.Column("id").Identity == "AUTOINCREMENT",
		"collation":          users.Column("email").Collation == "NOCASE",
		"type upper":         users.Column("name").Type == "VARCHAR(50)",
		"default":            users.Column("created_at").Default == "CURRENT_TIMESTAMP",
		"generated":          users.Column("email_lower").Generated == "lower(email) STORED",
		"named check":        len(users.Checks) == 1 && users.Checks[0].Name == "name_len" && users.Checks[0].Expr == "length(name) > 1",
		"unique":             len(users.Uniques) == 1 && users.Uniques[0].Columns[0] == "email",
		"column check":       len(posts.Checks) == 1 && posts.Checks[0].Expr == "title <> ''",
		"fk to implicit pk":  len(posts.ForeignKeys) == 1 && posts.ForeignKeys[0].RefColumns[0] == "id",
		"fk deferrable":      posts.ForeignKeys[0].Deferrable == "DEFERRABLE INITIALLY DEFERRED",
		"fk on delete":       posts.ForeignKeys[0].OnDelete == "CASCADE",
		"composite pk":       tags.PrimaryKey != nil && strings.Join(tags.PrimaryKey.Columns, ",") == "post_id,tag",
		"without rowid":      tags.Options["without rowid"] == "true",
		"table fk":           len(tags.ForeignKeys) == 1 && tags.ForeignKeys[0].RefTable == "posts",
		"partial index":      index(posts, "posts_live_idx").Where == "deleted_at IS NULL",
		"expression index":   strings.Join(index(posts, "posts_title_idx").Columns, ", ") == "lower(title) DESC, title COLLATE NOCASE",
		"view":               len(s.Views) == 1 && s.Views[0].Definition == "SELECT id, title FROM posts WHERE deleted_at IS NULL",
		"trigger":            len(s.Triggers) == 1 && s.Triggers[0].Table == "users",
		"no sqlite_sequence": s.Table("sqlite_sequence") == nil,
	}
	for what, ok := range checks {
		if !ok {
			t.Errorf("%s: not as expected", what)
		}
	}
	if t.Failed() {
		for _, tb := range s.Tables {
			t.Logf("%+v", *tb)
			for _, c := range tb.Columns {
				t.Logf("  %+v", *c)
			}
			for _, i := range tb.Indexes {
				t.Logf("  %+v", *i)
			}
		}
	}
}

func index(t *schema.Table, name string) *schema.Index {
	for _, i := range t.Indexes {
		if i.Name == name {
			return i
		}
	}
	return &schema.Index{}
}

func TestIdenticalSchemasHaveNoDifferences(t *testing.T) {
	a := build(t, base...)
	b := build(t, base...)
	if d := schema.Diff(a, b); len(d) != 0 {
		t.Fatalf("identical builds differ: %v", d)
	}
}

// The same schema written differently (layout, case, quoting, a table
// rebuilt the SQLite way, the tracking tables in one only) shows no
// difference.
func TestSameSchemaOtherPathHasNoDifferences(t *testing.T) {
	a := build(t,
		`CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT NOT NULL)`,
		`CREATE INDEX users_email ON users (email)`,
		`CREATE VIEW v AS SELECT id FROM users`)
	b := build(t,
		`CREATE TABLE "users_tmp" ("id" integer   PRIMARY KEY)`,
		`ALTER TABLE users_tmp ADD COLUMN email text NOT NULL DEFAULT ''`,
		`CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT NOT NULL)`,
		`INSERT INTO users SELECT id, email FROM users_tmp`,
		`DROP TABLE users_tmp`,
		`CREATE INDEX users_email ON users (email)`,
		"CREATE VIEW \"v\" AS\n  SELECT id\n  FROM users -- all of them",
		`CREATE TABLE schema_migrations (id INTEGER PRIMARY KEY AUTOINCREMENT, version TEXT)`,
		`CREATE INDEX schema_migrations_version_idx ON schema_migrations (version)`,
		`CREATE TABLE migration_locks (lock_key TEXT)`)
	if d := schema.Diff(a, b); len(d) != 0 {
		t.Fatalf("differences: %v", d)
	}
}

func TestDifferencesAreExactlyTheChanges(t *testing.T) {
	a := build(t, base...)
	changed := make([]string, len(base))
	copy(changed, base)
	replace := func(old, new string) {
		for i, s := range changed {
			if strings.Contains(s, old) {
				changed[i] = strings.Replace(s, old, new, 1)
				return
			}
		}
		t.Fatalf("%q not in base", old)
	}
	replace("name varchar(50)", "name varchar(100)")
	replace("DEFAULT CURRENT_TIMESTAMP", "DEFAULT (datetime('now'))")
	replace("ON DELETE CASCADE", "ON DELETE SET NULL")
	replace("(user_id) WHERE deleted_at IS NULL", "(user_id) WHERE deleted_at IS NOT NULL")
	replace("SELECT id, title FROM posts", "SELECT id, title, user_id FROM posts")
	replace("AFTER INSERT ON users", "AFTER UPDATE ON users")
	b := build(t, changed...)
	got := schema.Diff(a, b)
	want := []string{
		"changed foreign key posts.FOREIGN KEY (user_id) REFERENCES users (id): on delete: CASCADE -> SET NULL",
		"changed index posts.posts_live_idx: where: deleted_at IS NULL -> deleted_at IS NOT NULL",
		"changed column users.created_at: default: CURRENT_TIMESTAMP -> datetime('now')",
		"changed column users.name: type: VARCHAR(50) -> VARCHAR(100)",
		"changed view live_posts: definition: SELECT id, title FROM posts WHERE deleted_at IS NULL -> SELECT id, title, user_id FROM posts WHERE deleted_at IS NULL",
		"changed trigger users.users_touch: definition: CREATE TRIGGER users_touch AFTER INSERT ON users BEGIN UPDATE users SET created_at = CURRENT_TIMESTAMP WHERE id = NEW.id; END -> CREATE TRIGGER users_touch AFTER UPDATE ON users BEGIN UPDATE users SET created_at = CURRENT_TIMESTAMP WHERE id = NEW.id; END",
	}
	var gotStr []string
	for _, c := range got {
		gotStr = append(gotStr, c.String())
	}
	if strings.Join(gotStr, "\n") != strings.Join(want, "\n") {
		t.Fatalf("got:\n%s\nwant:\n%s", strings.Join(gotStr, "\n"), strings.Join(want, "\n"))
	}
}
