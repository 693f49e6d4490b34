package mysql_test

import (
	"context"
	"strings"
	"testing"

	"github.com/strata-db/strata/internal/dialect"
	"github.com/strata-db/strata/internal/dialect/mysql"
	"github.com/strata-db/strata/internal/schema"
	"github.com/strata-db/strata/internal/testdb"
)

var tracking = dialect.Tables{History: "schema_migrations", Locks: "migration_locks"}

// build makes a fresh database (each with its own name) from statements
// and inspects it.
func build(t *testing.T, stmts ...string) *schema.Schema {
	t.Helper()
	db := testdb.MySQL(t)
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
	s, err := mysql.Engine{}.Inspect(ctx, conn, tracking)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// base has one of everything MySQL/MariaDB has. MySQL has no partial
// indexes, so the index difference below is in its columns.
var base = []string{
	`CREATE TABLE users (
		id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
		email VARCHAR(255) NOT NULL,
		name VARCHAR(50),
		created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP,
		email_lower VARCHAR(255) AS (LOWER(email)) STORED,
		UNIQUE KEY users_email (email),
		CONSTRAINT name_len CHECK (CHAR_LENGTH(name) > 1)
	) ENGINE=InnoDB`,
	`CREATE TABLE posts (
		id INT NOT NULL AUTO_INCREMENT PRIMARY KEY,
		user_id BIGINT,
		title VARCHAR(200),
		deleted_at DATETIME,
		KEY posts_user (user_id, deleted_at),
		KEY posts_title (title(20) DESC),
		CONSTRAINT posts_user_fk FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
	) ENGINE=InnoDB`,
	`CREATE VIEW live_posts AS SELECT id, title FROM posts WHERE deleted_at IS NULL`,
	"CREATE FUNCTION title_of(p INT) RETURNS VARCHAR(200) READS SQL DATA RETURN (SELECT title FROM posts WHERE id = p)",
	"CREATE PROCEDURE purge_posts(IN days INT) DELETE FROM posts WHERE deleted_at < NOW() - INTERVAL days DAY",
	"CREATE TRIGGER users_touch BEFORE INSERT ON users FOR EACH ROW SET NEW.name = TRIM(NEW.name)",
}

func TestInspectModel(t *testing.T) {
	s := build(t, base...)
	users, posts := s.Table("users"), s.Table("posts")
	if users == nil || posts == nil {
		t.Fatalf("tables: %+v", s.Tables)
	}
	checks := map[string]bool{
		"auto_increment":    users.Column("id").Identity == "AUTO_INCREMENT",
		"on update":         strings.EqualFold(users.Column("created_at").OnUpdate, "current_timestamp()"),
		"generated":         strings.HasSuffix(users.Column("email_lower").Generated, " STORED"),
		"collation":         users.Column("email").Collation != "",
		"primary key":       users.PrimaryKey != nil && users.PrimaryKey.Columns[0] == "id",
		"unique as index":   len(users.Indexes) == 1 && users.Indexes[0].Unique,
		"check":             len(users.Checks) == 1 && users.Checks[0].Name == "name_len",
		"fk":                len(posts.ForeignKeys) == 1 && posts.ForeignKeys[0].OnDelete == "CASCADE" && posts.ForeignKeys[0].RefTable == "users",
		"prefix desc index": strings.Join(index(posts, "posts_title").Columns, ",") == "title(20) DESC",
		"view unqualified":  len(s.Views) == 1 && !strings.Contains(s.Views[0].Definition, "strata_test_"),
		"routines":          len(s.Functions) == 2,
		"trigger":           len(s.Triggers) == 1,
		"engine":            users.Options["engine"] == "InnoDB",
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
		for _, v := range s.Views {
			t.Logf("%+v", *v)
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

// Two databases of different names built alike compare equal: the
// database name is no part of any object's identity or definition.
func TestIdenticalSchemasHaveNoDifferences(t *testing.T) {
	a := build(t, base...)
	b := build(t, append(base,
		`CREATE TABLE schema_migrations (id BIGINT AUTO_INCREMENT PRIMARY KEY, version VARCHAR(255))`,
		`CREATE TABLE migration_locks (lock_key VARCHAR(255) PRIMARY KEY)`)...)
	if d := schema.Diff(a, b); len(d) != 0 {
		t.Fatalf("identical builds differ: %v", d)
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
	replace("name VARCHAR(50)", "name VARCHAR(100)")
	replace("title VARCHAR(200),", "title VARCHAR(200) DEFAULT 'untitled',")
	replace("ON DELETE CASCADE", "ON DELETE SET NULL")
	replace("KEY posts_user (user_id, deleted_at)", "KEY posts_user (user_id)")
	replace("SELECT id, title FROM posts", "SELECT id, title, user_id FROM posts")
	replace("SELECT title FROM posts WHERE id = p", "SELECT UPPER(title) FROM posts WHERE id = p")
	replace("SET NEW.name = TRIM(NEW.name)", "SET NEW.name = LTRIM(NEW.name)")
	b := build(t, changed...)
	var got []string
	for _, c := range schema.Diff(a, b) {
		got = append(got, c.String())
	}
	want := []string{
		"changed column posts.title: default: (none) -> 'untitled'",
		"changed foreign key posts.posts_user_fk: on delete: CASCADE -> SET NULL",
		"changed index posts.posts_user: columns: user_id, deleted_at -> user_id",
		"changed column users.name: type: varchar(50) -> varchar(100)",
		"changed view live_posts: definition: ",
		"changed function title_of(p int(11)): body: ",
		"changed trigger users.users_touch: definition: BEFORE INSERT ON users FOR EACH ROW SET NEW.name = TRIM(NEW.name) -> BEFORE INSERT ON users FOR EACH ROW SET NEW.name = LTRIM(NEW.name)",
	}
	if len(got) != len(want) {
		t.Fatalf("got %d changes, want %d:\n%s", len(got), len(want), strings.Join(got, "\n"))
	}
	for i := range got {
		if !strings.HasPrefix(got[i], want[i]) {
			t.Errorf("change %d:\n got %s\nwant %s…", i, got[i], want[i])
		}
	}
}

// The same schema reached another way (created bare, then altered) shows
// no difference.
func TestSameSchemaOtherPathHasNoDifferences(t *testing.T) {
	a := build(t,
		`CREATE TABLE users (id BIGINT NOT NULL PRIMARY KEY, email VARCHAR(100) NOT NULL, KEY users_email (email))`,
		`CREATE VIEW v AS SELECT id FROM users`)
	b := build(t,
		`CREATE TABLE users (id BIGINT NOT NULL)`,
		`ALTER TABLE users ADD COLUMN email VARCHAR(50)`,
		`ALTER TABLE users MODIFY email VARCHAR(100) NOT NULL`,
		`ALTER TABLE users ADD PRIMARY KEY (id)`,
		`CREATE INDEX users_email ON users (email)`,
		"CREATE VIEW `v` AS\n  SELECT id\n  FROM users")
	if d := schema.Diff(a, b); len(d) != 0 {
		t.Fatalf("differences: %v", d)
	}
}

// An index hidden from the optimizer by hand (MariaDB 10.6 IGNORED, MySQL
// 8 INVISIBLE) keeps its definition but changes every plan that used it:
// it is a difference.
func TestIgnoredIndexIsADifference(t *testing.T) {
	a := build(t, base...)
	hide := "ALTER TABLE posts ALTER INDEX posts_user IGNORED"
	if a.Server != "" && !strings.HasPrefix(a.Server, "MariaDB") {
		hide = "ALTER TABLE posts ALTER INDEX posts_user INVISIBLE"
	}
	b := build(t, append(base, hide)...)
	var got []string
	for _, c := range schema.Diff(a, b) {
		got = append(got, c.String())
	}
	if want := "changed index posts.posts_user: visible: true -> false"; strings.Join(got, "\n") != want {
		t.Fatalf("got %q, want %q", got, want)
	}
}
